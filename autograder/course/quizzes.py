"""Quiz notebooks, generated from the bank (`quizzes/`).

One notebook per quiz, the same for every student: it holds only the answer-free public
data of each question and shows each student their own numbers and choice order, drawn
from their nbgrader student id (JupyterHub user name, or typed in). Each question has an
answer cell (`answer_qNN = None` as released: unchanged means blank, 0.3) and a graded cell
worth 1 point that backprop-lab fills in when grading.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.checks.quizzes import answer_name, bank_and_quizzes, quiz_ids, released_answer_cell
from autograder.course.build import nbgrader_meta

RULES = (
    "**채점 규칙** — 문항마다 맞으면 1점, 비워 두면(배포된 그대로) 0.3점, 틀리면 0점입니다 (중간고사와 같은 규칙).\n"
    "답 셀의 `None`을 답으로 바꾸세요: 객관식은 `\"A\"`처럼 글자, 참/거짓은 `True`/`False`, 수치는 숫자, "
    "식은 `\"s*(1-s)\"`처럼 문자열로 적습니다. 문제의 숫자와 보기 순서는 학생마다 다릅니다.\n\n"
    "**Scoring** — each question scores 1 if right, 0.3 if left blank (as released), 0 if wrong (the exam rule).\n"
    "Replace `None` in each answer cell: a letter like `\"A\"` for multiple choice, `True`/`False`, a number, "
    "or an expression as a string like `\"s*(1-s)\"`. Numbers and choice order differ from student to student."
)

SETUP = '''import json
import os

from IPython.display import Markdown, display

try:
    from autograder.quiz import PublicQuestion, render_markdown, render_public
except ImportError:  # the students' environment needs the package (it holds no answers)
    raise ImportError("이 퀴즈는 backprop-lab 패키지가 필요합니다. 조교에게 문의하세요. / "
                      "This quiz needs the backprop-lab package in your environment: ask your TA.") from None

# 여러분의 nbgrader 학생 ID / your nbgrader student id (JupyterHub sets it; otherwise type it in the next cell)
STUDENT_ID = os.environ.get("JUPYTERHUB_USER", "")
QUIZ_ID = {quiz_id!r}
PUBLIC = json.loads({public!r})  # the questions without their answers


def show(number):
    if not STUDENT_ID:
        print("STUDENT_ID를 먼저 적으세요 / set STUDENT_ID first")
        return
    view = render_public(PublicQuestion.from_dict(PUBLIC[number - 1]), STUDENT_ID, QUIZ_ID)
    display(Markdown(render_markdown(view, number)))'''


def quiz_notebook(quiz_id: str) -> nbformat.NotebookNode:
    bank, quizzes = bank_and_quizzes()
    quiz = quizzes[quiz_id]
    public = json.dumps([bank[q].public.to_dict() for q in quiz.question_ids], ensure_ascii=False)
    skip = {"backprop_lab": {"skip_in_grading": True}}
    cells = [
        new_markdown_cell(f"# {quiz.title_ko}\n# {quiz.title_en}\n\n{RULES}",
                          metadata={"nbgrader": nbgrader_meta("md-title", locked=True)}),
        new_code_cell(SETUP.format(quiz_id=quiz_id, public=public),
                      metadata={"nbgrader": nbgrader_meta("quiz-setup", locked=True), **skip}),
        new_code_cell("# JupyterHub가 아니면 학번을 적으세요 / not on JupyterHub? type your student id:\n"
                      "# STUDENT_ID = \"...\"", metadata=skip),
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
        if name and int(name[-2:]) in answers:
            cell.source = f"{name} = {answers[int(name[-2:])]}"
    return nb
