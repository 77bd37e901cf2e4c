"""Every simulated submission in examples/ scores as its header says.

Correct variants get full marks; each mistake loses points on the questions it names,
with the named hint id on a failing check, and keeps full marks everywhere else. This is
how the hidden checks are tested against wrong implementations, not only the reference.
"""

from __future__ import annotations

import pytest

from autograder import checks
from autograder.checks.framework import SECRET_ENV, solutions_dir
from autograder.course.examples import examples
from autograder.grading import Grader
from autograder.submission import Cell, Submission

ALL = [ex for aid in checks.assignment_ids() for ex in examples(aid)]
TASK = {"ps1_softmax_loss": "task1", "ps2_backward_passes": "task2", "ps3_hidden_error": "task3",
        "ps4_two_layer_net": "task4"}


def tagged(items, name=lambda e: f"{e.assignment}/{e.name}"):
    """pytest params marked with their assignment's task marker (`pytest -m task2`)."""
    return [pytest.param(e, id=name(e), marks=getattr(pytest.mark, TASK.get(e.assignment, "quiz"))) for e in items]


def grade_reference(aid: str):
    source = (solutions_dir() / f"{aid}.py").read_text(encoding="utf-8")
    return Grader(checks.get(aid)).grade(Submission([Cell("<reference>", source)], module_name="submission"))


@pytest.mark.parametrize("aid", [a for a in checks.assignment_ids() if a.startswith("ps")])
def test_reference_gets_full_marks(aid):
    report = grade_reference(aid)
    failing = {q: [c.name for c in r.checks if not c.passed]
               for q, r in report.questions.items() if r.score < r.max_score}
    assert not failing, failing
    assert report.errors == []
    assert report.score == report.max_score == checks.get(aid).max_score > 0


@pytest.mark.parametrize("example", tagged(ALL))
def test_example_scores_as_declared(example):
    assert_scores_as_declared(example)


@pytest.mark.slow
@pytest.mark.parametrize("course_secret", ["a course's secret", "another course's secret"])
@pytest.mark.parametrize("example", tagged([e for e in ALL if e.assignment.startswith("ps")]))
def test_example_scores_as_declared_with_any_secret(example, course_secret, monkeypatch):
    """The hidden inputs are drawn from the course's secret: every correct way keeps full marks
    and every mistake shows whatever the draw (an all-positive ReLU input once hid `out = x`)."""
    monkeypatch.setenv(SECRET_ENV, course_secret)
    assert_scores_as_declared(example)


def assert_scores_as_declared(example) -> None:
    assignment = checks.get(example.assignment)
    report = Grader(assignment).grade(example.submission())
    assert not [e for e in report.errors if "internal grader error" in e], report.errors
    if example.zero:  # a do-nothing submission: no point anywhere, however few checks are about values
        earned = {qid: [c.name for c in r.checks if c.passed] for qid, r in report.questions.items() if r.score}
        assert report.score == 0 and not earned, earned
        return
    for qid, result in report.questions.items():
        if example.full or qid not in example.expected:
            lost = [(c.name, c.message, c.hint_id) for c in result.checks if not c.passed]
            assert result.score == result.max_score, f"{qid} should keep full marks, lost: {lost}"
            continue
        expected = example.expected[qid]
        assert result.score < result.max_score, f"{qid} should lose points ({example.why})"
        if expected != "fail":
            hints = {c.hint_id for c in result.checks if not c.passed}
            assert expected in hints, f"{qid}: expected hint {expected!r}, failing checks gave {hints}"
    unknown = set(example.expected) - set(report.questions)
    assert not unknown, f"example names questions that do not exist: {unknown}"


def test_every_assignment_has_examples_for_its_hints():
    for aid in checks.assignment_ids():
        if not aid.startswith("ps"):
            continue
        exs = examples(aid)
        assert any(e.full for e in exs), f"{aid}: no correct variant"
        assert any(not e.full and not e.zero for e in exs), f"{aid}: no mistake"
        assert any(e.zero for e in exs), f"{aid}: no do-nothing submission (expect: zero)"


NOTEBOOK_SAMPLE = [e for aid in checks.problem_set_ids() for e in
                   [x for x in examples(aid) if x.full][:1] + [x for x in examples(aid) if not x.full][::8]]


@pytest.mark.parametrize("example", tagged(NOTEBOOK_SAMPLE))
def test_the_same_code_in_a_notebook_scores_the_same(example):
    """What a student writes in the released notebook's solution cells is graded exactly as the
    same code handed in as a module (cells run in order, visible test cells left out)."""
    from autograder.course.build import build_notebook, stub_source
    from autograder.course.demo import fill
    from autograder.submission import from_notebook

    released = build_notebook(example.assignment)
    for cell in released.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = stub_source(cell.source)
    reference = (solutions_dir() / f"{example.assignment}.py").read_text(encoding="utf-8")
    assignment = checks.get(example.assignment)
    as_notebook = Grader(assignment).grade(from_notebook(fill(released, reference + "\n" + example.source())))
    as_module = Grader(assignment).grade(example.submission())
    assert {q: r.score for q, r in as_notebook.questions.items()} == \
        {q: r.score for q, r in as_module.questions.items()}
