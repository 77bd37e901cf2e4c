"""What a student sees in JupyterLab: the released notebooks opened in a real `jupyter lab`,
driven by headless Chromium.

Checked: the problem set's bilingual title and introduction are rendered, its solution stubs
are code cells the student can edit while the locked cells are read-only; the quiz, run the way
a student runs it (Run → Run All Cells, in a real kernel), shows each question with that
student's own numbers and choice order, and says whose they are.

The server runs as on JupyterHub in a container (JUPYTERHUB_USER set, the Unix login `jovyan`),
so the quiz takes the student id from the login and the id cell stays empty.
(jupyterlab comes with nbgrader: no extra dependency.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from autograder.checks.quizzes import bank_and_quizzes
from autograder.course.demo import nbgrader
from autograder.course.init import init_course
from autograder.quiz import variant
from tests.support.components import free_port

pytestmark = [pytest.mark.slow, pytest.mark.system]
PS, QUIZ = "ps1_softmax_loss", "quiz_1_loss_backprop"
STUDENT = "mina"
BIN = Path(sys.executable).parent
TOKEN = "backprop-lab-lab-" + os.urandom(8).hex()

CELLS = """
const text = (c, selector) => { const e = c.querySelector(selector); return e ? e.textContent : ''; };
return [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')].map(c => ({
    kind: c.classList.contains('jp-CodeCell') ? 'code' : c.classList.contains('jp-MarkdownCell') ? 'markdown' : 'raw',
    source: text(c, '.cm-content'),
    readonly: c.querySelector('.cm-content') ? c.querySelector('.cm-content').getAttribute('aria-readonly') === 'true'
                                             : null,
    rendered: text(c, '.jp-RenderedMarkdown'),
    output: text(c, '.jp-OutputArea')}));
