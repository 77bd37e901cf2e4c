"""`backprop-lab check ASSIGNMENT FILE`: grade one notebook or .py module."""

from __future__ import annotations

import json
from pathlib import Path

HELP = "grade one submission (a notebook or a .py module)"


def add_arguments(p) -> None:
    p.add_argument("assignment")
    p.add_argument("submission")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--student", default=None, help="student id (quizzes: selects the variant)")
    p.add_argument("--show-quiz-keys", action="store_true",
                   help="quizzes: show the expected answers and explanations (hidden by default)")


def run(args, parser) -> int:
    from autograder import checks
    from autograder.checks.quizzes import QuizBankError
    from autograder.grading import grade_path

    try:
        known = args.assignment in checks.problem_set_ids() or args.assignment in checks.assignment_ids()
    except QuizBankError as exc:
        parser.error(str(exc))
    if not known:
        parser.error(f"unknown assignment {args.assignment!r}; known: {', '.join(checks.assignment_ids())}")
    if not Path(args.submission).is_file():
        parser.error(f"no such file: {args.submission}")
    try:
        report = grade_path(args.assignment, args.submission, student_id=args.student,
                            show_quiz_keys=args.show_quiz_keys)
    except Exception as exc:  # graded or not, `check` reports what happened and exits 0
        from autograder.executor import GradeJob, fault_report

        report = fault_report(GradeJob(args.assignment, Path(args.submission).name, b""), "internal",
                              f"{type(exc).__name__}: {exc}")
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        from autograder.console import print_report

        print_report(report)
    return 0
