"""`backprop-lab autograde` records a class with nbgrader's pipeline in one process (one shared
gradebook, one transaction per student, the compiled metadata check). For the same cached
reports it must write exactly what stock `nbgrader autograde` writes: every grade, comment,
late penalty and submission row, and every autograded notebook, cell for cell; on SQLite and
on PostgreSQL. The class includes a late submission, a deleted test cell, an edited locked
cell, a blank notebook and an unreadable file (nbgrader fails on it: ours must fail the same way).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder.course.autograde import CACHE, pregrade
from autograder.course.demo import class_for, nbgrader
from autograder.course.init import init_course
from autograder.nbgrader_plugin.record import ClassRecorder

pytestmark = pytest.mark.slow
AID = "ps1_softmax_loss"
DUE = "2026-03-01 00:00:00.000000 UTC"
ON_TIME, LATE = "2026-02-28 12:00:00.000000 UTC", "2026-03-01 06:00:00.000000 UTC"


@pytest.fixture(scope="module")
def handed_in(tmp_path_factory) -> dict[str, tuple[str, object]]:
    """student -> (timestamp, notebook or raw bytes), built once from a released notebook."""
    root = tmp_path_factory.mktemp("release")
    init_course(root)
    nbgrader(root, "generate_assignment", AID, "--force")
    released = nbformat.read(root / "release" / AID / f"{AID}.ipynb", as_version=4)
    everyone = class_for(AID, released, root)
    picked = {s: v for s, v in everyone.items()
              if v[0].startswith(("reference", "blank", "unreadable")) or v[0].startswith("mistake")}
    students = {s: (ON_TIME, content) for s, (_, content) in list(picked.items())[:6]}
    reference = next(content for what, content in everyone.values() if what == "reference solution")
    students["late"] = (LATE, reference)
    no_test = nbformat.from_dict(reference)
    no_test.cells = [c for c in no_test.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "softmax"]
    students["deleted-test"] = (ON_TIME, no_test)
    locked = nbformat.from_dict(reference)
    cell = next(c for c in locked.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("locked"))
    cell.source = "np = None  # edited a locked cell"
    students["edited-locked"] = (ON_TIME, locked)
    students["unreadable"] = (ON_TIME, b"\x89PNG not a notebook {")
    return students


def make_course(root: Path, db_url: str, students: dict) -> Path:
    init_course(root)
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as f:
        f.write(f"\nc.CourseDirectory.db_url = {db_url!r}\nc.LateSubmissionPlugin.penalty_method = 'zero'\n")
    from nbgrader.api import Gradebook

    with Gradebook(db_url, "backprop-lab") as gb:  # what `nbgrader db assignment add --duedate` does
        gb.update_or_create_assignment(AID, duedate=DUE)
    nbgrader(root, "generate_assignment", AID, "--force")
    for student, (timestamp, content) in students.items():
        folder = root / "submitted" / student / AID
        folder.mkdir(parents=True)
        if isinstance(content, bytes):
            (folder / f"{AID}.ipynb").write_bytes(content)
        else:
            nbformat.write(content, folder / f"{AID}.ipynb")
        (folder / "timestamp.txt").write_text(timestamp)
    return root


def gradebook_dump(db_url: str) -> dict:
    from nbgrader.api import Course, Gradebook, Student

    out: dict = {}
    with Gradebook(db_url) as gb:
        out["courses"] = sorted(c.id for c in gb.db.query(Course).all())
        out["students"] = sorted(s.id for s in gb.db.query(Student).all())
        for sub in gb.assignment_submissions(AID):
            row = out.setdefault(sub.student_id, {})
            row["submission"] = (str(sub.timestamp), sub.total_seconds_late, sub.score, sub.needs_manual_grade)
            for nb in sub.notebooks:
                row[nb.name] = {
                    "score": nb.score, "penalty": nb.late_submission_penalty, "flagged": nb.flagged,
                    "grades": {g.name: (g.auto_score, g.manual_score, g.extra_credit, g.needs_manual_grade)
                               for g in nb.grades},
                    "comments": {c.name: (c.auto_comment, c.manual_comment) for c in nb.comments},
                }
    return out


def autograded_dump(course: Path) -> dict:
    out = {}
    for path in sorted((course / "autograded").glob(f"*/{AID}/*")):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".ipynb" else text
        if path.suffix == ".ipynb":
            for cell in data["cells"]:
                if "".join(cell["source"]).startswith("# This cell (id:"):
                    cell.pop("id", None)  # a test cell nbgrader added back gets a new random id, each run
        out[f"{path.parent.parent.name}/{path.name}"] = data
    return out


def both_ways(tmp_path: Path, stock_url: str, ours_url: str, handed_in: dict) -> tuple[dict, dict]:
    stock = make_course(tmp_path / "stock", stock_url, handed_in)
    ours = make_course(tmp_path / "ours", ours_url, handed_in)
    secret = stock / ".backprop-lab" / "secret"  # one grading secret for both: the same hidden inputs
    if secret.exists():
        shutil.copyfile(secret, ours / ".backprop-lab" / "secret")
    pregrade(stock, AID, jobs=2)
    cache = stock / CACHE
    assert len(list(cache.glob("*.json"))) == len(handed_in) - 1  # every readable submission
    shutil.copytree(cache, ours / CACHE)

    nbgrader(stock, "autograde", AID, "--force", f"--BackpropGrade.cache_dir={cache}", check=False)
    with ClassRecorder(ours, AID, [f"--BackpropGrade.cache_dir={ours / CACHE}"]) as recorder:
        results = {s: recorder.record(s) for s in sorted(handed_in)}
    assert [s for s, r in results.items() if not r.ok] == ["unreadable"]
    assert "UnicodeDecodeError" in results["unreadable"].cause  # nbgrader's own error, in one line

    stock_state = {"gradebook": gradebook_dump(stock_url), "autograded": autograded_dump(stock)}
    ours_state = {"gradebook": gradebook_dump(ours_url), "autograded": autograded_dump(ours)}
    return stock_state, ours_state


def check_same(stock: dict, ours: dict) -> None:
    assert ours["gradebook"] == stock["gradebook"]
    assert sorted(ours["autograded"]) == sorted(stock["autograded"])
    for name, nb in stock["autograded"].items():
        assert ours["autograded"][name] == nb, name
    # the comparison is about something: graded, penalised, restored and failed as designed
    book = stock["gradebook"]
    late = book["late"][AID]
    assert late["penalty"] == late["score"] > 0  # penalty_method = zero takes the whole score
    assert book["deleted-test"][AID]["grades"]["softmax"][0] == 3  # the test cell came back and was graded
    assert book["edited-locked"][AID]["score"] == book["late"][AID]["score"]  # the locked cell put back
    assert "unreadable/ps1_softmax_loss.ipynb" not in stock["autograded"]
    assert len({nb[AID]["score"] for s, nb in book.items() if isinstance(nb, dict) and AID in nb}) >= 3


def test_same_as_stock_on_sqlite(tmp_path, handed_in):
    stock, ours = both_ways(tmp_path, f"sqlite:///{tmp_path / 'stock.db'}", f"sqlite:///{tmp_path / 'ours.db'}",
                            handed_in)
    check_same(stock, ours)


@pytest.mark.system
def test_same_as_stock_on_postgres(tmp_path, handed_in, postgres_url, postgres_server):
    stock, ours = both_ways(tmp_path, postgres_url, postgres_server.create_database(), handed_in)
    check_same(stock, ours)