"""


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """A Lab root holding the released notebooks, as a student has them after fetching."""
    course = tmp_path_factory.mktemp("course")
    init_course(course, quiet=True)
    root = tmp_path_factory.mktemp("student")
    for aid in (PS, QUIZ):
        nbgrader(course, "generate_assignment", aid, "--force")
        shutil.copy(course / "release" / aid / f"{aid}.ipynb", root / f"{aid}.ipynb")
    return root


@pytest.fixture(scope="module")
def lab(released, tmp_path_factory):
    state = tmp_path_factory.mktemp("jupyter-state")  # no settings or workspaces from this machine's account
    port = free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(state / "config"), "JUPYTER_RUNTIME_DIR": str(state / "runtime"),
           "JUPYTERHUB_USER": STUDENT, "LOGNAME": "jovyan", "USER": "jovyan"}  # as in a JupyterHub container
    log = open(state / "lab.log", "wb")
    server = subprocess.Popen([str(BIN / "jupyter"), "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
                               f"--port={port}", f"--IdentityProvider.token={TOKEN}",
                               f"--ServerApp.root_dir={released}",
                               f"--LabApp.user_settings_dir={state / 'settings'}",
                               f"--LabApp.workspaces_dir={state / 'workspaces'}"],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail(f"jupyter lab did not start:\n{(state / 'lab.log').read_text()[-3000:]}")
                time.sleep(0.5)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def wait_for(what: str, condition, timeout: float):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"JupyterLab: no {what} after {timeout:.0f} s")
        time.sleep(0.5)


def open_notebook(browser, lab: str, name: str, cells: int) -> list[dict]:
    """Open `name` in a fresh workspace and wait until every cell is there and the Markdown is rendered."""
    browser.get(f"{lab}/lab/tree/{name}?token={TOKEN}&reset")

    def loaded():
        shown = browser.execute_script(CELLS)
        rendered = [c for c in shown if c["kind"] == "markdown" and c["rendered"]]
        return shown if len(shown) == cells and len(rendered) == sum(c["kind"] == "markdown" for c in shown) else None

    return wait_for(f"rendered {name}", loaded, 180)  # the first load of JupyterLab takes 20 s or more here


def test_a_problem_set_reads_and_its_stubs_are_editable(lab, released, browser):
    from selenium.webdriver.common.by import By

    notebook = nbformat.read(released / f"{PS}.ipynb", as_version=4)
    shown = open_notebook(browser, lab, f"{PS}.ipynb", len(notebook.cells))
    title = browser.find_element(By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown h1")
    assert title.is_displayed() and title.text.startswith("PS1 — 소프트맥스와 손실 함수 / Softmax and loss functions")
    intro = shown[0]["rendered"]
    assert "한국어" in intro and "이 과제에서는 신경망 학습에 필요한 손실 함수를 NumPy로 직접 구현합니다" in intro
    assert "English" in intro and "In this assignment you implement, with NumPy" in intro
    assert "$" not in intro.replace("$$", "")  # the math is typeset, not left as TeX
    assert [c["kind"] for c in shown] == [c.cell_type for c in notebook.cells]
    stubs = [i for i, c in enumerate(notebook.cells) if c.metadata.get("nbgrader", {}).get("solution")]
    assert len(stubs) == 6
    for i in stubs:  # what the student writes: an editable code cell showing the stub as released
        first_line = notebook.cells[i].source.splitlines()[0]
        assert shown[i]["kind"] == "code" and shown[i]["source"].startswith(first_line), (i, shown[i]["source"][:80])
        assert shown[i]["readonly"] is False, first_line
        assert "NotImplementedError" in shown[i]["source"]
    locked = [i for i, c in enumerate(notebook.cells)
              if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("locked")]
    assert locked and all(shown[i]["readonly"] for i in locked)  # imports, visible tests: read-only


def test_the_quiz_run_in_jupyterlab_shows_the_students_own_numbers(lab, released, browser):
    from selenium.webdriver.common.by import By

    notebook = nbformat.read(released / f"{QUIZ}.ipynb", as_version=4)
    open_notebook(browser, lab, f"{QUIZ}.ipynb", len(notebook.cells))
    wait_for("idle kernel", lambda: browser.execute_script(
        "const s = document.querySelector('.jp-Notebook-ExecutionIndicator');"
        "return s && s.getAttribute('data-status') === 'idle';"), 120)
    # As a student does: Run → Run All Cells (the locked setup cell first, then every show(n)).
    browser.find_element(By.XPATH, "//div[contains(@class, 'lm-MenuBar-itemLabel') and text()='Run']").click()
    wait_for("Run menu", lambda: browser.find_elements(
        By.XPATH, "//div[contains(@class, 'lm-Menu-itemLabel') and text()='Run All Cells']"), 30)[0].click()
    bank, quizzes = bank_and_quizzes()
    number = len(quizzes[QUIZ].question_ids)

    def shows() -> dict[int, dict] | None:
        found = {int(c["source"][5:-1]): c for c in browser.execute_script(CELLS)
                 if c["source"].startswith("show(") and c["output"]}
        return found if len(found) == number else None

    outputs = wait_for("output under every show(n)", shows, 300)
    errors = browser.execute_script("return [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="
                                    "\"application/vnd.jupyter.stderr\"]')].map(e => e.textContent)")
    assert errors == []
    views = {n: variant(bank[qid], STUDENT, QUIZ).view for n, qid in enumerate(quizzes[QUIZ].question_ids, 1)}
    for n, cell in outputs.items():
        assert f"nbgrader student id {STUDENT}" in cell["output"], (n, cell["output"][-200:])
        assert cell["output"].lstrip().startswith(f"{n}."), n
    # Question 6's numbers are this student's (typeset: the minus sign is U+2212), not another's.
    (six,) = [n for n, v in views.items() if v.question_id == "softmax-two-logits"]
    mine, theirs = views[six].params, variant(bank[views[six].question_id], "someone-else", QUIZ).view.params
    assert mine != theirs
    seen = lambda p: f"cat: {p['a1']}, dog: {p['a2']}".replace("-", "\u2212")  # noqa: E731
    assert seen(mine) in outputs[six]["output"] and seen(theirs) not in outputs[six]["output"]
    # Question 7 in plain words, its choices in this student's order, on screen.
    (seven,) = [n for n, v in views.items() if v.question_id == "softmax-why-exp"]
    cell = browser.execute_script(
        "const c = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')]"
        f".find(c => c.querySelector('.cm-content')?.textContent === 'show({seven})');"
        "c.scrollIntoView(); return c;")
    output = wait_for("question 7 on screen", lambda: cell.find_element(By.CSS_SELECTOR, ".jp-OutputArea").text, 30)
    assert "What is the main reason to use the exponential?" in output
    assert "The lecture asks: to turn the scores cat 1.5, dog 3.7 into probabilities" in output
    plain = [f"{letter}. {ko} / {en}" for letter, ko, en in views[seven].choices if "$" not in ko + en]
    positions = [output.index(choice) for choice in plain]
    assert len(plain) >= 2 and positions == sorted(positions)
    assert views[seven].answer_hint_en in output
