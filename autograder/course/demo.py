"""`make demo`: a whole term in one go, on a local course folder with a SQLite gradebook.

Creates the course with `backprop-lab init`, generates and releases the assignments with
nbgrader, simulates a class (correct answers written several ways, each common mistake,
a blank notebook, a cheat, a hang, a crash and an unreadable file) handed in as an LMS download and collected
with `nbgrader zip_collect`, grades it with
`backprop-lab autograde` (parallel grading, recorded by nbgrader's own pipeline), generates feedback,
exports the grades, prints a students x questions table with totals and hints, and ends by
writing the class report (`backprop-lab report`) and printing its path.
"""

from __future__ import annotations

import ast
import csv
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from rich.console import Console
from rich.table import Table

from autograder import checks
from autograder.checks.framework import solutions_dir
from autograder.checks.quizzes import quiz_ids
from autograder.course.autograde import CACHE, autograde
from autograder.course.build import notebook_assignments
from autograder.course.examples import examples
from autograder.course.init import init_course
from autograder.submission import is_autograder_test

console = Console(highlight=False, width=max(160, shutil.get_terminal_size().columns))
NAMES = ["ahn", "baek", "cho", "choi", "chung", "han", "hong", "hwang", "jang", "jeon", "jung", "kang",
         "kim", "kwon", "lee", "lim", "moon", "oh", "park", "seo", "shin", "song", "yoon", "yu", "bae",
         "nam", "noh", "ryu", "son", "woo"]


