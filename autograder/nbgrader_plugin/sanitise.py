"""`SanitiseStudentHtml`: no script a student wrote reaches the instructor's browser.

nbgrader's feedback and formgrader render a submission's markdown, raw cells and outputs as
HTML on the instructor's Jupyter origin, and nbgrader's templates do not sanitise. This
preprocessor runs in `nbgrader autograde` (after grading, before `autograded/` is written,
so feedback and formgrader both see the cleaned notebook) and cleans, with `nh3` (the
Python binding of the Rust `ammonia` sanitiser):

- every markdown cell the student could edit (all but the locked cells nbgrader restored
  from the gradebook) and its attachments (raster images are kept; anything else, an SVG
  with script for one, becomes a blank image, so the notebook still renders);
- every raw cell;
- every output: HTML and markdown are cleaned, anything that can carry script (JavaScript,
  SVG, widget and other application/* types) is dropped; plain text, LaTeX and raster
  images are kept (the templates escape text).
"""

from __future__ import annotations

import html
import re

import nh3
from nbgrader.preprocessors import NbGraderPreprocessor

SAFE_IMAGES = ("image/png", "image/jpeg", "image/gif")
BLANK_PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
KEEP_AS_IS = ("text/plain", "text/latex", *SAFE_IMAGES)
CLEANED = ("text/html", "text/markdown")
# markdown links and images whose target runs script: [x](javascript:...), [x]: vbscript:...
UNSAFE_LINK = re.compile(r"(\]\(\s*<?|^\s*\[[^\]]*\]:\s*<?)\s*(?:javascript|vbscript|data|file)\s*:",
                         re.IGNORECASE | re.MULTILINE)


# Our own feedback wraps long lines in <pre style="white-space: pre-wrap; ...">: a `style` on <pre>
# survives, holding only properties that change how text wraps (nothing that positions, overlays
# or loads anything).
ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "pre": {*nh3.ALLOWED_ATTRIBUTES.get("pre", set()), "style"}}
# MathML, as feedback typesets quiz explanations (presentation elements only: no links, no script).
MATHML = {"math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub",
          "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover", "mtable", "mtr", "mtd",
          "mstyle", "mpadded", "mphantom", "menclose", "mfenced"}
MATHML_ATTRIBUTES = {"display", "mathvariant", "stretchy", "fence", "separator", "accent", "lspace", "rspace",
                     "linethickness", "columnalign", "encoding", "xmlns", "displaystyle", "scriptlevel"}
ATTRIBUTES.update({tag: MATHML_ATTRIBUTES for tag in MATHML})
TAGS = set(nh3.ALLOWED_TAGS) | MATHML
STYLE_PROPERTIES = {"white-space", "overflow-wrap", "word-break", "margin"}


def clean_html(text: str) -> str:
    return nh3.clean(text, tags=TAGS, url_schemes={"http", "https", "mailto"}, attributes=ATTRIBUTES,
                     filter_style_properties=STYLE_PROPERTIES)


def clean_markdown(text: str) -> str:
    """Markdown with any HTML in it sanitised. Text that nh3 leaves alone (apart from
    escaping `<`, `>` and `&`) is kept as written, so ordinary markdown renders unchanged."""
    text = UNSAFE_LINK.sub(lambda m: m.group(1) + "#unsafe-link-removed:", text)
    cleaned = clean_html(text)
    return text if html.unescape(cleaned) == html.unescape(text) else cleaned


def instructor_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("locked") and meta.get("grade_id"))  # restored from the gradebook by OverwriteCells


def clean_output(output) -> None:
    for key in ("data",):
        data = output.get(key)
        if not isinstance(data, dict):
            continue
        for mime in list(data):
            if mime in KEEP_AS_IS:
                continue
            if mime in CLEANED:
                value = data[mime]
                value = "".join(value) if isinstance(value, list) else str(value)
                data[mime] = clean_html(value) if mime == "text/html" else clean_markdown(value)
            else:
                del data[mime]  # application/javascript, image/svg+xml, widgets, ...


class SanitiseStudentHtml(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        for cell in nb.cells:
            if cell.cell_type == "markdown" and not instructor_cell(cell):
                source = "".join(cell.source) if isinstance(cell.source, list) else cell.source
                cell.source = clean_markdown(source)
                attachments = cell.get("attachments") or {}
                for name in list(attachments):
                    kept = {m: v for m, v in (attachments[name] or {}).items() if m in SAFE_IMAGES}
                    attachments[name] = kept or {"image/png": BLANK_PNG}
            elif cell.cell_type == "raw":
                source = "".join(cell.source) if isinstance(cell.source, list) else cell.source
                cell.source = clean_html(source)
            elif cell.cell_type == "code":
                for output in cell.get("outputs", []):
                    clean_output(output)
        return nb, resources
