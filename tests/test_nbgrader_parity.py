"""For every assignment, stock `nbgrader autograde` in a `backprop-lab init` course records
exactly what `backprop-lab check` gives on the same notebooks (problem sets and quizzes)."""

from __future__ import annotations

import nbformat
import pytest

from autograder import checks
from autograder.checks.quizzes import quiz_ids
from autograder.course.build import notebook_assignments
from autograder.course.demo import class_for, gradebook_scores, nbgrader, quiz_class, submit
from autograder.course.init import init_course
from autograder.grading import grade_path

pytestmark = pytest.mark.slow
ASSIGNMENTS = [a for a in notebook_assignments() if a != "ps1_softmax_loss"] + quiz_ids()[:1]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("parity")
    init_course(root)
    return root


@pytest.mark.parametrize("aid", ASSIGNMENTS)
def test_nbgrader_records_what_check_gives(course, aid):
    nbgrader(course, "generate_assignment", aid, "--force")
    released = nbformat.read(course / "release" / aid / f"{aid}.ipynb", as_version=4)
    if aid.startswith("quiz"):
        students = quiz_class(aid, released)
    else:
        everyone = class_for(aid, released, course)
        wanted = ("reference solution", "blank (as released)", "cheat", "unreadable notebook")
        mistakes = [s for s, (what, _) in everyone.items() if what.startswith("mistake")][:2]
        students = {s: v for s, v in everyone.items() if v[0].startswith(wanted) or s in mistakes}
    submit(course, aid, students)
    nbgrader(course, "autograde", aid, "--force", check=False)
    recorded = gradebook_scores(course, aid)
    totals = {}
    for student in students:
        report = grade_path(aid, course / "submitted" / student / aid / f"{aid}.ipynb", student_id=student)
        for qid, q in report.questions.items():
            assert (recorded.get(student, {}).get(qid) or 0) == pytest.approx(q.score), (student, qid)
        totals[student] = report.score
    assignment = checks.get(aid)
    assert max(totals.values()) == assignment.max_score
    assert 0 < sorted(totals.values())[len(totals) // 2] or aid.startswith("quiz")
    if aid.startswith("quiz"):
        assert sorted(totals.values()) == pytest.approx(sorted([25, 18, 7.5, 0, totals["chung"]]))
