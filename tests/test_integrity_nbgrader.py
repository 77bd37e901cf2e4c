"""Issue #10 through nbgrader: zip_collect → `nbgrader autograde` → `generate_feedback`, and
the feedback and formgrader's view of an attacking notebook opened in headless Chromium.

The gradebook must agree with `backprop-lab check` (same course secret) for duplicated,
deleted and re-ordered test cells; a do-nothing notebook scores 0; files an LMS archive
cannot attribute are reported, never written elsewhere; student HTML runs no script; quiz
keys appear only once the due date in the gradebook has passed.
"""

from __future__ import annotations

import http.server
import shutil
import threading
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output, new_raw_cell

from autograder.checks import framework
from autograder.checks.framework import solutions_dir
from autograder.course.demo import fill, gradebook_scores, nbgrader
from autograder.course.examples import EXAMPLES_DIR
from autograder.course.init import init_course
from autograder.grading import grade_path
from tests.support.components import free_port

pytestmark = [pytest.mark.slow, pytest.mark.task1]
AID = "ps1_softmax_loss"
QUIZ = "quiz_1_loss_backprop"


class Hits(http.server.BaseHTTPRequestHandler):
    """Counts requests: any fetch or image load from an attacking page lands here."""

    seen: list[str] = []

    def do_GET(self):  # noqa: N802
        Hits.seen.append(self.path)
        self.send_response(204)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def spy():
    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Hits)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield port
    server.shutdown()


def attack_cells(port: int) -> list:
    beacon = f"http://127.0.0.1:{port}"
    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><script>document.title="PWNED-svg";'
           f'fetch("{beacon}/svg")</script></svg>')
    markdown = new_markdown_cell(
        f'<script>document.title="PWNED-script"; fetch("{beacon}/script")</script>\n\n'
        f'<img src="x" onerror="document.title=\'PWNED-img\'; fetch(\'{beacon}/img\')">\n\n'
        '[click me](javascript:document.title="PWNED-link")\n\n'
        f'<a href="javascript:fetch(\'{beacon}/a\')">or me</a> ![pic](attachment:evil.svg)')
    markdown.attachments = {"evil.svg": {"image/svg+xml": svg}}
    raw = new_raw_cell(f'<script>document.title="PWNED-raw"; fetch("{beacon}/raw")</script>',
                       metadata={"raw_mimetype": "text/html", "format": "text/html"})
    code = new_code_cell("x = 1", outputs=[new_output(
        "display_data", data={"text/html": f'<script>fetch("{beacon}/output")</script><b>bold</b>',
                              "application/javascript": f'fetch("{beacon}/js")', "text/plain": "x"})])
    raising = new_code_cell(  # an exception message with markup ends up in the feedback text
        f"def softmax(a):\n    raise ValueError('<script>fetch(\"{beacon}/error\")</script>')\n")
    return [markdown, raw, code, raising]


def example(name: str) -> str:
    return (EXAMPLES_DIR / AID / f"{name}.py").read_text(encoding="utf-8")


def with_test_cells_moved(nb):
    """One test cell deleted, another moved to the end, a third pasted twice."""
    nb = nbformat.from_dict(nb)
    tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
             and not c.metadata["nbgrader"].get("solution")]
    nb.cells.remove(tests[0])
    nb.cells.remove(tests[1])
    nb.cells.append(tests[1])
    nb.cells.insert(nb.cells.index(tests[2]), nbformat.from_dict(tests[2]))
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory, spy):
    root = tmp_path_factory.mktemp("integrity")
    init_course(root)
    framework.use_course(root)  # check in this test grades with the course's secret, as nbgrader does
    nbgrader(root, "generate_assignment", AID, "--force")
    nbgrader(root, "release_assignment", AID, "--force")
    released = nbformat.read(root / "release" / AID / f"{AID}.ipynb", as_version=4)
    reference = (solutions_dir() / f"{AID}.py").read_text(encoding="utf-8")
    honest = fill(released, reference)
    duplicated = nbformat.from_dict(honest)
    test_cell = next(c for c in duplicated.cells if c.metadata.get("nbgrader", {}).get("grade"))
    duplicated.cells.insert(duplicated.cells.index(test_cell) + 1, nbformat.from_dict(test_cell))
    attacker = fill(released, reference)
    *content, raising = attack_cells(spy)
    attacker.cells[1:1] = content
    attacker.cells.append(raising)
    students = {
        "honest": honest, "dup": duplicated, "moved": with_test_cells_moved(honest), "attacker": attacker,
        "nothing": fill(released, reference + "\n" + example("nothing_returns_none")),
        "wrong": fill(released, reference + "\n" + example("mistake_batch-mean_softmax_loss")),
    }
    archive = root / "downloaded" / AID / "archive"
    for student, nb in students.items():
        (archive / student).mkdir(parents=True)
        nbformat.write(nb, archive / student / f"my work {student}.ipynb")  # the LMS keeps the student's name
    nbformat.write(released, archive / "mallory" / "honest_ps1_softmax_loss.ipynb") if (
        archive / "mallory").mkdir() is None else None  # a file named for honest, in mallory's folder
    nbformat.write(released, archive / f"honest_{AID}.ipynb")  # no folder: whose is it?
    (archive / ".._escape").mkdir()
    nbformat.write(released, archive / ".._escape" / f"{AID}.ipynb")
    collected = nbgrader(root, "zip_collect", AID, "--force")
    nbgrader(root, "autograde", AID, "--force")
    nbgrader(root, "generate_feedback", AID, "--force")
    yield root, students, collected.stdout + collected.stderr
    framework.use_course(None)


