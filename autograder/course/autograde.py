"""`backprop-lab autograde`: grade a class in parallel and record it with nbgrader, in one run.

Two phases, overlapped:

- **grading**: every submission goes to the executor (`autograder.executor`, a local pool or a
  Dask cluster) as plain bytes; each report is cached in `<course>/.backprop-lab/reports` under
  a key over the exact code it graded (`cache.py`);
- **recording**: as each report arrives, nbgrader's own autograde pipeline records that student
  in this process (`autograder.nbgrader_plugin.record`): the course's configured preprocessors
  put locked and test cells back, `BackpropGrade` finds the cached report, nbgrader saves grades,
  comments and late penalties in the gradebook and writes `autograded/`.

It ends with a summary table read back from the gradebook, the one source of truth. Every
failure is one bilingual line with its cause; Ctrl-C stops between two students, so every
student is either recorded whole (grades and autograded notebook) or left as before.
"""

from __future__ import annotations

import time
from concurrent.futures import CancelledError, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from autograder import checks
from autograder.course.cache import save_report
from autograder.report import Report
from autograder.text import one_line

CACHE = Path(".backprop-lab") / "reports"


class AutogradeError(Exception):
    """A failure of the whole run: one bilingual line with the cause."""

    def __init__(self, ko: str, en: str, status: int = 1) -> None:
        super().__init__(f"{ko} / {en}")
        self.status = status


def submissions(course: Path, aid: str) -> dict[str, Path]:
    found = {}
    for path in sorted((course / "submitted").glob(f"*/{aid}/{aid}.ipynb")):
        found[path.parent.parent.name] = path
    return found


@dataclass
class Outcome:
    """What happened to one student in this run."""

    student: str
    report: Report | None = None
    recorded: bool = False
    cause: str = ""  # why nbgrader could not record it
    notebook: Path | None = None  # the submitted notebook


@dataclass
class Run:
    assignment: str
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    grading_seconds: float = 0.0  # from the first job to the last report
    recording_seconds: float = 0.0  # time spent in nbgrader's pipeline, summed over students
    total_seconds: float = 0.0
    interrupted: bool = False
    db_url: str = ""
    course_id: str = ""


def grade_jobs(course: Path, aid: str, todo: dict[str, Path]):
    """A job per submission nbgrader can read; too large a notebook is left to nbgrader, whose
    `BackpropGrade` scores it 0 with the reason."""
    from autograder.executor import GradeJob
    from autograder.submission import MAX_NOTEBOOK_BYTES

    for student, path in todo.items():
        try:
            if path.stat().st_size > MAX_NOTEBOOK_BYTES:
                continue
            data = path.read_bytes()
        except OSError as exc:
            data = f"unreadable: {exc.strerror}".encode()
        yield GradeJob(aid, path.name, data, student, tag=student, course=str(course))


def cache_report(course: Path, aid: str, job, report: Report, released: dict[str, str]) -> bool:
    """Save the report under the key of the code nbgrader will hand `BackpropGrade`
    (locked cells put back as released). An unreadable notebook has no key: nbgrader reports it."""
    from autograder.submission import SubmissionError, load_bytes

    try:
        submission = load_bytes(job.filename, job.data, released)
        save_report(course / CACHE, aid, job.tag, submission, report)
    except (SubmissionError, OSError, ValueError):
        return False
    return True


def pregrade(course: Path, aid: str, jobs: int = 0, dask: str | None = None) -> dict[str, Report]:
    """Grade and cache every submission, without recording (what `nbgrader autograde
    --BackpropGrade.cache_dir=…` then finds)."""
    from autograder.checks.framework import using_course
    from autograder.executor import make_executor
    from autograder.grading import released_cells

    released = released_cells(aid)
    reports = {}
    with using_course(course), make_executor(jobs, dask=dask) as executor:
        for job, report in executor.map_unordered(grade_jobs(course, aid, submissions(course, aid))):
            if cache_report(course, aid, job, report, released):
                reports[job.tag] = report
    return reports