def nbgrader(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    exe = os.path.join(os.path.dirname(sys.executable), "nbgrader")
    result = subprocess.run([exe, *args], cwd=course, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        console.print(result.stdout[-3000:], result.stderr[-3000:])
        raise SystemExit(f"nbgrader {' '.join(args)} failed")
    return result


def definitions(source: str) -> tuple[list[str], dict[str, str]]:
    """Top-level imports and the definition of each name in `source`: the last one, or, when
    the last one builds on the one before (`class TwoLayerNet(TwoLayerNet)`), both in order."""
    tree = ast.parse(source)
    lines = source.splitlines()
    imports, defs = [], {}
    for node in tree.body:
        text = "\n".join(lines[node.lineno - 1 - len(getattr(node, "decorator_list", [])): node.end_lineno])
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(text)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            extends_itself = isinstance(node, ast.ClassDef) and any(
                isinstance(base, ast.Name) and base.id == node.name for base in node.bases)
            defs[node.name] = f"{defs[node.name]}\n\n\n{text}" if extends_itself and node.name in defs else text
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            for target in node.targets:
                defs[target.id] = text
    return imports, defs


def fill(released: nbformat.NotebookNode, source: str) -> nbformat.NotebookNode:
    """A student's notebook: each solution cell holds that student's definition."""
    nb = nbformat.from_dict(released)
    imports, defs = definitions(source)
    graded = set()
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            name = meta["grade_id"].removesuffix("_solution")
            graded.add(name)
            if name in defs:
                cell.source = defs[name]
    extras = [text for name, text in defs.items() if name not in graded]
    first = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
    first.source = "\n".join(imports + extras + [first.source])
    return nb


def class_for(aid: str, released: nbformat.NotebookNode, course: Path) -> dict[str, tuple[str, object]]:
    """student id -> (what they handed in, notebook or raw bytes)."""
    reference = (solutions_dir() / f"{aid}.py").read_text(encoding="utf-8")
    exs = examples(aid)
    chosen = [e for e in exs if e.full][:4] + pick_mistakes([e for e in exs if not e.full and not e.zero], 14)
    variants: list[tuple[str, object]] = [("reference solution", fill(released, reference))]
    variants += [(f"{'correct' if e.full else 'mistake'}: {e.name.removeprefix('correct_').removeprefix('mistake_')}",
                  fill(released, reference + "\n" + e.source())) for e in chosen]
    variants.append(("blank (as released)", nbformat.from_dict(released)))
    cheat = nbformat.from_dict(released)
    cheat.cells.append(nbformat.v4.new_code_cell(
        "import numpy as np\nnp.allclose = lambda *a, **k: True  # fake every comparison\n"
        "get_ipython().input_transformers_cleanup.append(lambda lines: [])  # empty the test cells\n"
        f"exec(open({str(course / 'source' / aid / (aid + '.ipynb'))!r}).read())  # read the solutions\n"
        f"open({str(course / 'gradebook.db')!r}, 'w').write('full marks')  # write the gradebook\n"))
    variants.append(("cheat: patch numpy, read source/, write gradebook", cheat))
    first_q = next(iter(checks.get(aid).questions))
    variants.append(("hang in the first question",
                     fill(released, reference + f"\ndef {first_q}(*args, **kwargs):\n    while True:\n        pass\n")))
    variants.append(("crash: os._exit in the first question",
                     fill(released, reference + f"\nimport os\ndef {first_q}(*args, **kwargs):\n    os._exit(1)\n")))
    variants.append(("unreadable notebook", b"\x89PNG this is not a notebook {"))
    return {f"{NAMES[i % len(NAMES)]}{i // len(NAMES) or ''}": v for i, v in enumerate(variants)}


def pick_mistakes(mistakes: list, n: int) -> list:
    """One mistake per hint id first, so the class shows every kind of feedback."""
    by_hint: dict[str, list] = {}
    for e in mistakes:
        by_hint.setdefault(",".join(sorted(set(e.expected.values()))), []).append(e)
    picked = []
    while len(picked) < n and any(by_hint.values()):
        for group in by_hint.values():
            if group and len(picked) < n:
                picked.append(group.pop(0))
    return picked


def quiz_class(quiz_id: str, released) -> dict[str, tuple[str, object]]:
    from autograder.checks.quizzes import bank_and_quizzes
    from autograder.course.quizzes import answered
    from autograder.quiz import variant

    bank, quizzes = bank_and_quizzes()
    ids = quizzes[quiz_id].question_ids

    def right(student: str) -> dict[int, str]:
        return {n: repr(variant(bank[b], student, quiz_id).expected) for n, b in enumerate(ids, 1)}

    wrong = {n: "'?'" for n in range(1, len(ids) + 1)}
    return {
        "ahn": ("all right (own variant)", answered(released, right("ahn"))),
        "baek": ("first 15 right, rest blank", answered(released, dict(list(right("baek").items())[:15]))),
        "cho": ("all blank (as released)", nbformat.from_dict(released)),
        "choi": ("all wrong", answered(released, wrong)),
        "chung": ("copied ahn's answers", answered(released, right("ahn"))),
    }


def submit(course: Path, aid: str, students: dict[str, tuple[str, object]]) -> None:
    """Hand the class in the way an LMS download arrives, and let `nbgrader zip_collect`
    put each file into submitted/<student>/<assignment>/."""
    archive = course / "downloaded" / aid / "archive"
    if archive.parent.exists():
        shutil.rmtree(archive.parent)
    archive.mkdir(parents=True)
    for student, (_, content) in students.items():
        target = archive / student / f"{aid}.ipynb"  # an LMS keeps one folder per student
        target.parent.mkdir()
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            nbformat.write(content, target)
    nbgrader(course, "zip_collect", aid, "--force")
    missing = [s for s in students if not (course / "submitted" / s / aid / f"{aid}.ipynb").exists()]
    if missing:
        raise SystemExit(f"zip_collect did not collect {missing}")


def gradebook_scores(course: Path, aid: str) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for submission in gb.assignment_submissions(aid):
            row = out.setdefault(submission.student_id, {})
            for nb in submission.notebooks:
                for grade in nb.grades:
                    row[grade.name] = grade.score
    return out


def print_table(aid: str, students: dict, scores: dict, course: Path) -> None:
    import json

    assignment = checks.get(aid)
    table = Table(title=f"{aid} — nbgrader gradebook (max {assignment.max_score:g})", show_lines=False)
    table.add_column("student")
    table.add_column("handed in")
    for qid in assignment.questions:
        table.add_column(qid.replace("_", " "), justify="right", max_width=11)
    table.add_column("total", justify="right", style="bold")
    table.add_column("hints")
    for student, (what, _) in students.items():
        row = scores.get(student, {})
        cache = course / CACHE / f"{aid}--{student}.json"
        hints = set()
        if cache.exists():
            report = json.loads(cache.read_text(encoding="utf-8"))["report"]
            hints = {c["hint_id"] for q in report["questions"].values() for c in q["checks"]
                     if not c["passed"] and c["hint_id"]}
        cells = [f"{row.get(q, 0) or 0:g}" for q in assignment.questions]
        total = sum(row.get(q, 0) or 0 for q in assignment.questions)
        table.add_row(student, what[:44], *cells, f"{total:g}", ", ".join(sorted(hints)))
    console.print(table)


def main(argv: list[str]) -> int:
    course = Path(argv[1] if len(argv) > 1 else "demo-course").resolve()
    started = time.monotonic()
    if course.exists():
        shutil.rmtree(course)
    console.rule("1. backprop-lab init")
    init_course(course)
    assignments = notebook_assignments()
    for aid in assignments:
        console.rule(f"2. {aid}: generate, release, simulate a class")
        nbgrader(course, "generate_assignment", aid, "--force")
        nbgrader(course, "release_assignment", aid, "--force")
        released = nbformat.read(course / "release" / aid / f"{aid}.ipynb", as_version=4)
        assert not any(is_autograder_test(c) and "BEGIN HIDDEN" in c.source for c in released.cells)
        students = class_for(aid, released, course)
        submit(course, aid, students)
        console.print(f"{len(students)} submissions in submitted/*/{aid}/")
        console.rule(f"3. {aid}: backprop-lab autograde (parallel grading, recorded by nbgrader's pipeline)")
        t0 = time.monotonic()
        autograde(aid, course)
        console.print(f"graded {len(students)} submissions in {time.monotonic() - t0:.1f} s")
        nbgrader(course, "generate_feedback", aid, "--force")
        feedback = list((course / "feedback").glob(f"*/{aid}/*.html"))
        console.print(f"feedback: {len(feedback)} HTML files in feedback/*/{aid}/")
        print_table(aid, students, gradebook_scores(course, aid), course)
    for quiz_id in quiz_ids():
        console.rule(f"3q. {quiz_id}: generate, release, answer (right / blank / wrong), autograde")
        nbgrader(course, "generate_assignment", quiz_id, "--force")
        nbgrader(course, "release_assignment", quiz_id, "--force")
        released = nbformat.read(course / "release" / quiz_id / f"{quiz_id}.ipynb", as_version=4)
        students = quiz_class(quiz_id, released)
        submit(course, quiz_id, students)
        autograde(quiz_id, course)
        nbgrader(course, "generate_feedback", quiz_id, "--force")
        recorded = gradebook_scores(course, quiz_id)
        from autograder.checks.quizzes import bank_and_quizzes

        max_score = len(bank_and_quizzes()[1][quiz_id].question_ids)
        table = Table(title=f"{quiz_id} — 1 right / 0.3 blank / 0 wrong (max {max_score})")
        for column in ("student", "answered", "right", "blank (0.3)", "wrong", "total"):
            table.add_column(column)
        for student, (what, _) in students.items():
            row = [v or 0 for v in recorded.get(student, {}).values()]
            table.add_row(student, what, str(row.count(1.0)), str(sum(1 for v in row if abs(v - 0.3) < 1e-9)),
                          str(sum(1 for v in row if v == 0)), f"{sum(row):g}")
        console.print(table)
    console.rule("4. nbgrader export")
    nbgrader(course, "export")
    with open(course / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    console.print(f"grades.csv: {len(rows)} rows (student x assignment)")
    console.rule("5. backprop-lab report")
    from autograder.analytics import make_report

    written = make_report(course)
    console.print(f"done in {time.monotonic() - started:.0f} s — course folder: {course}")
    console.print(f"class report: {written['html']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