def test_zip_collect_attributes_by_folder_and_reports_the_rest(course):
    root, students, log = course
    submitted = {p.name for p in (root / "submitted").iterdir()}
    assert submitted == {*students, "mallory"}
    assert log.count("could not attribute") == 2, log[-3000:]
    assert not (root / AID).exists() and not (root / "downloaded" / AID / AID).exists()
    # honest's notebook is honest's own, not the blank file named after them
    assert "softmax" in (root / "submitted" / "honest" / AID / f"{AID}.ipynb").read_text()


def test_gradebook_agrees_with_check_whatever_happened_to_the_test_cells(course):
    root, students, _ = course
    recorded = gradebook_scores(root, AID)
    for student in [*students, "mallory"]:
        report = grade_path(AID, root / "submitted" / student / AID / f"{AID}.ipynb", student_id=student)
        assert report.notes == []  # graded with the course's secret
        got = recorded[student]
        assert {q: got.get(q) or 0 for q in report.questions} == pytest.approx(
            {q: r.score for q, r in report.questions.items()}), student
    totals = {s: sum(v or 0 for v in scores.values()) for s, scores in recorded.items()}
    assert totals["honest"] == totals["dup"] == totals["moved"] == 18
    assert totals["nothing"] == 0 and totals["mallory"] == 0
    assert 0 < totals["wrong"] < 18
    assert totals["attacker"] == 15  # softmax raises; everything else is the reference


def rendered_formgrader_view(root: Path, student: str) -> Path:
    """formgrader's page for a submission, rendered as its SubmissionHandler does."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    resources = {"assignment_id": AID, "notebook_id": AID, "submission_id": "x", "index": 0, "total": 1,
                 "base_url": "", "student": student, "last_name": None, "first_name": None,
                 "notebook_path": "/x"}
    html, _ = HTMLExporter(config=config).from_filename(
        str(root / "autograded" / student / AID / f"{AID}.ipynb"), resources=resources)
    out = root / f"formgrade-{student}.html"
    out.write_text(html, encoding="utf-8")
    return out


def open_page(browser, page: Path) -> None:
    Hits.seen.clear()
    browser.get(page.as_uri())
    time.sleep(1.5)  # anything scheduled by the page has had its chance


def assert_no_script_ran(browser, page: Path) -> None:
    open_page(browser, page)
    assert "PWNED" not in browser.title
    assert Hits.seen == []
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
    assert not [h for h in links if h.strip().lower().startswith(("javascript:", "vbscript:", "data:"))]
    handlers = browser.execute_script(
        "return Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes))"
        ".filter(a => a.name.startsWith('on')).map(a => a.value)")
    assert not [h for h in handlers if "PWNED" in h or "fetch" in h]  # the page's own buttons may have some
    assert "bold" in browser.page_source  # the student's harmless HTML is still there


@pytest.mark.system
def test_feedback_and_formgrader_run_no_student_script(course, browser):
    root, _, _ = course
    feedback = next((root / "feedback" / "attacker" / AID).glob("*.html"))
    text = feedback.read_text(encoding="utf-8")
    assert "<script>document.title" not in text and "onerror=" not in text
    assert_no_script_ran(browser, feedback)
    assert_no_script_ran(browser, rendered_formgrader_view(root, "attacker"))
    # the control: the same notebook rendered without the sanitiser does run the student's script
    from nbconvert.exporters import HTMLExporter

    html, _ = HTMLExporter().from_filename(str(root / "submitted" / "attacker" / AID / f"{AID}.ipynb"))
    unsanitised = root / "unsanitised.html"
    unsanitised.write_text(html, encoding="utf-8")
    open_page(browser, unsanitised)
    assert "PWNED" in browser.title or Hits.seen


@pytest.fixture(scope="module")
def quiz_course(tmp_path_factory):
    from autograder.course.quizzes import answered

    root = tmp_path_factory.mktemp("quizkeys")
    init_course(root)
    nbgrader(root, "generate_assignment", QUIZ, "--force")
    released = nbformat.read(root / "source" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    folder = root / "submitted" / "kim" / QUIZ
    folder.mkdir(parents=True)
    nbformat.write(answered(released, {1: "'Z'"}), folder / f"{QUIZ}.ipynb")
    return root


def feedback_text(root: Path) -> str:
    nbgrader(root, "autograde", QUIZ, "--force")
    nbgrader(root, "generate_feedback", QUIZ, "--force")
    return next((root / "feedback" / "kim" / QUIZ).glob("*.html")).read_text(encoding="utf-8")


@pytest.mark.quiz
def test_quiz_keys_appear_only_after_the_due_date(quiz_course):
    root = quiz_course
    nbgrader(root, "db", "assignment", "add", QUIZ, "--duedate=2999-01-01 00:00:00 UTC")
    before = feedback_text(root)
    assert "Expected:" not in before and "released" in before
    nbgrader(root, "db", "assignment", "add", QUIZ, "--duedate=2001-01-01 00:00:00 UTC")
    after = feedback_text(root)
    assert "Expected:" in after
    shutil.rmtree(root / "autograded")