def check_course(course: Path, aid: str, student: str | None) -> dict[str, Path]:
    if not (course / "nbgrader_config.py").is_file():
        raise AutogradeError(
            f"코스 폴더가 아닙니다: {course}에 nbgrader_config.py가 없습니다 (backprop-lab init 또는 --course)",
            f"not a course folder: {course} has no nbgrader_config.py (run backprop-lab init, or pass --course)", 2)
    if aid not in checks.assignment_ids():
        raise AutogradeError(f"알 수 없는 과제입니다: {aid!r} (backprop-lab list)",
                             f"unknown assignment {aid!r} (see backprop-lab list)", 2)
    todo = submissions(course, aid)
    if student is not None:
        if student not in todo:
            raise AutogradeError(f"{student} 학생의 제출물이 없습니다: submitted/{student}/{aid}/{aid}.ipynb",
                                 f"no submission for student {student}: submitted/{student}/{aid}/{aid}.ipynb "
                                 f"(after a resubmission: nbgrader collect --update {aid})")
        todo = {student: todo[student]}
    if not todo:
        raise AutogradeError(
            f"제출물이 없습니다: submitted/*/{aid}/{aid}.ipynb (먼저 nbgrader collect 또는 zip_collect)",
            f"no submissions: nothing in submitted/*/{aid}/{aid}.ipynb (run nbgrader collect or zip_collect first)")
    return todo


def open_recorder(course: Path, aid: str):
    """nbgrader's autograde pipeline for the course, opened once; the run's errors as causes."""
    import sqlalchemy

    from autograder.nbgrader_plugin.record import ClassRecorder

    log = course / CACHE.parent / f"nbgrader-autograde-{aid}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    recorder = ClassRecorder(course, aid, [f"--BackpropGrade.cache_dir={course / CACHE}"], log_file=log)
    try:
        recorder.__enter__()
    except sqlalchemy.exc.SQLAlchemyError as exc:
        raise AutogradeError(f"성적부(데이터베이스)에 연결할 수 없습니다: {one_line(exc)}",
                             f"gradebook database unreachable: {one_line(exc)}") from None
    except (SystemExit, Exception) as exc:
        raise AutogradeError(f"nbgrader 설정을 읽지 못했습니다: {one_line(exc)} (자세한 내용: {log})",
                             f"nbgrader could not start: {one_line(exc)} (details in {log})") from None
    if not assignment_in_gradebook(recorder, aid):
        recorder.__exit__(None, None, None)
        raise AutogradeError(f"성적부에 {aid} 과제가 없습니다: 먼저 nbgrader generate_assignment {aid}",
                             f"{aid} is not in the gradebook: run nbgrader generate_assignment {aid} first")
    return recorder


def assignment_in_gradebook(recorder, aid: str) -> bool:
    from nbgrader.api import MissingEntry

    try:
        recorder.shared.gradebook.find_assignment(aid)
    except MissingEntry:
        return False
    finally:
        recorder.shared.rollback()
    return True


def run_autograde(course: Path, aid: str, todo: dict[str, Path], jobs: int = 0, dask: str | None = None,
                  console: Console | None = None) -> Run:
    """Grade `todo` (student -> notebook) on the executor and record each student as its report
    arrives. Raises AutogradeError for a failure of the run; KeyboardInterrupt is turned into
    `run.interrupted` (the students recorded so far stay recorded, whole)."""
    # Only what submitting the jobs needs: nbgrader (a second or more to import) loads in
    # `open_recorder`, after the jobs are out, while the graders start.
    from autograder.checks.framework import using_course
    from autograder.executor import make_executor
    from autograder.grading import released_cells

    console = console or Console(stderr=True, highlight=False)
    run = Run(aid, {s: Outcome(s, notebook=path) for s, path in todo.items()})
    started = time.perf_counter()
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        executor = make_executor(jobs, dask=dask)
    except Exception as exc:  # e.g. no Dask scheduler at that address, or Dask not installed
        where = f"Dask {dask}" if dask else "local"
        raise AutogradeError(f"채점기를 시작하지 못했습니다 ({where}): {one_line(exc)}",
                             f"could not start the graders ({where}): {one_line(exc)}") from None
    recorder = None
    try:
        # this course's grading secret (the one nbgrader uses), wherever the command was started
        with using_course(course), Progress(*columns, console=console, transient=False) as progress:
            workers = getattr(executor, "workers", None)
            at_once = f" ({workers} at once)" if workers else ""
            grading = progress.add_task(f"grading {aid}{at_once}", total=len(todo))
            recording = progress.add_task(f"recording {aid} (nbgrader)", total=len(todo))
            futures = {executor.submit(job): job for job in grade_jobs(course, aid, todo)}
            no_job = set(todo) - {job.tag for job in futures.values()}  # too large: nbgrader reports it
            progress.advance(grading, len(no_job))
            released = released_cells(aid)  # the cache key's locked cells, while the first jobs grade
            recorder = open_recorder(course, aid)  # nbgrader starts up while the first jobs grade
            run.db_url, run.course_id = recorder.app.coursedir.db_url, recorder.app.coursedir.course_id
            for future in as_completed(futures):
                job = futures[future]
                try:
                    report = future.result()
                except CancelledError:
                    continue
                outcome = run.outcomes[job.tag]
                outcome.report = report
                cache_report(course, aid, job, report, released)
                progress.advance(grading)
                run.grading_seconds = time.perf_counter() - started
                t0 = time.perf_counter()
                recorded = recorder.record(job.tag)
                run.recording_seconds += time.perf_counter() - t0
                outcome.recorded, outcome.cause = recorded.ok, recorded.cause
                progress.advance(recording)
            for student in sorted(no_job):
                recorded = recorder.record(student)
                run.outcomes[student].recorded, run.outcomes[student].cause = recorded.ok, recorded.cause
                progress.advance(recording)
    except KeyboardInterrupt:
        run.interrupted = True
    except Exception as exc:
        if isinstance(exc, AutogradeError):
            raise
        import sqlalchemy

        if isinstance(exc, sqlalchemy.exc.SQLAlchemyError):
            raise AutogradeError(f"성적부(데이터베이스) 오류: {one_line(exc)}",
                                 f"gradebook database error: {one_line(exc)}") from None
        raise
    finally:
        executor_close(executor)
        if recorder is not None:
            recorder.__exit__(None, None, None)
    run.total_seconds = time.perf_counter() - started
    return run


