"""`backprop-lab report [ASSIGNMENT ...]`: the class report (autograder/analytics)."""

from __future__ import annotations

import sys

HELP = "the class report: scores, misconceptions and quiz item analysis (HTML, JSON, CSV)"


def add_arguments(p) -> None:
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="default: every graded assignment")
    p.add_argument("--course", default=".", help="the course folder (where nbgrader_config.py is)")
    p.add_argument("--out", default=None, help="where to write the report (default: COURSE/reports/class)")
    p.add_argument("--names", action="store_true",
                   help="show student ids (default: aliases, so the file can be shared with TAs)")
    p.add_argument("--workers", type=int, default=0, help="submissions graded at once when a report is missing")


def run(args, parser) -> int:
    from autograder.analytics import make_report
    from autograder.analytics.sources import ReportDataError

    try:
        written = make_report(args.course, args.assignments or None, args.out, names=args.names,
                              workers=args.workers)
    except ReportDataError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"학급 보고서 / class report: {written['html']}")
    print(f"  {written['json']}")
    for key, path in written.items():
        if key not in ("html", "json"):
            print(f"  {path}")
    return 0
