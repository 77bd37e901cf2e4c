"""Text from a submission, made safe to print, log, store and put in a notebook.

Student code controls every message, type name, answer and printed line that reaches a report.
`clean` turns any of them into plain printable text: lone surrogates become U+FFFD, terminal
escape sequences (CSI, OSC such as OSC 52 clipboard writes, DCS, …) are removed, and so are the
other C0 and C1 control characters (newline and tab stay) and the bidirectional overrides that
make text read differently from what it is.
"""

from __future__ import annotations

import re

# ESC [ … final byte; ESC ] … (BEL or ESC \\); ESC P/X/^/_ … ESC \\; other two-byte escapes; 8-bit CSI/OSC
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]?"
    r"|[\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c|\x1b\\)?"
)
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(value: object, limit: int | None = None) -> str:
    """Printable text (see the module docstring); at most `limit` characters, marked when cut."""
    try:
        text = value if isinstance(value, str) else str(value)
    except Exception:
        text = "<unprintable>"
    text = str.encode(text, "utf-8", "replace").decode("utf-8")  # str.encode: a str subclass cannot lie
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROLS.sub("", _ESCAPES.sub("", text))
    if limit is not None and len(text) > limit:
        text = text[:limit] + f"… (+{len(text) - limit:,})"
    return text


def one_line(exc: BaseException) -> str:
    """An exception as one line: its type and the first line of its message (200 characters at most)."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200] if text else ''}".rstrip(": ")
