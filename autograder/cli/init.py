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
