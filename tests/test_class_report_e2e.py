"""`backprop-lab report` on a whole (small) course: every assignment and a quiz, handed in as an
LMS download, collected with `nbgrader zip_collect` and graded with `backprop-lab autograde`
(then nbgrader), as in the demo. The report's numbers must be the gradebook's and
`backprop-lab check --json`'s, and the page must open in a browser without asking any host
for anything."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from autograder import checks
from autograder.checks.framework import solutions_dir
from autograder.cli import main as cli_main
from autograder.course.autograde import CACHE, autograde
from autograder.course.build import notebook_assignments
from autograder.course.demo import fill, nbgrader, quiz_class, submit
from autograder.course.examples import examples
from autograder.course.init import init_course

pytestmark = [pytest.mark.slow]
QUIZ = "quiz_1_loss_backprop"
UNREADABLE = b"\x89PNG this is not a notebook {"
ARTIFACTS = Path(os.environ.get("BACKPROP_LAB_ARTIFACTS", Path(__file__).resolve().parents[1] / "test-artifacts"))


def problem_set_class(aid: str, released) -> tuple[dict, dict]:
    """A handful of students: the reference, a known mistake, a blank notebook, a hang (ps1) or a
    crash in the first question, an unreadable file; `eun` hands in every other assignment."""
    reference = (solutions_dir() / f"{aid}.py").read_text(encoding="utf-8")
    mistake = next(e for e in examples(aid) if not e.full and any(h != "fail" for h in e.expected.values()))
    first = next(iter(checks.get(aid).questions))
    broken = ("\ndef {q}(*args, **kwargs):\n    while True:\n        pass\n" if aid == "ps1_softmax_loss"
              else "\nimport os\ndef {q}(*args, **kwargs):\n    os._exit(1)\n").format(q=first)
    students = {
        "ahn": fill(released, reference),
        "baek": fill(released, reference + "\n" + mistake.source()),
        "cho": nbformat.from_dict(released),
        "choi": fill(released, reference + broken),
        "dong": UNREADABLE,
    }
    if notebook_assignments().index(aid) % 2 == 0:
        students["eun"] = fill(released, reference)
    return {s: ("", c) for s, c in students.items()}, {"mistake": mistake, "first": first}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    init_course(root)
    plan = {}
    for aid in [*notebook_assignments(), QUIZ]:
        nbgrader(root, "generate_assignment", aid, "--force")  # writes release/<aid>/ too
        released = nbformat.read(root / "release" / aid / f"{aid}.ipynb", as_version=4)
        if aid == QUIZ:
            students, info = quiz_class(QUIZ, released), {}
            students["dong"] = ("unreadable", UNREADABLE)
        else:
            students, info = problem_set_class(aid, released)
        submit(root, aid, students)
        autograde(aid, root, jobs=2)
        plan[aid] = (students, info)
    (root / CACHE / "ps2_backward_passes--ahn.json").unlink()  # the report grades it again
    out = root / "class-report"
    assert cli_main(["report", "--course", str(root), "--out", str(out), "--names", "--workers", "2"]) == 0
    return root, out, plan, json.loads((out / "report.json").read_text(encoding="utf-8"))


def gradebook(root: Path) -> dict[str, dict[str, dict[str, float]]]:
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, dict[str, float]]] = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "backprop-lab") as gb:
        for assignment in gb.assignments:
            for submission in gb.assignment_submissions(assignment.name):
                row = out.setdefault(assignment.name, {}).setdefault(submission.student_id, {})
                for nb in submission.notebooks:
                    for grade in nb.grades:
                        row[grade.name] = grade.score
                assert sum(row.values()) == pytest.approx(submission.score)
    return out


def check_json(root: Path, aid: str, student: str, capsys) -> dict:
    path = root / "submitted" / student / aid / f"{aid}.ipynb"
    assert cli_main(["check", aid, str(path), "--json", "--student", student]) == 0
    return json.loads(capsys.readouterr().out)


def test_numbers_equal_the_gradebook_and_check(course, capsys):
    root, _, plan, data = course
    recorded = gradebook(root)
    assert set(data["assignments"]) == {*notebook_assignments(), QUIZ}
    for aid, (students, _) in plan.items():
        section = data["assignments"][aid]
        assert section["students"] == len(students) == len(section["scores"])
        assert section["max_score"] == checks.get(aid).max_score
        for student in students:
            checked = check_json(root, aid, student, capsys)
            in_gradebook = recorded.get(aid, {}).get(student)
            assert in_gradebook is not None, f"{aid}/{student} is not in the gradebook"
            assert section["scores"][student] == pytest.approx(sum(in_gradebook.values()), abs=1e-9)
            assert section["scores"][student] == pytest.approx(checked["score"], abs=1e-9)
            for qid, q in checked["questions"].items():
                got = section["questions"][qid]["scores"][student]
                assert got == pytest.approx(in_gradebook[qid], abs=1e-9) and got == pytest.approx(q["score"])
        totals = [sum(recorded[aid][s].values()) for s in students]
        assert section["summary"]["mean"] == pytest.approx(sum(totals) / len(totals), abs=1e-6)
        assert section["summary"]["full"] == sum(t == section["max_score"] for t in totals)
        for qid, q in section["questions"].items():
            lost = sum(recorded[aid][s][qid] < checks.get(aid).questions[qid].max_score for s in students)
            assert q["lost"] == lost
        everyone = {s for students, _ in plan.values() for s in students}
        assert section["missing"] == sorted(everyone - set(students))
    assert "eun" in data["assignments"]["ps2_backward_passes"]["missing"]


def test_mistakes_faults_and_blanks_are_told_apart(course):
    _, _, plan, data = course
    for aid, (_, info) in plan.items():
        if aid == QUIZ:
            continue
        questions = data["assignments"][aid]["questions"]
        for qid, hint in info["mistake"].expected.items():
            if hint != "fail":
                assert "baek" in questions[qid]["hints"].get(hint, []), f"{aid}/{qid}: {hint}"
        fault = "hang" if aid == "ps1_softmax_loss" else "crash"
        assert questions[info["first"]]["faults"].get(fault) == ["choi"]
        for q in questions.values():
            assert "dong" in q["faults"]["unreadable"]
            assert "cho" in q["errors"]["not-implemented"]  # a blank notebook is not a fault
            assert "ahn" not in json.dumps([q["hints"], q["faults"], q["errors"]])
            assert not any("cho" in who for who in q["faults"].values())
            assert not any("baek" in who for who in q["faults"].values())
    across = data["across"]
    assert "baek" in across["students_hints"]
    for info in across["hints"].values():
        assert info["topic"] in across["topics"] and info["lecture"] in across["lectures"]


def test_quiz_item_analysis(course, capsys):
    root, _, plan, data = course
    section = data["assignments"][QUIZ]
    for q in section["questions"].values():
        assert sorted(q["right"] + q["blank"] + q["wrong"]) == sorted(plan[QUIZ][0])
        assert "ahn" in q["right"] and "cho" in q["blank"] and "choi" in q["wrong"] and "dong" in q["wrong"]
        assert q["difficulty"] == pytest.approx(len(q["right"]) / len(plan[QUIZ][0]), abs=1e-6)
        assert q["discrimination"] is not None and -1 <= q["discrimination"] <= 1
        if q["type"] == "choice":
            # ahn and baek (first 15) answered their own variant right; chung copied ahn's letters
            assert q["choices"][str(q["answer"])] >= 1
            assert sum(q["choices"].values()) <= 3


def test_aliases_hide_every_student_id(course):
    root, _, plan, _ = course
    out = root / "class-report-shared"
    assert cli_main(["report", "--course", str(root), "--out", str(out)]) == 0
    text = "".join(p.read_text(encoding="utf-8") for p in out.iterdir())
    students = {s for students, _ in plan.values() for s in students}
    for student in students:
        assert f'"{student}"' not in text and f">{student}<" not in text and f"\n{student}," not in text


@pytest.mark.system
def test_the_page_opens_offline_and_shows_everything(course, browser):
    from selenium.webdriver.common.by import By

    _, out, _, data = course
    browser.get_log("performance")  # drop what the browser asked for before the page (its own start page)
    browser.get((out / "report.html").as_uri())
    assert "Class report" in browser.title
    for aid, section in data["assignments"].items():
        assert browser.find_element(By.ID, f"a-{aid}").is_displayed()
        shown = {e.get_attribute("data-question")
                 for e in browser.find_elements(By.CSS_SELECTOR, f"#a-{aid} .question")}
        assert shown == set(section["questions"])
    images = browser.find_elements(By.CSS_SELECTOR, "img.plot")
    assert len(images) >= 2 * len(data["assignments"])
    for image in images:
        assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) > 0
    page = (out / "report.html").as_uri()
    sent = [m["params"] for m in (json.loads(e["message"])["message"] for e in browser.get_log("performance"))
            if m["method"] == "Network.requestWillBeSent"]
    ours = [p["request"]["url"] for p in sent if p.get("documentURL") == page]
    assert page in ours  # the log does record the page's own requests ...
    assert all(url.startswith(("file:", "data:")) for url in ours), ours  # ... and they ask no host
    network = [p["request"]["url"] for p in sent if p["request"]["url"].startswith(("http", "ws", "ftp"))]
    assert not network, network  # nor does anything else in the browser meanwhile
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "class-report.png"))
    browser.set_window_size(390, 844)  # a phone: nothing wider than the screen but the tables' own scrollers
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    browser.save_screenshot(str(ARTIFACTS / "class-report-phone.png"))
