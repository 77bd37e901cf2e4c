"""`backprop-lab autograde ASSIGNMENT`: grade a class in parallel and record it with nbgrader."""

from __future__ import annotations

import sys

# Before anything imports jsonschema: skip its RFC 3987 grammar (see autograder/nbgrader_plugin).
sys.modules.setdefault("rfc3987_syntax", None)

HELP = ("grade every submission of an assignment in parallel and record the grades with nbgrader's autograde "
        "pipeline, then print a summary")


def add_arguments(p) -> None:
    p.add_argument("assignment")
    p.add_argument("--course", default=".", help="course directory (with nbgrader_config.py)")
    p.add_argument("--student", metavar="ID", help="grade and record only this student (e.g. after "
                   "`nbgrader collect --update`)")
    p.add_argument("--jobs", "--workers", dest="jobs", type=int, default=0,
                   help="parallel graders (default: number of cores)")
    p.add_argument("--dask", metavar="ADDRESS", help="grade on a Dask cluster (scheduler address) instead of locally")


def run(args, parser) -> int:
    try:
        from autograder.course.autograde import autograde

        return autograde(args.assignment, args.course, jobs=args.jobs, student=args.student, dask=args.dask)
    except KeyboardInterrupt:
        print("중단했습니다 / interrupted", file=sys.stderr)
        return 130
