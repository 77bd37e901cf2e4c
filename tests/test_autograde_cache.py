"""`backprop-lab autograde`'s pre-graded reports are used by nbgrader only for exactly the code
they graded; anything changed since is graded again."""

from __future__ import annotations

import json

import nbformat
import pytest

from autograder.course.autograde import CACHE, pregrade
from autograder.course.demo import class_for, gradebook_scores, nbgrader, submit
from autograder.course.init import init_course

pytestmark = pytest.mark.slow
AID = "ps3_hidden_error"


def test_cached_reports_are_used_only_for_the_code_they_graded(tmp_path):
    init_course(tmp_path)
    nbgrader(tmp_path, "generate_assignment", AID, "--force")
    released = nbformat.read(tmp_path / "release" / AID / f"{AID}.ipynb", as_version=4)
    everyone = class_for(AID, released, tmp_path)
    reference = everyone["ahn"][1]
    tampered = nbformat.from_dict(reference)
    locked = next(c for c in tampered.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("locked")
                  and "import numpy" in c.source)
    locked.source = "np = None  # edited locked cell: nbgrader puts it back"
    submit(tmp_path, AID, {"ann": everyone["ahn"], "ben": everyone["ahn"], "cal": ("locked edit", tampered)})
    pregrade(tmp_path, AID, jobs=2)
    cache = tmp_path / CACHE

    # ann, cal: mark one check failed in the cached report; nbgrader must take the cache as it is
    for student in ("ann", "cal"):
        path = cache / f"{AID}--{student}.json"
        data = json.loads(path.read_text())
        data["report"]["questions"]["output_error"]["checks"][0]["passed"] = False
        path.write_text(json.dumps(data))
    # ben: change the code after pre-grading; the cached full marks must not be used
    submitted = tmp_path / "submitted" / "ben" / AID / f"{AID}.ipynb"
    nb = nbformat.read(submitted, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "output_error_solution")
    cell.source = "def output_error(target, output):\n    return output - target\n"
    nbformat.write(nb, submitted)

    nbgrader(tmp_path, "autograde", AID, "--force", f"--BackpropGrade.cache_dir={cache}")
    recorded = gradebook_scores(tmp_path, AID)
    assert recorded["ann"]["output_error"] == 1.5  # the cached report (first check, 0.5, marked failed)
    assert recorded["ben"]["output_error"] == 0  # graded again: the sign mistake
    # cal edited a locked cell: pre-graded with it put back, as nbgrader does, so the cache still hits
    assert recorded["cal"]["output_error"] == 1.5
    assert sum(recorded["cal"].values()) == sum(recorded["ann"].values())
