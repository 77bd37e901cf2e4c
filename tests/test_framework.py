"""The pieces under the checks: comparisons and hints, the wire format, notebook building."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from autograder import checks
from autograder.checks.framework import Fail, compare
from autograder.course.build import CODE_STUB, build_notebook, notebook_assignments, stub_source
from autograder.sandbox import protocol
from autograder.submission import clean_source


def test_compare_accepts_within_tolerance_and_names_known_mistakes():
    want = np.array([[0.2, 0.8], [0.6, 0.4], [0.5, 0.5]])
    compare(want + 1e-12, want, "x", rtol=1e-7, atol=1e-10)
    with pytest.raises(Fail) as err:
        compare(want * 3, want, "x", rtol=1e-7, atol=1e-10, mistakes={"batch-mean": want * 3})
    assert err.value.hint == "batch-mean"
    with pytest.raises(Fail) as err:
        compare(-want, want, "x", rtol=1e-7, atol=1e-10)
    assert err.value.hint == "sign"
    with pytest.raises(Fail) as err:
        compare(want.T, want, "x", rtol=1e-7, atol=1e-10)
    assert err.value.hint == "shape"
    with pytest.raises(Fail) as err:
        compare(want + 0.1, want, "x", rtol=1e-7, atol=1e-10, mistakes={"batch-mean": want * 3})
    assert err.value.hint is None


@pytest.mark.parametrize("bad", [None, "0.5", {"a": 1}, [1, "x"]])
def test_compare_fails_cleanly_on_non_numbers(bad):
    with pytest.raises(Fail):
        compare(bad, 0.5, "loss", rtol=1e-7, atol=1e-10)


def test_scalars_may_come_as_any_kind_of_number():
    for got in (0.5, np.float64(0.5), np.array(0.5), np.array([0.5]), np.float32(0.5)):
        compare(got, 0.5, "loss", rtol=1e-7, atol=1e-10)


@settings(max_examples=60, deadline=None)
@given(arrays(dtype=st.sampled_from([np.float64, np.int64, np.bool_, np.complex128, np.float32]),
              shape=array_shapes(min_dims=0, max_dims=3, max_side=4)))
def test_arrays_round_trip_exactly(x):
    y = protocol.decode(protocol.encode(x))
    assert y.dtype == x.dtype and y.shape == x.shape
    assert np.array_equal(x, y, equal_nan=x.dtype.kind in "fc")


def test_nested_values_round_trip():
    value = {"W1": np.ones((2, 3)), "t": (1, 2.5, float("nan"), None, "s"), "l": [True, np.float64(3.0)],
             "inf": [np.float64("inf"), -np.inf, np.float32("nan")]}
    back = protocol.decode(protocol.encode(value))
    assert np.array_equal(back["W1"], value["W1"]) and back["t"][:2] == (1, 2.5) and np.isnan(back["t"][2])
    assert back["l"] == [True, 3.0]
    assert back["inf"][:2] == [np.inf, -np.inf] and np.isnan(back["inf"][2])


def test_magics_and_shell_escapes_do_not_break_a_cell():
    cleaned = clean_source("%matplotlib inline\nx = 1\n!pip install foo\ny = 2")
    namespace: dict = {}
    exec(compile(cleaned, "<cell>", "exec"), namespace)
    assert namespace["x"] == 1 and namespace["y"] == 2
    assert clean_source("%%timeit\nx = 1") == ""


@pytest.mark.parametrize("aid", notebook_assignments())
def test_notebooks_build_with_points_from_the_checks(aid):
    nb = build_notebook(aid)
    assignment = checks.get(aid)
    tests = {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"]
             for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}
    assert tests == {q.id: q.max_score for q in assignment.questions.values()}
    solutions = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert solutions and all("### BEGIN SOLUTION" in c.source for c in solutions)
    for cell in solutions:
        stub = stub_source(cell.source)
        assert "raise NotImplementedError()" in stub and "BEGIN SOLUTION" not in stub
        compile(stub, "<stub>", "exec")  # the released stub is valid Python
    assert CODE_STUB.splitlines()[-1] == "raise NotImplementedError()"


@pytest.mark.parametrize("aid", notebook_assignments())
def test_released_stubs_score_zero(aid):
    from autograder.grading import Grader
    from autograder.submission import from_notebook

    nb = build_notebook(aid)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = stub_source(cell.source)
    report = Grader(checks.get(aid)).grade(from_notebook(nb))
    assert report.score == 0, {q: r.score for q, r in report.questions.items() if r.score}
    hints = {c.hint_id for q in report.questions.values() for c in q.checks if c.hint_id}
    assert hints == set(), f"a blank stub is not a mistake, yet got hints {hints}"


@pytest.mark.parametrize("aid", notebook_assignments())
def test_reference_notebook_gets_full_marks(aid):
    from autograder.grading import Grader
    from autograder.submission import from_notebook

    report = Grader(checks.get(aid)).grade(from_notebook(build_notebook(aid)))
    assert report.score == report.max_score, report.text()
