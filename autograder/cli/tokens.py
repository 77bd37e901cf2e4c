"""`backprop-lab tokens --course DIR STUDENT...`: a token per student for `serve` without JupyterHub."""

from __future__ import annotations

HELP = "issue per-student tokens for `backprop-lab serve` (prints STUDENT TOKEN lines; stores only hashes)"


def add_arguments(p) -> None:
    p.add_argument("students", nargs="+", metavar="STUDENT", help="nbgrader student ids")
    p.add_argument("--course", default=".", help="course directory (with nbgrader_config.py)")


def run(args, parser) -> int:
    import re

    from autograder.service.config import ConfigError, load_config
    from autograder.service.store import Store

    bad = [s for s in args.students if not re.fullmatch(r"[A-Za-z0-9._@-]{1,128}", s)]
    if bad:
        parser.error(f"not a student id: {', '.join(map(repr, bad))} (letters, digits, . _ @ - only)")
    try:
        config = load_config(args.course)
    except ConfigError as exc:
        parser.error(str(exc))
    store = Store(config.db_url, config.course_id)
    try:
        for student in dict.fromkeys(args.students):  # once each, in the order given
            print(f"{student} {store.issue_token(student)}")
    finally:
        store.close()
    return 0
