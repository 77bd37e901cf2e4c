"""What a person sees, in headless Chromium: the released quiz notebook (run as a student would
on JupyterHub, as nbconvert HTML), the feedback pages and formgrader.

Checked: the text is there, no message box scrolls sideways (values wrap), the page itself does
not scroll sideways, and the math of quiz questions and explanations is typeset by our own
output (MathML, drawn by the browser; nbgrader's pages would need MathJax from a CDN).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from autograder.checks.quizzes import bank_and_quizzes
from autograder.course.autograde import autograde
from autograder.course.demo import fill, nbgrader, submit
from autograder.course.init import init_course
from autograder.course.quizzes import answered
from autograder.quiz import variant
from tests.support.components import free_port

pytestmark = [pytest.mark.slow, pytest.mark.system]
PS, QUIZ = "ps1_softmax_loss", "quiz_1_loss_backprop"
BIN = Path(sys.executable).parent

OVERFLOW = """
const boxes = [...document.querySelectorAll('pre[style*="pre-wrap"]')];
return {boxes: boxes.length,
        wide: boxes.filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.textContent.slice(0, 80)),
        long: boxes.filter(b => {  // boxes that would scroll sideways if they did not wrap
            b.style.whiteSpace = 'pre'; const over = b.scrollWidth > b.clientWidth + 1;
            b.style.whiteSpace = 'pre-wrap'; return over; }).length,
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        math: [...document.querySelectorAll('math')].filter(m => m.getBoundingClientRect().width > 0).length,
        text: document.body.innerText};
"""


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    init_course(root, quiet=True)
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as f:  # the quiz key is released: explanations
        f.write('\nc.BackpropGrade.quiz_keys = "always"\n')
    for aid in (PS, QUIZ):
        nbgrader(root, "generate_assignment", aid, "--force")
        nbgrader(root, "release_assignment", aid, "--force")
    released = nbformat.read(root / "release" / PS / f"{PS}.ipynb", as_version=4)
    reference = (Path(__file__).parents[1] / "solutions" / f"{PS}.py").read_text(encoding="utf-8")
    # A message with a line far wider than the page (the student's own exception text): the box must wrap it.
    wide = reference + "\n\ndef softmax(a):\n    raise ValueError('returned-value-' * 30)\n"
    submit(root, PS, {"mina": ("wide values", fill(released, wide))})
    quiz = nbformat.read(root / "release" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    bank, quizzes = bank_and_quizzes()
    first = quizzes[QUIZ].question_ids[0]
    submit(root, QUIZ, {"mina": ("one right, one long wrong answer, rest blank", answered(quiz, {
        1: repr(variant(bank[first], "mina", QUIZ).expected), 2: repr("x" * 250)}))})
    for aid in (PS, QUIZ):
        autograde(aid, root)
        nbgrader(root, "generate_feedback", aid, "--force")
    return root


def look(browser, url: str) -> dict:
    browser.get(url)
    return browser.execute_script(OVERFLOW)


def test_feedback_pages_read_well(course, browser):
    ps = look(browser, (course / "feedback" / "mina" / PS / f"{PS}.html").as_uri())
    assert "returned-value-returned-value-" in ps["text"] and "Your code raised ValueError" in ps["text"]
    assert ps["long"] >= 1 and ps["wide"] == [] and ps["page"] <= 1  # lines too long for the box, wrapped
    assert "Out[" not in ps["text"]
    quiz = look(browser, (course / "feedback" / "mina" / QUIZ / f"{QUIZ}.html").as_uri())
    assert "무답/blank" in quiz["text"] and "Explanation" in quiz["text"] and "xxxxxxxx" in quiz["text"]
    assert quiz["wide"] == [] and quiz["page"] <= 1
    assert quiz["math"] >= 25  # every question's explanation has math; drawn, not left as $...$


def test_the_released_quiz_notebook_shows_the_students_own_question(course, browser, tmp_path):
    notebook = tmp_path / f"{QUIZ}.ipynb"
    notebook.write_bytes((course / "release" / QUIZ / f"{QUIZ}.ipynb").read_bytes())
    env = {**os.environ, "JUPYTERHUB_USER": "mina", "LOGNAME": "jovyan"}  # as in a JupyterHub container
    subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--execute", str(notebook)], env=env,
                   check=True, capture_output=True, text=True, timeout=600)
    page = look(browser, notebook.with_suffix(".html").as_uri())
    bank, quizzes = bank_and_quizzes()
    view = variant(bank[quizzes[QUIZ].question_ids[0]], "mina", QUIZ).view
    assert "nbgrader student id mina" in page["text"].replace("`", "")
    assert view.answer_hint_en in page["text"]
    assert all(letter + "." in page["text"] for letter, _, _ in view.choices)
    assert page["page"] <= 1


def test_formgrader_shows_the_feedback(course, browser):
    from nbgrader.api import Gradebook

    port, token = free_port(), "backprop-lab-test"
    server = subprocess.Popen([str(BIN / "jupyter"), "server", "--no-browser", "--allow-root", "--ip=127.0.0.1",
                               f"--port={port}", f"--ServerApp.token={token}"], cwd=course,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("jupyter server did not start")
                time.sleep(1)
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            ids = {aid: gb.find_submission_notebook(aid, aid, "mina").id for aid in (PS, QUIZ)}
        ps = look(browser, f"http://127.0.0.1:{port}/formgrader/submissions/{ids[PS]}/?token={token}")
        assert "returned-value-returned-value-" in ps["text"] and ps["wide"] == [] and ps["long"] >= 1
        quiz = look(browser, f"http://127.0.0.1:{port}/formgrader/submissions/{ids[QUIZ]}/?token={token}")
        assert "the question as you saw it" in quiz["text"] and "무답/blank" in quiz["text"]
        assert quiz["wide"] == [] and quiz["math"] >= 25
    finally:
        server.terminate()
        server.wait(timeout=30)
