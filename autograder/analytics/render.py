"""report.html and the per-assignment CSV files, made from report.json's data only.

The HTML comes from one Jinja template with autoescaping on: every name, answer and message in
it is student text and is escaped; the CSS is inline and the plots are SVG data URIs, so the page
makes no request to any other host (it opens from a USB stick or an LMS upload).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from autograder.analytics import plots
from autograder.analytics.compute import FAULT_WORDS
from autograder.hints import HINTS


def make_plots(data: dict) -> dict[str, str]:
    """Plot id -> data URI, for every plot the template shows."""
    out: dict[str, str] = {}
    for aid, a in data["assignments"].items():
        if a["scores"]:
            out[f"{aid}/histogram"] = plots.histogram(list(a["scores"].values()), a["max_score"])
            out[f"{aid}/means"] = plots.question_means({q: s["mean_fraction"] for q, s in a["questions"].items()})
        if a["kind"] == "quiz" and a["students"] >= 2:
            out[f"{aid}/items"] = plots.item_map({q: (s["difficulty"], s["discrimination"])
                                                  for q, s in a["questions"].items()})
        for qid, q in a["questions"].items():
            if q["hints"]:
                out[f"{aid}/{qid}/hints"] = plots.bars({h: len(s) for h, s in q["hints"].items()}, "students")
            if q.get("choices") and sum(q["choices"].values()):
                out[f"{aid}/{qid}/choices"] = plots.choices(q["choices"], q["answer"], q.get("choice_groups"))
    hints = data["across"]["hints"]
    if hints:
        out["across/hints"] = plots.bars({h: i["students"] for h, i in hints.items()}, "students")
    return out


def fmt(x, digits: int = 2) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.{digits}f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x)}"
    return str(x)


def percent(x) -> str:
    return "–" if x is None else f"{100 * x:.0f}%"


def render_html(data: dict) -> str:
    env = Environment(loader=PackageLoader("autograder.analytics", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["fmt"] = fmt
    env.filters["percent"] = percent
    template = env.get_template("report.html.j2")
    return template.render(data=data, plots=make_plots(data), hints=HINTS, faults=FAULT_WORDS)


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (ids are student text)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def assignment_csv(aid: str, a: dict) -> str:
    """One row per student: total, each question's score, then per hint id the questions it hit and
    per fault the questions it broke."""
    questions = list(a["questions"])
    hint_ids = sorted({h for q in a["questions"].values() for h in q["hints"]})
    fault_kinds = sorted({k for q in a["questions"].values() for k in q["faults"]})
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["student", "total", *questions, *(f"hint:{h}" for h in hint_ids),
                     *(f"fault:{k}" for k in fault_kinds)])
    for student, total in a["scores"].items():
        row = [spreadsheet_safe(student), fmt(total, 6)]
        row += [fmt(a["questions"][q]["scores"].get(student), 6) for q in questions]
        row += [" ".join(q for q in questions if student in a["questions"][q]["hints"].get(h, ())) for h in hint_ids]
        row += [" ".join(q for q in questions if student in a["questions"][q]["faults"].get(k, ()))
                for k in fault_kinds]
        writer.writerow(row)
    for student in a["missing"]:
        writer.writerow([spreadsheet_safe(student), "missing"])
    return buffer.getvalue()


def write_all(data: dict, out: Path) -> dict[str, Path]:
    import json

    out.mkdir(parents=True, exist_ok=True)
    written = {"json": out / "report.json", "html": out / "report.html"}
    written["json"].write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    written["html"].write_text(render_html(data), encoding="utf-8")
    for aid, a in data["assignments"].items():
        path = out / f"report-{aid}.csv"
        path.write_text(assignment_csv(aid, a), encoding="utf-8", newline="")
        written[aid] = path
    return written
