"""What a student's exception says about the mistake behind it.

An exception inside a check is evidence too: a matrix product whose shapes do not fit is the
`transpose` mistake wherever the check's inputs have shapes that fit the right formula (the checks
use non-square shapes, so a missing or misplaced transpose fails loudly instead of silently).
"""

from __future__ import annotations

from contextlib import contextmanager

from autograder.checks.framework import Fail
from autograder.sandbox.client import StudentError

# What NumPy says when the factors of a product do not fit.
MATMUL_ERRORS = ("matmul", "not aligned", "could not be broadcast", "mismatch in its core dimension")


def is_product_shape_error(exc: StudentError) -> bool:
    return exc.type == "ValueError" and any(text in exc.message for text in MATMUL_ERRORS)


@contextmanager
def product_shape_error_means_transpose(t):
    """A ValueError from a matrix product whose shapes do not fit is the `transpose` mistake."""
    try:
        yield
    except StudentError as exc:
        if not is_product_shape_error(exc):
            raise
        raise Fail(f"행렬 곱의 모양이 맞지 않습니다 ({exc.type}: {exc.message[:300]})",
                   f"the shapes of a matrix product do not fit ({exc.type}: {exc.message[:300]})",
                   "transpose") from None
