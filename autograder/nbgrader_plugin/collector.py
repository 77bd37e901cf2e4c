"""`nbgrader zip_collect` for LMS downloads: the student id comes from the per-student folder.

An LMS download keeps each student's files in a folder of its own and the file names as the
student chose them. The id is therefore taken from the folder that holds the file (matched
in full by `folder_regexp`), never from the file name, which anyone can choose: a file named
`kim_ps1.ipynb` in lee's folder is lee's. An id must be a plain name (no path separator, no
`..`), so nothing is written outside `submitted/`. Each notebook becomes the assignment's
notebook (`<assignment>.ipynb`), whatever the student called it. Files that cannot be
attributed are reported and skipped.
"""

from __future__ import annotations

import os
import re

from nbgrader.plugins import FileNameCollectorPlugin
from traitlets import Unicode

PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]*")


class LmsFolderCollector(FileNameCollectorPlugin):
    folder_regexp = Unicode(
        r"(?P<student_id>[A-Za-z0-9][A-Za-z0-9._@-]*)",
        help="Matched in full against the name of the folder that holds a submitted file; its "
             "`student_id` group is the nbgrader student id (e.g. for Moodle's "
             "'Name_123_assignsubmission_file_' folders: r'.*_(?P<student_id>\\d+)_assignsubmission_file_').",
    ).tag(config=True)

    def collect(self, submitted_file: str) -> dict | None:
        path = os.path.normpath(submitted_file)
        parts = path.split(os.sep)
        if "extracted" not in parts:
            return self.unattributed(submitted_file, "not inside downloaded/<assignment>/extracted/")
        at = len(parts) - 1 - parts[::-1].index("extracted")
        assignment, inside = parts[at - 1], parts[at + 1:]
        if len(inside) < 2:
            return self.unattributed(submitted_file, "not inside a per-student folder")
        name = inside[-1]
        if os.path.splitext(name)[1] not in self.valid_ext:
            return None  # not a notebook: skipped quietly, as nbgrader does
        match = re.fullmatch(self.folder_regexp, inside[-2])
        student = match.groupdict().get("student_id") if match else None
        if not student or not PLAIN_ID.fullmatch(student) or ".." in student:
            return self.unattributed(submitted_file, f"folder {inside[-2]!r} does not give a plain student id")
        return {"student_id": student, "file_id": f"{assignment}{os.path.splitext(name)[1]}"}

    def unattributed(self, path: str, why: str) -> None:
        self.log.error("backprop-lab: could not attribute %s to a student (%s); skipped", path, why)
        return None
