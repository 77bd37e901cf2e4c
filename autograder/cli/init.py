"""`backprop-lab init DIR`: an nbgrader course that grades with backprop-lab."""

from __future__ import annotations

import sys

HELP = "create an nbgrader course that grades with backprop-lab"


def add_arguments(p) -> None:
    from autograder.course.defaults import DEFAULT_EXCHANGE, STUDENTS_CONFIG_PATH  # not course.init: nbgrader

    p.add_argument("directory")
    p.add_argument("--course-id", default="backprop-lab", help="nbgrader course id (default: backprop-lab)")
    p.add_argument("--force", action="store_true",
                   help="rebuild source notebooks that exist (nbgrader_config.py is never overwritten)")
    p.add_argument("--db", metavar="URL", default=None,
                   help="gradebook SQLAlchemy URL, e.g. postgresql://user:password@host/dbname "
                        "(needs backprop-lab[postgres]); default: SQLite gradebook.db in DIR")
    p.add_argument("--exchange", metavar="PATH", default=None,
                   help=f"nbgrader exchange that students fetch from and submit to (default: {DEFAULT_EXCHANGE}; "
                        "created world-writable, which needs root once)")
    p.add_argument("--students-config", metavar="PATH", default=None,
                   help=f"also write the students' nbgrader configuration to PATH (as root: {STUDENTS_CONFIG_PATH}), "
                        "or '-' to print it; a copy is always written to DIR/students_nbgrader_config.py")


def run(args, parser) -> int:
    from pathlib import Path

    from autograder.course.init import DEFAULT_EXCHANGE, InitError, init_course

    exchange = args.exchange
    if exchange is None and not (Path(args.directory) / "nbgrader_config.py").exists():
        exchange = DEFAULT_EXCHANGE  # a new course: the exchange students can reach
    try:
        init_course(args.directory, course_id=args.course_id, force=args.force, db_url=args.db,
                    exchange=exchange, students_config=args.students_config)
    except InitError as error:
        print(f"backprop-lab init: {error}", file=sys.stderr)
        return 1
    print(sandbox_status())
    return 0


def sandbox_status() -> str:
    """What confines student code on this machine, and how to get the real box if it is missing."""
    from autograder.sandbox import box

    why_not = box.box_works()
    if not why_not:
        return (f"sandbox: bubblewrap box ({box.bwrap_path()}): student code runs in its own PID, network, IPC "
                "and UTS namespaces, sees only the Python installation, writes only a size-limited tmpfs")
    return (f"!!! sandbox: no bubblewrap box here ({why_not}). Student code is confined only by Landlock, an "
            "audit hook and resource limits, and every report says so. Install bubblewrap on the grading "
            "machine: `sudo apt-get install bubblewrap` (Debian/Ubuntu), `sudo dnf install bubblewrap` (Fedora); "
            "on macOS grade in a Linux container or VM. See README, 'Security'.")
