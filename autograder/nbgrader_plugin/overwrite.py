"""`OverwriteCellsSafely`: nbgrader's OverwriteCells, without a crash on duplicated cells.

nbgrader's DeduplicateIds empties the nbgrader metadata of every copy of a cell but the
last (a copy-pasted test cell), and OverwriteCells drops the id of a cell the gradebook does
not know; `add_missing_task_cells` then reads `metadata.nbgrader.grade_id` of every cell
that has nbgrader metadata and fails with KeyError 'grade_id', so the whole notebook scored
0 while `backprop-lab check` gave full marks. Such cells are plain cells now: their empty
metadata is removed first, and they are graded (and run) as the student's code, exactly
as `check` does (`autograder.submission.from_notebook`).
"""

from __future__ import annotations

from nbgrader.preprocessors import OverwriteCells


class OverwriteCellsSafely(OverwriteCells):
    def add_missing_task_cells(self, nb, resources):
        for cell in nb.cells:
            meta = cell.get("metadata", {})
            if "nbgrader" in meta and "grade_id" not in meta["nbgrader"]:
                del meta["nbgrader"]
        return super().add_missing_task_cells(nb, resources)
