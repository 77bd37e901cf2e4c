"""The class report's plots, drawn with matplotlib from report.json's data and embedded in the
page as SVG data URIs (the file needs nothing from any other host).

Only numbers, question ids, hint ids and choice numbers are drawn: no student text ever goes
into a plot, and no Korean (an SVG's fonts are the reader's; the page around it is bilingual).
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

BLUE, RED, GREEN, GREY, ORANGE = "#3b6ea5", "#c0392b", "#2e8b57", "#9aa5b1", "#d68910"
WIDTH = 6.4


def _svg(fig: Figure) -> str:
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text as text: a fraction of the size
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(height: float) -> tuple[Figure, object]:
    fig = Figure(figsize=(WIDTH, height))
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def histogram(totals: list[float], max_score: float) -> str:
    fig, ax = _figure(2.6)
    bins = min(20, max(5, int(max_score) + 1)) if max_score else 10
    ax.hist(totals, bins=bins, range=(0, max_score or 1), color=BLUE, edgecolor="white")
    ax.set_xlabel(f"total score (max {max_score:g})")
    ax.set_ylabel("students")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return _svg(fig)


def question_means(means: dict[str, float | None]) -> str:
    """Mean score of each question as a fraction of its points."""
    labels = list(means)[::-1]
    values = [means[q] or 0.0 for q in labels]
    fig, ax = _figure(0.28 * len(labels) + 0.8)
    ax.barh(labels, values, color=[GREEN if v >= 0.8 else ORANGE if v >= 0.5 else RED for v in values])
    ax.set_xlim(0, 1)
    ax.set_xlabel("mean score / max")
    ax.tick_params(axis="y", labelsize=8)
    return _svg(fig)


def bars(counts: dict[str, int], xlabel: str, colour: str = RED) -> str:
    labels = list(counts)[::-1]
    fig, ax = _figure(0.3 * len(labels) + 0.7)
    ax.barh(labels, [counts[k] for k in labels], color=colour)
    ax.set_xlabel(xlabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _svg(fig)


def choices(counts: dict[str, int], answer: int | str, groups: dict[str, dict[str, int]] | None) -> str:
    """How often each choice (in the bank's order) was picked; the right one in green, and the
    picks of the upper and lower 27 % groups beside them."""
    keys = list(counts)
    labels = [f"#{int(k) + 1}" if k.isdigit() else k for k in keys]
    fig, ax = _figure(2.2)
    xs = range(len(keys))
    width = 0.4 if groups else 0.7
    ax.bar([x - (width / 2 if groups else 0) for x in xs], [counts[k] for k in keys], width,
           color=[GREEN if str(answer) == k else GREY for k in keys], label="all")
    if groups:
        ax.bar([x + width / 2 for x in xs], [groups[k]["upper"] for k in keys], width / 2, color=BLUE,
               label="upper 27%")
        ax.bar([x + width for x in xs], [groups[k]["lower"] for k in keys], width / 2, color=ORANGE,
               label="lower 27%")
        ax.legend(fontsize=7, frameon=False)
    ax.set_xticks(list(xs), labels)
    ax.set_ylabel("students")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return _svg(fig)


def item_map(items: dict[str, tuple[float | None, float | None]]) -> str:
    """Each quiz question by difficulty (proportion right) and discrimination."""
    fig, ax = _figure(3.2)
    for qid, (difficulty, discrimination) in items.items():
        if difficulty is None or discrimination is None:
            continue
        colour = RED if discrimination < 0 else ORANGE if discrimination < 0.2 else BLUE
        ax.scatter(difficulty, discrimination, color=colour, s=18)
        ax.annotate(qid, (difficulty, discrimination), fontsize=7, xytext=(3, 2), textcoords="offset points")
    ax.axhline(0, color=GREY, linewidth=0.8)
    ax.axhline(0.2, color=GREY, linewidth=0.5, linestyle=":")
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("difficulty (proportion right)")
    ax.set_ylabel("discrimination (upper - lower)")
    return _svg(fig)
