"""Hidden checks, one module per problem set, plus the quizzes of the bank.

`get(aid)` finds an assignment by its id (the nbgrader assignment name).
"""

from __future__ import annotations

import importlib
import pkgutil

from autograder.checks.framework import Assignment


def problem_set_ids() -> list[str]:
    import autograder.checks as pkg

    return sorted(m.name for m in pkgutil.iter_modules(pkg.__path__) if m.name.startswith("ps"))


def assignment_ids() -> list[str]:
    from autograder.checks.quizzes import quiz_ids

    return problem_set_ids() + quiz_ids()


def get(assignment_id: str) -> Assignment:
    if assignment_id in problem_set_ids():
        module = importlib.import_module(f"autograder.checks.{assignment_id}")
        module.ASSIGNMENT.module = module.__name__
        return module.ASSIGNMENT
    from autograder.checks.quizzes import quiz_assignment, quiz_ids

    if assignment_id in quiz_ids():
        assignment = quiz_assignment(assignment_id)
        assignment.module = "autograder.checks.quizzes"
        return assignment
    raise KeyError(assignment_id)
