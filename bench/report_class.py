"""How long `backprop-lab report` takes for a large class: N generated submissions per
assignment (default 500), every problem set and every quiz.

    .venv/bin/python bench/report_class.py [N]

Set-up (not timed): a course folder whose gradebook is filled through nbgrader's `Gradebook`
API, one notebook per student in submitted/, and a cached grading report for each, keyed to
that notebook as `backprop-lab autograde` keys it. Problem sets: a few real grading runs (the
reference and known mistakes from examples/) shared out over the class, plus hangs, crashes
and unreadable notebooks; quizzes: each student's own variant answered right, blank or wrong,
scored by the quiz engine without a sandbox. Timed: the report, as the CLI makes it (reading
the gradebook, checking every cached report's key, the numbers, the plots, HTML, JSON, CSV).
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder import checks
from autograder.checks.framework import solutions_dir
from autograder.checks.quizzes import answer_facts, bank_and_quizzes, quiz_ids
from autograder.course.autograde import CACHE
from autograder.course.build import build_notebook, notebook_assignments
from autograder.course.cache import save_report
from autograder.course.demo import fill
from autograder.course.examples import examples
from autograder.course.init import create_gradebook
from autograder.course.quizzes import answered, quiz_notebook
from autograder.grading import Grader, released_cells, unreadable_report
from autograder.report import CheckResult, QuestionResult, Report
from autograder.submission import from_notebook

CONFIG = "c = get_config()\nc.CourseDirectory.course_id = 'bench'\nc.CourseDirectory.db_url = {url!r}\n"


def faulted(report: Report, qid: str, kind: str) -> Report:
    """The same report with one question lost to a fault (what a hang or a crash looks like)."""
    copy = Report.from_wire(report.to_wire())
    result = copy.questions[qid]
    copy.questions[qid] = QuestionResult(qid, result.max_score, [
        CheckResult(c.name, c.points, False, f"{kind} / {kind}", fault=kind) for c in result.checks])
    return copy


def problem_set_pool(aid: str) -> list[tuple[nbformat.NotebookNode | bytes, Report]]:
    """(notebook, report) pairs graded for real, and fault variants of the reference."""
    source = build_notebook(aid)
    reference = (solutions_dir() / f"{aid}.py").read_text(encoding="utf-8")
    released = released_cells(aid)
    pool = []
    for text in [reference] + [reference + "\n" + e.source() for e in examples(aid) if not e.full][:3]:
        nb = fill(source, text)
        pool.append((nb, Grader(checks.get(aid)).grade(from_notebook(nb, released), "bench")))
    first = next(iter(checks.get(aid).questions))
    pool.append((pool[0][0], faulted(pool[0][1], first, "timeout")))
    pool.append((pool[0][0], faulted(pool[0][1], first, "crash")))
    pool.append((b"\x89PNG not a notebook", unreadable_report(checks.get(aid), "not a notebook")))
    return pool


def quiz_submission(quiz_id: str, student: str, rng: random.Random, released) -> tuple:
    from autograder.quiz import LETTERS, score_answer, variant

    bank, quizzes = bank_and_quizzes()
    ability = rng.random()
    answers, report = {}, Report(quiz_id)
    for number, bank_id in enumerate(quizzes[quiz_id].question_ids, start=1):
        question = bank[bank_id]
        v = variant(question, student, quiz_id)
        roll = rng.random()
        if roll < 0.1:
            given, blank = None, True
        elif roll < 0.1 + 0.8 * ability:
            given, blank = v.expected, False
        else:
            blank = False
            if question.type == "choice":
                given = rng.choice([x for x in LETTERS[:len(v.choices)] if x != v.expected])
            elif question.type == "truefalse":
                given = not v.expected
            elif question.type == "numeric":
                given = round(v.expected * rng.choice([0.434, 2.0, -1.0, 1.5]), 4)
            else:
                given = "s*(1+s)"
        if not blank:
            answers[number] = repr(given)
        result = score_answer(question, v, given, blank)
        check = CheckResult(bank_id, 1.0, result.score == 1.0, str(result.message),
                            answer=answer_facts(question, v, given, result.status))
        report.questions[f"q{number:02d}"] = QuestionResult(f"q{number:02d}", 1.0, [check], result.score)
    return answered(released, answers), report


def make_course(root: Path, n: int) -> None:
    from nbgrader.api import Gradebook

    url = f"sqlite:///{root / 'gradebook.db'}"
    (root / "nbgrader_config.py").write_text(CONFIG.format(url=url))
    rng = random.Random(2026)
    students = [f"st{i:04d}" for i in range(n)]
    create_gradebook(url, "bench")  # puts this environment's alembic on PATH, as nbgrader needs
    with Gradebook(url, "bench") as gb:
        for student in students:
            gb.add_student(student)
        for aid in [*notebook_assignments(), *quiz_ids()]:
            t0 = time.perf_counter()
            assignment = checks.get(aid)
            gb.add_assignment(aid)
            gb.add_notebook(aid, aid)
            for qid, q in assignment.questions.items():
                gb.add_grade_cell(qid, aid, aid, max_score=q.max_score, cell_type="code")
            released = released_cells(aid)
            if aid in quiz_ids():
                quiz = quiz_notebook(aid)
                made = [quiz_submission(aid, s, rng, quiz) for s in students]
            else:
                pool = problem_set_pool(aid)
                made = [pool[rng.randrange(len(pool))] for _ in students]
            for student, (nb, report) in zip(students, made):
                folder = root / "submitted" / student / aid
                folder.mkdir(parents=True)
                if isinstance(nb, bytes):
                    (folder / f"{aid}.ipynb").write_bytes(nb)
                else:
                    nbformat.write(nb, folder / f"{aid}.ipynb")
                    save_report(root / CACHE, aid, student, from_notebook(nb, released), report)
                submission = gb.add_submission(aid, student)
                for grade in submission.notebooks[0].grades:
                    grade.auto_score = report.questions[grade.name].score
            gb.db.commit()
            print(f"set up {aid}: {n} submissions ({time.perf_counter() - t0:.1f} s)", flush=True)


def main(n: int) -> None:
    from autograder.analytics.compute import build
    from autograder.analytics.render import write_all
    from autograder.analytics.sources import load_class

    root = Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        make_course(root, n)
        t0 = time.perf_counter()
        data = load_class(root, progress=False)  # what `backprop-lab report` does, step by step
        t1 = time.perf_counter()
        numbers = build(data)
        t2 = time.perf_counter()
        written = write_all(numbers, root / "report")
        t3 = time.perf_counter()
        print(f"report of {len(numbers['assignments'])} assignments x {n} submissions: {t3 - t0:.1f} s "
              f"(gradebook and cached reports {t1 - t0:.1f} s, numbers {t2 - t1:.1f} s, "
              f"plots + HTML + JSON + CSV {t3 - t2:.1f} s; report.html {written['html'].stat().st_size / 1e6:.1f} MB, "
              f"report.json {written['json'].stat().st_size / 1e6:.1f} MB)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
