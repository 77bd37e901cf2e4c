"""The class report (`backprop-lab report`): what the class got wrong, at a glance.

Not to be confused with `autograder/report.py`, the result of grading one submission.

- `sources.py` reads the gradebook (scores) and the grading reports (hints, faults, quiz
  answers), grading again whatever has no up-to-date report.
- `compute.py` turns them into plain data, once: report.json.
- `render.py` (with `plots.py` and `templates/`) makes report.html and the CSV files from that
  data only.
"""

from __future__ import annotations

from pathlib import Path


def make_report(course: str | Path = ".", assignments: list[str] | None = None, out: str | Path | None = None,
                names: bool = False, workers: int = 0, progress: bool = True) -> dict[str, Path]:
    """Write report.html, report.json and one CSV per assignment into `out` (default
    `<course>/reports/class/`); returns the paths written. Raises `ReportDataError` (bilingual)
    when there is nothing to report."""
    from autograder.analytics.compute import build
    from autograder.analytics.render import write_all
    from autograder.analytics.sources import load_class

    course = Path(course).resolve()
    data = build(load_class(course, assignments, workers=workers, progress=progress), names=names)
    return write_all(data, Path(out) if out else course / "reports" / "class")