def executor_close(executor) -> None:
    try:
        executor.close()  # cancels what has not started
    except KeyboardInterrupt:  # a second Ctrl-C while the workers stop
        pass


# -- the summary ------------------------------------------------------------------------------
@dataclass
class StudentRow:
    student: str
    total: float | None  # from the gradebook; None: not recorded
    failed: list[str]
    hints: list[str]
    status: str
    answered_as: str | None = None  # a quiz answered under another id than the one graded


def answered_as(aid: str, notebook: Path | None, student: str) -> str | None:
    """For a quiz: the id the student typed in the quiz's id cell when it is not the nbgrader id
    the quiz is graded under (the numbers they saw were someone else's), else None."""
    from autograder.checks.quizzes import QuizAssignment, identity_mismatch

    if notebook is None or not isinstance(checks.get(aid), QuizAssignment):
        return None
    import nbformat

    from autograder.submission import from_notebook

    try:
        nb = nbformat.read(notebook, as_version=4)
        answers = {c.answer: c.source for c in from_notebook(nb).cells if c.answer}
    except Exception:  # unreadable: the row already says what nbgrader made of it
        return None
    return identity_mismatch(answers, student)


def summary_rows(course: Path, run: Run) -> tuple[list[StudentRow], dict]:
    """Per student and per assignment, totals read back from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(run.db_url, run.course_id) as gb:
        enrolled = [s.id for s in gb.students]
        totals = {}
        for submission in gb.assignment_submissions(run.assignment):
            totals[submission.student_id] = submission.score
        for student, outcome in sorted(run.outcomes.items()):
            report = outcome.report
            failed = [q.id for q in report.questions.values() if q.score < q.max_score] if report else []
            hints = sorted({c.hint_id for q in report.questions.values() for c in q.checks
                            if not c.passed and c.hint_id}) if report else []
            if outcome.recorded:
                status = "recorded"
            elif outcome.cause:
                status = f"nbgrader failed: {outcome.cause}"
            else:
                status = "not recorded (interrupted)" if run.interrupted else "not recorded"
            try:
                total = gb.find_submission(run.assignment, student).score if outcome.recorded else None
            except MissingEntry:
                total = None
            rows.append(StudentRow(student, total, failed, hints, status,
                                   answered_as(run.assignment, outcome.notebook, student)))
        submitted = set(totals)
        missing = sorted(s for s in enrolled if s not in submitted)
        scores = [totals[s] for s in submitted]
        try:
            max_score = gb.find_assignment(run.assignment).max_score
        except MissingEntry:
            max_score = 0.0
    faults = [r.student for r in rows if r.status != "recorded"]
    overview = {"submitted": len(submitted), "mean": sum(scores) / len(scores) if scores else None,
                "max_score": max_score, "missing": missing, "faults": faults}
    return rows, overview


def print_summary(course: Path, run: Run, console: Console) -> None:
    rows, overview = summary_rows(course, run)
    table = Table(title=f"{run.assignment} — 학생별 / per student (gradebook)", title_justify="left")
    for column, justify in (("student", "left"), ("total", "right"), ("failed questions", "left"),
                            ("hints", "left"), ("status", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    for r in rows:
        total = "—" if r.total is None else f"{r.total:g}"
        status = r.status if r.answered_as is None else f"{r.status}; answered as {r.answered_as!r}"
        style = None if r.status == "recorded" and r.answered_as is None else "red"
        table.add_row(escape(r.student), total, escape(", ".join(r.failed)), escape(", ".join(r.hints)),
                      escape(status), style=style)
    console.print(table)
    others = [r for r in rows if r.answered_as is not None]
    if others:
        listed = ", ".join(f"{r.student} ({r.answered_as!r})" for r in others)
        console.print(f"[bold red]학생 ID 불일치 / student id mismatch[/bold red]: {len(others)}명이 다른 ID로 "
                      f"퀴즈를 풀었습니다 / answered the quiz under another id: {escape(listed)}. nbgrader ID의 "
                      "숫자로 채점했고, 피드백에 그 ID의 숫자로 받을 점수를 적었습니다 / graded with the numbers of "
                      "their nbgrader id; their feedback says what each answer scores with the numbers of the id "
                      "they typed (README: quiz identity)", soft_wrap=True)
    mean = "—" if overview["mean"] is None else f"{overview['mean']:.2f} / {overview['max_score']:g}"
    missing, faults = names(overview["missing"]), names(overview["faults"])
    console.print(f"[bold]{escape(run.assignment)}[/bold]: 평균/mean {mean} over {overview['submitted']} "
                  f"submission(s); 미제출/missing {missing}; 오류/faults {faults}", soft_wrap=True)


def names(students: list[str], shown: int = 20) -> str:
    if not students:
        return "0"
    more = " …" if len(students) > shown else ""
    return f"{len(students)}: {escape(', '.join(students[:shown]))}{more}"


def autograde(aid: str, course: str | Path = ".", jobs: int = 0, student: str | None = None,
              dask: str | None = None, console: Console | None = None) -> int:
    """The `backprop-lab autograde` command: 0 when every student was processed (a student
    nbgrader could not record is listed with the cause), 1 or 2 for a failed run, 130 on Ctrl-C."""
    console = console or Console(highlight=False)
    errors = Console(stderr=True, highlight=False)
    course = Path(course).resolve()
    try:
        todo = check_course(course, aid, student)
        run = run_autograde(course, aid, todo, jobs, dask, console=errors)
    except AutogradeError as exc:
        errors.print(f"[red]오류/error:[/red] {escape(str(exc))}", soft_wrap=True)
        return exc.status
    except KeyboardInterrupt:
        errors.print("중단했습니다 / interrupted: 아무것도 기록하지 않았습니다 / nothing was recorded")
        return 130
    try:
        print_summary(course, run, console)
    except KeyboardInterrupt:
        pass
    except Exception as exc:  # the summary only reads; the run itself is done
        errors.print(f"[yellow]요약을 읽지 못했습니다 / could not read the summary back: {escape(str(exc))}[/yellow]",
                     soft_wrap=True)
    for outcome in run.outcomes.values():
        if outcome.cause:
            errors.print(f"[red]nbgrader가 {escape(outcome.student)} 학생을 기록하지 못했습니다 / nbgrader could not "
                         f"record {escape(outcome.student)}:[/red] {escape(outcome.cause)} "
                         f"(details in {CACHE.parent / f'nbgrader-autograde-{aid}.log'})", soft_wrap=True)
    done = sum(o.recorded for o in run.outcomes.values())
    if run.interrupted:
        errors.print(f"중단했습니다 / interrupted: {done}/{len(run.outcomes)}명 기록 / students recorded; "
                     "나머지는 이전 상태 그대로입니다 / the others are as they were", soft_wrap=True)
        return 130
    console.print(f"{done}/{len(run.outcomes)} recorded in {run.total_seconds:.1f} s "
                  f"(grading {run.grading_seconds:.1f} s, nbgrader {run.recording_seconds:.1f} s, overlapped)")
    return 0
