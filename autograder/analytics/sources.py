"""Where the class report's data comes from: the gradebook and the grading reports.

- Scores come from nbgrader's gradebook (its `Gradebook` API, the one place that talks to the
  database, SQLite or PostgreSQL: the course's `nbgrader_config.py` says which), so every total
  in the class report is the one nbgrader recorded.
- Why points were lost (hint ids, faults, quiz answers) comes from the grading reports that
  `backprop-lab autograde` caches in `<course>/.backprop-lab/reports/`. A report that is missing,
  or was made for other code or other checks, is made again from the submitted notebook, several
  at once through the same executor `autograde` uses, with a progress bar.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from autograder import checks
from autograder.report import Report

CACHE = Path(".backprop-lab") / "reports"


class ReportDataError(Exception):
    """Bad input for the class report; the message is in Korean and English."""


@dataclass
class GradebookData:
    course_id: str
    students: list[str]  # every student the gradebook knows
    assignments: list[str]  # every assignment the gradebook knows, in its order
    max_scores: dict[str, float]
    # assignment -> student -> question id -> score (nbgrader's Grade.score: the manual score
    # when a grader set one, else the automatic one)
    grades: dict[str, dict[str, dict[str, float]]]


@dataclass
class ClassData:
    course: Path
    gradebook: GradebookData
    assignments: list[str]  # the ones reported, in order
    handed_in: dict[str, set[str]]  # assignment -> students with a notebook in submitted/ or autograded/
    reports: dict[str, dict[str, Report]]  # assignment -> student -> grading report
    notes: list[str] = field(default_factory=list)  # bilingual warnings for the report's reader


def course_settings(course: Path) -> tuple[str, str]:
    """(gradebook URL, course id) as nbgrader would read them from the course's configuration."""
    config_file = course / "nbgrader_config.py"
    if not config_file.exists():
        raise ReportDataError(
            f"{course}에 nbgrader_config.py가 없습니다: 과목 폴더가 맞는지 확인하세요 (backprop-lab init).\n"
            f"no nbgrader_config.py in {course}: is this the course folder? (backprop-lab init)")
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(config_file.name, path=str(course)).load_config()
    coursedir = CourseDirectory(config=config)
    if "root" not in config.get("CourseDirectory", {}):
        coursedir.root = str(course)
    return coursedir.db_url, coursedir.course_id or "default_course"


def gradebook_exists(db_url: str) -> bool:
    """Whether the URL names a database that already holds an nbgrader gradebook (opening one
    with `Gradebook` would create it)."""
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        if not Path(url.database).exists():
            return False
    engine = create_engine(db_url)
    try:
        return inspect(engine).has_table("assignment")
    except Exception:
        return False
    finally:
        engine.dispose()


def read_gradebook(db_url: str, course_id: str) -> GradebookData:
    from nbgrader.api import Assignment, Grade, Gradebook, GradeCell, SubmittedAssignment, SubmittedNotebook

    if not gradebook_exists(db_url):
        raise ReportDataError(
            f"성적부(gradebook)가 없습니다: {db_url}. 먼저 nbgrader autograde (또는 backprop-lab autograde)를 "
            f"실행하세요.\nno gradebook at {db_url}: run nbgrader autograde (or backprop-lab autograde) first.")
    with Gradebook(db_url, course_id) as gb:
        students = sorted(s.id for s in gb.students)
        assignments = [a.name for a in gb.assignments]
        max_scores = {a.name: float(a.max_score) for a in gb.assignments}
        grades: dict[str, dict[str, dict[str, float]]] = {a: {} for a in assignments}
        # One query for every grade of the course instead of walking the ORM objects one by one
        # (which is a query per submission and per grade). Grade.score is nbgrader's own column
        # expression: the manual score when there is one, else the automatic score.
        rows = (gb.db.query(Assignment.name, SubmittedAssignment.student_id, GradeCell.name, Grade.score)
                .select_from(Grade)
                .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
                .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id)
                .join(GradeCell, Grade.cell_id == GradeCell.id)
                .filter(Assignment.course_id == course_id))
        for aid, student, qid, score in rows:
            grades.setdefault(aid, {}).setdefault(student, {})[qid] = float(score or 0.0)
        # a submission with no grade cells recorded still counts as handed in
        for aid, student in (gb.db.query(Assignment.name, SubmittedAssignment.student_id)
                             .join(SubmittedAssignment, SubmittedAssignment.assignment_id == Assignment.id)
                             .filter(Assignment.course_id == course_id)):
            grades.setdefault(aid, {}).setdefault(student, {})
    return GradebookData(course_id, students, assignments, max_scores, grades)


def notebook_path(course: Path, aid: str, student: str) -> Path | None:
    """The notebook the student handed in (what `backprop-lab autograde` grades), else the one
    nbgrader autograded."""
    for folder in ("submitted", "autograded"):
        path = course / folder / student / aid / f"{aid}.ipynb"
        if path.exists():
            return path
    return None


