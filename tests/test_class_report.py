"""The class report's numbers and rendering, on reports graded for real but a gradebook made by
hand (fast); the whole course end to end is in test_class_report_e2e.py."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import nbformat
import pytest

from autograder.analytics.compute import build
from autograder.analytics.render import assignment_csv, render_html
from autograder.analytics.sources import ClassData, GradebookData
from autograder.checks.quizzes import bank_and_quizzes
from autograder.cli import main as cli_main
from autograder.course.quizzes import answered, quiz_notebook
from autograder.executor import GradeJob, grade_job
from autograder.quiz import LETTERS, variant

pytestmark = pytest.mark.quiz
QUIZ = "quiz_1_loss_backprop"


def choice_question() -> tuple[int, object]:
    bank, quizzes = bank_and_quizzes()
    for number, bank_id in enumerate(quizzes[QUIZ].question_ids, start=1):
        if bank[bank_id].type == "choice" and bank[bank_id].public.shuffle:
            return number, bank[bank_id]
    pytest.skip("the quiz has no shuffled choice question")


def students_with_different_orders(question, canonical: int, n: int = 2, prefix: str = "stu") -> list[tuple[str, str]]:
    """Student ids whose shuffles show the bank's choice `canonical` under different letters."""
    picked: dict[str, str] = {}
    for i in range(200):
        student = f"{prefix}{i}"
        letter = LETTERS[variant(question, student, QUIZ).permutation.index(canonical)]
        if letter not in picked.values():
            picked[student] = letter
        if len(picked) == n:
            return list(picked.items())
    pytest.fail("no two students see the same choice under different letters")


def class_from_reports(tmp_path, reports: dict[str, object]) -> ClassData:
    """A gradebook that holds exactly the reports' scores (the e2e test uses nbgrader's)."""
    grades = {student: {qid: q.score for qid, q in report.questions.items()} for student, report in reports.items()}
    gradebook = GradebookData("test-course", sorted(reports), [QUIZ], {QUIZ: 25.0}, {QUIZ: grades})
    return ClassData(tmp_path, gradebook, [QUIZ], {QUIZ: set()}, {QUIZ: reports})


@pytest.fixture(scope="module")
def graded_quiz(tmp_path_factory):
    number, question = choice_question()
    distractor = next(i for i in range(len(question.choices)) if i != question.answer)
    chosen = students_with_different_orders(question, distractor) + students_with_different_orders(
        question, question.answer, 1, prefix="right")
    hostile = "<img src=x onerror=alert(1)>=HYPERLINK(\"x\")"
    released = quiz_notebook(QUIZ)
    reports, letters = {}, {}
    for student, letter in chosen + [(hostile, "Z")]:
        nb = answered(released, {number: repr(letter), number + 1: repr("<script>alert('x')</script>")})
        job = GradeJob(QUIZ, f"{QUIZ}.ipynb", nbformat.writes(nb).encode(), student=student)
        reports[student] = grade_job(job)
        letters[student] = letter
    return tmp_path_factory.mktemp("report"), number, question, distractor, chosen, hostile, reports


def test_the_same_bank_choice_under_different_letters_counts_once_per_student(graded_quiz):
    tmp, number, question, distractor, chosen, hostile, reports = graded_quiz
    (s1, l1), (s2, l2), (s3, _) = chosen
    assert l1 != l2  # the two students typed different letters ...
    qid = f"q{number:02d}"
    facts = {s: reports[s].questions[qid].checks[0].answer for s in (s1, s2, s3)}
    assert facts[s1]["choice"] == facts[s2]["choice"] == distractor  # ... for the same choice of the bank
    assert facts[s3]["choice"] == question.answer and facts[s3]["status"] == "right"
    data = build(class_from_reports(tmp, reports), names=True)
    item = data["assignments"][QUIZ]["questions"][qid]
    assert item["choices"][str(distractor)] == 2
    assert item["choices"][str(question.answer)] == 1
    assert sum(item["choices"].values()) == 3  # the hostile student's "Z" is no choice on offer
    assert item["answer"] == question.answer
    assert sorted(item["wrong"]) == sorted([s1, s2, hostile])
    assert item["right"] == [s3]
    assert item["difficulty"] == pytest.approx(1 / 4)
    blank = data["assignments"][QUIZ]["questions"]["q25"]
    assert len(blank["blank"]) == 4 and blank["difficulty"] == 0


def test_scores_and_totals_are_the_gradebooks(graded_quiz):
    tmp, *_, reports = graded_quiz
    data = build(class_from_reports(tmp, reports), names=True)
    section = data["assignments"][QUIZ]
    for student, report in reports.items():
        assert section["scores"][student] == pytest.approx(report.score)
        for qid, q in report.questions.items():
            assert section["questions"][qid]["scores"][student] == pytest.approx(q.score)
    assert section["summary"]["n"] == len(reports)


