"""`backprop-lab build DIR [ASSIGNMENT ...]`: the source notebooks, with reference solutions."""

from __future__ import annotations

HELP = "build the source notebooks (with reference solutions) into a folder"


def add_arguments(p) -> None:
    p.add_argument("directory")
    p.add_argument("assignments", nargs="*")


def run(args, parser) -> int:
    from autograder.course.build import build_all

    build_all(args.directory, args.assignments or None)
    return 0
