"""`backprop-lab`: the command line. Each verb's work lives in its own module."""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="backprop-lab", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help="grade one submission (a notebook or a .py module)")
    p.add_argument("assignment")
    p.add_argument("submission")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--student", default=None, help="student id (quizzes: selects the variant)")

    p = sub.add_parser("init", help="create an nbgrader course that grades with backprop-lab")
    p.add_argument("directory")
    p.add_argument("--course-id", default="backprop-lab")
    p.add_argument("--force", action="store_true",
                   help="rebuild source notebooks that exist (nbgrader_config.py is never overwritten)")

    p = sub.add_parser("build", help="build the source notebooks (with reference solutions) into a folder")
    p.add_argument("directory")
    p.add_argument("assignments", nargs="*")

    p = sub.add_parser("autograde", help="grade every submission of an assignment in parallel, then "
                                         "record the grades with `nbgrader autograde`")
    p.add_argument("assignment")
    p.add_argument("--course", default=".", help="course directory (with nbgrader_config.py)")
    p.add_argument("--jobs", type=int, default=0, help="parallel graders (default: number of cores)")

    p = sub.add_parser("list", help="list the assignments and their questions")

    args = parser.parse_args(argv)
    if args.command == "check":
        from autograder import checks
        from autograder.grading import grade_path

        if args.assignment not in checks.assignment_ids():
            parser.error(f"unknown assignment {args.assignment!r}; known: {', '.join(checks.assignment_ids())}")
        from pathlib import Path

        if not Path(args.submission).is_file():
            parser.error(f"no such file: {args.submission}")
        report = grade_path(args.assignment, args.submission, student_id=args.student)
        if args.json:
            print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        else:
            from autograder.console import print_report

            print_report(report)
        return 0
    if args.command == "init":
        from autograder.course.init import init_course

        init_course(args.directory, course_id=args.course_id, force=args.force)
        return 0
    if args.command == "build":
        from autograder.course.build import build_all

        build_all(args.directory, args.assignments or None)
        return 0
    if args.command == "autograde":
        from autograder.course.autograde import autograde

        return autograde(args.assignment, args.course, jobs=args.jobs)
    if args.command == "list":
        from autograder import checks

        for aid in checks.assignment_ids():
            a = checks.get(aid)
            print(f"{aid}  ({a.max_score:g} points)")
            for q in a.questions.values():
                print(f"  {q.id:28s} {q.max_score:g}")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
