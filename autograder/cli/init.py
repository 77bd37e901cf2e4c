"""`backprop-lab init DIR`: an nbgrader course that grades with backprop-lab."""

from __future__ import annotations

HELP = "create an nbgrader course that grades with backprop-lab"


def add_arguments(p) -> None:
    p.add_argument("directory")
    p.add_argument("--course-id", default="backprop-lab")
    p.add_argument("--force", action="store_true",
                   help="rebuild source notebooks that exist (nbgrader_config.py is never overwritten)")


def run(args, parser) -> int:
    from autograder.course.init import init_course

    init_course(args.directory, course_id=args.course_id, force=args.force)
    return 0
