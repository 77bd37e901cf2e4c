"""`CompiledCheckCellMetadata` accepts and rejects exactly what nbgrader's `CheckCellMetadata`
does, with the same exception type and message."""

from __future__ import annotations

import copy

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from nbgrader.nbgraderformat import SchemaTooNewError, SchemaTooOldError, ValidationError
from nbgrader.preprocessors import CheckCellMetadata

from autograder.nbgrader_plugin.metadata import CompiledCheckCellMetadata


def meta(**overrides) -> dict:
    base = {"grade": True, "solution": False, "locked": True, "grade_id": "q1", "points": 2.0,
            "schema_version": 3}
    base.update(overrides)
    return {"nbgrader": base}


def notebook(*cells) -> nbformat.NotebookNode:
    return new_notebook(cells=list(cells))


CASES = {
    "valid": notebook(new_code_cell("x = 1", metadata=meta()),
                      new_code_cell("y", metadata=meta(grade_id="q2", grade=False, solution=True, locked=False))),
    "points not a number": notebook(new_code_cell("x", metadata=meta(points="two"))),
    "unknown key": notebook(new_code_cell("x", metadata=meta(surprise=1))),
    "grade is a string": notebook(new_code_cell("x", metadata=meta(grade="yes"))),
    "no grade id": notebook(new_code_cell("x", metadata={"nbgrader": {k: v for k, v in meta()["nbgrader"].items()
                                                                      if k != "grade_id"}})),
    "empty grade id": notebook(new_code_cell("x", metadata=meta(grade_id=""))),
    "duplicate ids": notebook(new_code_cell("x", metadata=meta()), new_code_cell("y", metadata=meta())),
    "markdown grade without solution": notebook(new_markdown_cell("x", metadata=meta())),
    "schema too old": notebook(new_code_cell("x", metadata=meta(schema_version=1))),
    "schema too new": notebook(new_code_cell("x", metadata=meta(schema_version=9))),
}


def outcome(preprocessor, nb):
    try:
        preprocessor.preprocess(copy.deepcopy(nb), {})
    except Exception as exc:
        return type(exc), str(exc)
    return None


@pytest.mark.parametrize("case", sorted(CASES))
def test_same_verdict_as_nbgrader(case):
    nb = CASES[case]
    expected = outcome(CheckCellMetadata(), nb)
    assert outcome(CompiledCheckCellMetadata(), nb) == expected
    if case == "valid":
        assert expected is None
    else:
        assert expected is not None and expected[0] in (ValidationError, SchemaTooOldError, SchemaTooNewError)