def test_student_text_is_escaped_and_aliases_hide_ids(graded_quiz):
    tmp, number, question, distractor, chosen, hostile, reports = graded_quiz
    named = build(class_from_reports(tmp, reports), names=True)
    page = render_html(named)
    assert "<img src=x" not in page and "<script>alert" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    rows = list(csv.reader(io.StringIO(assignment_csv(QUIZ, named["assignments"][QUIZ]))))
    assert all(not row[0].startswith(("=", "+", "-", "@")) for row in rows[1:])
    assert any(row[0] == "'" + hostile for row in rows) or any(row[0] == hostile for row in rows)
    hidden = build(class_from_reports(tmp, reports), names=False)
    text = json.dumps(hidden, ensure_ascii=False) + render_html(hidden)
    for student in reports:
        assert student not in text and json.dumps(student)[1:-1] not in text
    aliases = set(hidden["assignments"][QUIZ]["scores"])
    assert len(aliases) == len(reports) and all(a.startswith("s-") for a in aliases)
    again = build(class_from_reports(tmp, reports), names=False)  # the same alias from one report to the next
    assert set(again["assignments"][QUIZ]["scores"]) == aliases


def test_bad_input_gets_a_bilingual_message(tmp_path, capsys):
    result = subprocess.run([sys.executable, "-m", "autograder", "report", "--course", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "nbgrader_config.py" in result.stderr
    assert "과목 폴더" in result.stderr and "course folder" in result.stderr

    def report(*args: str) -> str:
        assert cli_main(["report", "--course", str(tmp_path), *args]) == 1
        return capsys.readouterr().err

    db = tmp_path / "gradebook.db"
    (tmp_path / "nbgrader_config.py").write_text(f"c = get_config()\nc.CourseDirectory.db_url = 'sqlite:///{db}'\n")
    message = report()
    assert "no gradebook" in message and "성적부" in message
    assert not db.exists()  # asking for a report never creates a gradebook
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{db}"):
        pass
    assert "nothing to report" in report()
    message = report("no_such_assignment")
    assert "unknown assignment" in message and "모르는 과제" in message


@pytest.mark.system
def test_a_postgres_gradebook_as_the_course_config_names_it(tmp_path, postgres_url):
    """Scores from a PostgreSQL gradebook (filled through nbgrader's API), hints from cached
    reports of students whose notebooks are no longer on disk."""
    from nbgrader.api import Gradebook

    from autograder import checks
    from autograder.analytics import make_report
    from autograder.course.init import create_gradebook
    from autograder.report import CheckResult, QuestionResult, Report

    aid = "ps1_softmax_loss"
    assignment = checks.get(aid)
    (tmp_path / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.course_id = 'pg'\nc.CourseDirectory.db_url = {postgres_url!r}\n")
    create_gradebook(postgres_url, "pg")
    cache = tmp_path / ".backprop-lab" / "reports"
    cache.mkdir(parents=True)
    reports = {}
    with Gradebook(postgres_url, "pg") as gb:
        gb.add_assignment(aid)
        gb.add_notebook(aid, aid)
        for qid, q in assignment.questions.items():
            gb.add_grade_cell(qid, aid, aid, max_score=q.max_score, cell_type="code")
        for i, student in enumerate(["kim", "lee", "park"]):
            gb.add_student(student)
            report = Report(aid)
            for j, (qid, q) in enumerate(assignment.questions.items()):
                passed = (i + j) % 3 != 0
                report.questions[qid] = QuestionResult(qid, q.max_score, [
                    CheckResult(c.name, c.points, passed, "", None if passed else "batch-mean") for c in q.checks])
            submission = gb.add_submission(aid, student)
            for grade in submission.notebooks[0].grades:
                grade.auto_score = report.questions[grade.name].score
            gb.db.commit()
            (cache / f"{aid}--{student}.json").write_text(json.dumps({"key": "", **report.to_wire()}))
            reports[student] = report
    written = make_report(tmp_path, names=True, progress=False)
    data = json.loads(written["json"].read_text(encoding="utf-8"))["assignments"][aid]
    assert data["scores"] == {s: pytest.approx(r.score) for s, r in reports.items()}
    for qid, q in data["questions"].items():
        failing = sorted(s for s, r in reports.items() if r.questions[qid].score < r.questions[qid].max_score)
        assert q["hints"].get("batch-mean", []) == failing and q["lost"] == len(failing)


def test_every_hint_belongs_to_a_lecture_topic():
    from autograder.hints import HINT_TOPICS, HINTS
    from autograder.quiz import LECTURES, TOPICS

    assert set(HINT_TOPICS) == set(HINTS)  # a new hint needs its topic for the class report
    assert all(topic in TOPICS and lecture in LECTURES for topic, lecture in HINT_TOPICS.values())
