"""`nbgrader export` with scores a person can read: 14.2, not 14.200000000000006.

Partial credit adds up in floating point (0.3 blanks, 1.5-point checks); nbgrader writes the
sums with `str()`. This plugin lets nbgrader write its CSV, then rewrites the score columns
rounded to 4 decimals (finer than any point value we give) and quotes fields properly.
"""

from __future__ import annotations

import csv

from nbgrader.plugins import CsvExportPlugin

SCORE_COLUMNS = ("raw_score", "late_submission_penalty", "score", "max_score")


def rounded(value: str) -> str:
    try:
        number = round(float(value), 4)
    except ValueError:
        return value  # empty (no submission) or not a number: as nbgrader wrote it
    text = f"{number:.4f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


class RoundedCsvExport(CsvExportPlugin):
    def export(self, gradebook) -> None:
        super().export(gradebook)
        dest = self.to or "grades.csv"
        with open(dest, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        if not rows:
            return
        header = rows[0]
        columns = [header.index(name) for name in SCORE_COLUMNS if name in header]
        for row in rows[1:]:
            for i in columns:
                if i < len(row):
                    row[i] = rounded(row[i])
        with open(dest, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
