"""`backprop-lab list`: the assignments, their questions and points."""

from __future__ import annotations

HELP = "list the assignments and their questions"


def add_arguments(p) -> None:
    pass


def run(args, parser) -> int:
    from autograder import checks

    for aid in checks.assignment_ids():
        a = checks.get(aid)
        print(f"{aid}  ({a.max_score:g} points)")
        for q in a.questions.values():
            print(f"  {q.id:28s} {q.max_score:g}")
    return 0
