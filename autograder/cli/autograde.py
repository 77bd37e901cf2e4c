"""`backprop-lab autograde ASSIGNMENT`: grade a class in parallel, then record it with nbgrader."""

from __future__ import annotations

HELP = "grade every submission of an assignment in parallel, then record the grades with `nbgrader autograde`"


def add_arguments(p) -> None:
    p.add_argument("assignment")
    p.add_argument("--course", default=".", help="course directory (with nbgrader_config.py)")
    p.add_argument("--jobs", type=int, default=0, help="parallel graders (default: number of cores)")


def run(args, parser) -> int:
    from autograder.course.autograde import autograde

    return autograde(args.assignment, args.course, jobs=args.jobs)