def handed_in(course: Path, aid: str) -> set[str]:
    found = set()
    for folder in ("submitted", "autograded"):
        found |= {p.parent.parent.name for p in (course / folder).glob(f"*/{aid}/{aid}.ipynb")}
    return found


def load_class(course: str | Path, assignments: list[str] | None = None, workers: int = 0,
               progress: bool = True) -> ClassData:
    """Everything the class report needs, for the named assignments (default: every assignment
    backprop-lab grades that the gradebook knows or that was handed in)."""
    course = Path(course).resolve()
    db_url, course_id = course_settings(course)
    gradebook = read_gradebook(db_url, course_id)
    known = checks.assignment_ids()
    if assignments:
        unknown = [a for a in assignments if a not in known]
        if unknown:
            raise ReportDataError(f"모르는 과제입니다: {', '.join(unknown)} (아는 과제: {', '.join(known)})\n"
                                  f"unknown assignment(s): {', '.join(unknown)} (known: {', '.join(known)})")
        chosen = list(assignments)
    else:
        chosen = [a for a in known if a in gradebook.assignments or handed_in(course, a)]
    if not chosen:
        raise ReportDataError("보고할 과제가 없습니다: 성적부에 채점된 과제가 없습니다 (backprop-lab autograde).\n"
                              "nothing to report: the gradebook has no graded assignment (backprop-lab autograde).")
    data = ClassData(course, gradebook, chosen, {}, {})
    jobs = []
    for aid in chosen:
        data.handed_in[aid] = handed_in(course, aid)
        data.reports[aid] = {}
        students = set(gradebook.grades.get(aid, {})) | data.handed_in[aid]
        jobs += collect_reports(course, aid, sorted(students), data)
    if jobs:
        regrade(course, jobs, data, workers, progress)
    return data


def collect_reports(course: Path, aid: str, students: list[str], data: ClassData) -> list:
    """Take each student's cached report when it is the report of the code handed in; return the
    jobs that grade the others again."""
    from autograder.course.cache import load_report
    from autograder.executor import GradeJob
    from autograder.grading import released_cells, unreadable_report
    from autograder.submission import SubmissionError

    released = released_cells(aid)
    jobs = []
    for student in students:
        path = notebook_path(course, aid, student)
        if path is None:  # only the gradebook has it: take the cached report as it is, if any
            cached = course / CACHE / f"{aid}--{student}.json"
            if cached.exists():
                data.reports[aid][student] = Report.from_wire(json.loads(cached.read_text(encoding="utf-8")))
            continue
        raw = path.read_bytes()
        try:
            submission = read_quickly(path.name, raw, released)
        except SubmissionError as exc:  # what grading it would say, without grading
            data.reports[aid][student] = unreadable_report(checks.get(aid), str(exc))
            continue
        report = load_report(course / CACHE, aid, student, submission)
        if report is not None:
            data.reports[aid][student] = report
        else:
            jobs.append((GradeJob(aid, path.name, raw, student=student, tag=student), submission))
    return jobs


def read_quickly(name: str, raw: bytes, released: dict[str, str]):
    """The submission's cells, to check a cached report's key: an ordinary v4 notebook is read as
    plain JSON (nbformat's schema validation costs more than everything else here, for thousands
    of notebooks); anything else goes through `load_bytes`. If the two ever read a notebook
    differently, the key does not match and the notebook is graded again: slower, never wrong."""
    from autograder.submission import from_notebook, load_bytes

    try:
        nb = json.loads(raw)
        if isinstance(nb, dict) and nb.get("nbformat") == 4 and isinstance(nb.get("cells"), list):
            return from_notebook(nb, released)
    except (ValueError, TypeError, AttributeError):
        pass
    return load_bytes(name, raw, released)


def regrade(course: Path, jobs: list, data: ClassData, workers: int = 0, progress: bool = True) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from autograder.course.cache import save_report
    from autograder.executor import make_executor

    submissions = {(job.assignment, job.student): submission for job, submission in jobs}
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with make_executor(workers) as executor, Progress(*columns, disable=not progress) as bar:
        task = bar.add_task(f"채점 보고서 다시 만들기 / grading again ({executor.workers} at once)", total=len(jobs))
        for job, report in executor.map_unordered(job for job, _ in jobs):
            data.reports[job.assignment][job.student] = report
            save_report(course / CACHE, job.assignment, job.student, submissions[(job.assignment, job.student)],
                        report)
            bar.advance(task)
    data.notes.append(f"{len(jobs)}개의 제출물은 캐시된 채점 보고서가 없어 다시 채점했습니다.\n"
                      f"{len(jobs)} submission(s) had no cached grading report and were graded again.")
