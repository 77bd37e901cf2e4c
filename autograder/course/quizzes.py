"""Quiz notebooks, generated from the bank (`quizzes/`).

One notebook per quiz, the same for every student: it holds only the answer-free public
data of each question and a small renderer (`autograder/quiz/render.py`, standard library
only) in a locked cell, so the students' kernel needs nothing installed; each student sees
their own numbers and choice order, drawn from their nbgrader student id (the JupyterHub
login, or typed into the id cell, which the submission keeps as the record of the id used). Each question has an
answer cell (`answer_qNN = None` as released: unchanged means blank, 0.3) and a graded cell
worth 1 point that backprop-lab fills in when grading.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.checks.quizzes import (
    IDENTITY_NAME,
    answer_name,
    bank_and_quizzes,
    quiz_ids,
    released_answer_cell,
)
from autograder.course.build import nbgrader_meta
from autograder.quiz import render

RULES = (
    "**채점 규칙** — 문항마다 맞으면 1점, 비워 두면(배포된 그대로) 0.3점, 틀리면 0점입니다 (중간고사와 같은 규칙).\n"
    "답 셀의 `None`을 답으로 바꾸세요: 객관식은 `\"A\"`처럼 글자, 참/거짓은 `True`/`False`, 수치는 숫자, "
    "식은 `\"s*(1-s)\"`처럼 문자열로 적습니다. 문제의 숫자와 보기 순서는 학생마다 다릅니다.\n\n"
    "**Scoring** — each question scores 1 if right, 0.3 if left blank (as released), 0 if wrong (the exam rule).\n"
    "Replace `None` in each answer cell: a letter like `\"A\"` for multiple choice, `True`/`False`, a number, "
    "or an expression as a string like `\"s*(1-s)\"`. Numbers and choice order differ from student to student."
)

IDENTITY_CELL = """\
# ── nbgrader 학생 ID / nbgrader student id ─────────────────────────────────────────────
# JupyterHub에서는 비워 두세요: 로그인 이름이 자동으로 쓰입니다.
# JupyterHub가 아니면: 교수자가 알려 준 "nbgrader 학생 ID"를 따옴표 안에 적으세요.
#   학번과 다를 수 있습니다. 교수자가 학번이 ID라고 했을 때만 학번을 적으세요.
#   ID가 틀리면 다른 사람의 숫자를 풀게 되고, 채점은 여러분의 nbgrader ID로 합니다.
# On JupyterHub leave it empty: your login name is used.
# Elsewhere type, between the quotes, the "nbgrader student id" your instructor gave you.
#   It may differ from your student number: use that only if the instructor says it is your id.
#   With a wrong id you solve someone else's numbers, and grading uses your nbgrader id.
{name} = \"\"
"""

SETUP = """\
# 문제를 보여 주는 코드입니다 (답은 들어 있지 않습니다). 실행만 하세요.
# The code that shows the questions (it holds no answers). Just run it.
{renderer}

import getpass as _getpass
import os as _os

QUIZ_ID = {quiz_id!r}
PUBLIC = json.loads({public!r})  # the questions without their answers


def login_name():
    \"\"\"On JupyterHub, the id nbgrader's submit uses (nbgrader.utils.get_username); elsewhere ''.\"\"\"
    if not _os.environ.get("JUPYTERHUB_USER"):
        return ""
    name = _getpass.getuser()
    return _os.environ["JUPYTERHUB_USER"] if name == "jovyan" else name


def _display(text):
    try:
        from IPython.display import Markdown, display
    except ImportError:
        print(text)
    else:
        display(Markdown(text))


def show(number):
    typed = str(globals().get({identity!r}, "")).strip()
    student = typed or login_name()
    if not student:
        _display("**nbgrader 학생 ID를 먼저 위 셀에 적고 실행하세요.**  \\n"
                 "**Type your nbgrader student id in the cell above and run it first.**")
        return
    shown = student.replace("`", "'")
    note = [f"*nbgrader 학생 ID `{{shown}}`의 숫자와 보기 순서입니다 / "
            f"the numbers and choice order of nbgrader student id `{{shown}}`*"]
    login = login_name()
    if login and typed and typed != login:
        note.append(f"**주의: JupyterHub 로그인 이름은 `{{login}}`입니다. 채점은 `{{login}}`의 숫자로 합니다: "
                    f"위 셀의 ID를 지우세요. / Warning: your JupyterHub login is `{{login}}`, and grading uses "
                    f"`{{login}}`'s numbers: empty the id cell above.**")
    _display(markdown(view(PUBLIC[number - 1], student, QUIZ_ID), number) + "\\n\\n" + "  \\n".join(note))
"""


def quiz_notebook(quiz_id: str) -> nbformat.NotebookNode:
    bank, quizzes = bank_and_quizzes()
    quiz = quizzes[quiz_id]
    public = json.dumps([bank[q].public.to_dict() for q in quiz.question_ids], ensure_ascii=False)
    skip = {"backprop_lab": {"skip_in_grading": True}}
    hidden = {"jupyter": {"source_hidden": True}}  # JupyterLab shows the cell folded
    renderer = Path(render.__file__).read_text(encoding="utf-8").strip()
    cells = [
        new_markdown_cell(f"# {quiz.title_ko}\n# {quiz.title_en}\n\n{RULES}",
                          metadata={"nbgrader": nbgrader_meta("md-title", locked=True)}),
        new_code_cell(SETUP.format(renderer=renderer, quiz_id=quiz_id, public=public, identity=IDENTITY_NAME),
                      metadata={"nbgrader": nbgrader_meta("quiz-setup", locked=True), **skip, **hidden}),
        new_code_cell(IDENTITY_CELL.format(name=IDENTITY_NAME).rstrip("\n"),
                      metadata={"backprop_lab": {"skip_in_grading": True, "answer": IDENTITY_NAME}}),
    ]
    for number, _ in enumerate(quiz.question_ids, start=1):
        cells += [
            new_markdown_cell(f"## 문제 {number} / Question {number}",
                              metadata={"nbgrader": nbgrader_meta(f"md-q{number:02d}", locked=True)}),
            new_code_cell(f"show({number})", metadata={"nbgrader": nbgrader_meta(f"show-q{number:02d}", locked=True),
                                                       **skip}),
            new_code_cell(released_answer_cell(number), metadata={"backprop_lab": {"answer": answer_name(number)}}),
            new_code_cell(f"# 문제 {number}: 제출하면 채점됩니다 / graded when you submit (1 / 0.3 / 0)",
                          metadata={"nbgrader": nbgrader_meta(f"q{number:02d}", grade=True, locked=True, points=1.0)}),
        ]
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"}})
    nbformat.validate(nb)
    return nb


def build_quiz_sources(source: Path, force: bool = False) -> list[Path]:
    written = []
    for quiz_id in quiz_ids():
        target = Path(source) / quiz_id / f"{quiz_id}.ipynb"
        if target.exists() and not force:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(quiz_notebook(quiz_id), target)
        written.append(target)
    return written


def answered(nb: nbformat.NotebookNode, answers: dict[int, str]) -> nbformat.NotebookNode:
    """A copy of a quiz notebook with some answer cells filled in (demo and tests)."""
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        name = cell.metadata.get("backprop_lab", {}).get("answer")
        if name and name.startswith("answer_q") and int(name[-2:]) in answers:
            cell.source = f"{name} = {answers[int(name[-2:])]}"
    return nb
