"""What one student sees of a quiz question, from its public part alone.

Standard library only, on plain dicts (``PublicQuestion.to_dict()``): the grader uses this
module through :mod:`autograder.quiz.bank`, and the quiz notebook carries its source in a
locked cell, so a student's kernel needs nothing installed to show the student their own
numbers and choice order. Holds no answer and draws nothing the grader does not draw the
same way: a variant comes from SHA-256 of (scheme, quiz id, question id, student id).
"""

import decimal
import hashlib
import json
import math
import re

VARIANT_SCHEME = "quiz-variant-v1"
LETTERS = "ABCDE"
SYMBOLIC_FUNCTIONS = ("exp", "log", "sqrt", "tanh", "sigmoid")
EXACT_TOLERANCE = 1e-6
PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def unit(*parts):
    """A number in [0, 1) from SHA-256 of the parts: stable across runs and machines."""
    digest = hashlib.sha256("\x1f".join((VARIANT_SCHEME, *parts)).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def plain_number(value):
    """A number without exponent or trailing zeros: 0.00001, 2, 0.5."""
    if isinstance(value, int):
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return format(decimal.Decimal(repr(float(value))), "f")


def fill(template, values):
    """Replace ``{name}`` for the names in ``values``; leave other braces (LaTeX) alone."""
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def draw(spec, u):
    """The value of a parameter (spec: ``ParamSpec.to_dict()``) for a uniform draw ``u`` in [0, 1)."""
    if spec["kind"] == "uniform":
        value = round(spec["low"] + (spec["high"] - spec["low"]) * u, spec["decimals"]) + 0.0  # no -0.0
        return min(max(value, spec["low"]), spec["high"])
    if spec["kind"] == "int":
        low, high = int(spec["low"]), int(spec["high"])
        return min(low + math.floor(u * (high - low + 1)), high)
    values = spec["values"]
    return values[min(math.floor(u * len(values)), len(values) - 1)]


def format_param(spec, value):
    """The value as the student sees it (exactly the value the grader uses)."""
    if spec["kind"] == "uniform":
        return f"{value:.{spec['decimals']}f}"
    return plain_number(value)


def describe_tolerance(tolerance):
    """``±0.001``, ``±1%`` or ``±(0.001 + 1%)``."""
    parts = []
    if tolerance.get("abs"):
        parts.append(plain_number(tolerance["abs"]))
    if tolerance.get("rel"):
        parts.append(f"{plain_number(tolerance['rel'] * 100)}%")
    return f"±{parts[0]}" if len(parts) == 1 else f"±({parts[0]} + {parts[1]})"


def draw_params(public, student_id, quiz_id):
    return {name: draw(spec, unit("param", quiz_id, public["id"], student_id, name))
            for name, spec in public["params"].items()}


def student_order(public, student_id, quiz_id):
    """Positions in ``public['choices']`` in the order this student sees them."""
    n = len(public["choices"])
    if not public["shuffle"]:
        return list(range(n))
    return sorted(range(n), key=lambda i: unit("choice", quiz_id, public["id"], student_id, str(i)))


def answer_hint(public):
    """How to write the answer, (ko, en)."""
    kind = public["type"]
    if kind == "choice":
        last = LETTERS[len(public["choices"]) - 1]
        return (f'보기 글자 하나로 답하세요 (A–{last}), 예: "A".', f'Answer with one letter (A-{last}), e.g. "A".')
    if kind == "truefalse":
        return ('참이면 "O", 거짓이면 "X"로 답하세요.', 'Answer "O" if true, "X" if false.')
    if kind == "numeric":
        tolerance = public["tolerance"]
        if not tolerance.get("rel") and tolerance.get("abs", 0.0) <= EXACT_TOLERANCE:
            return ("정확한 값을 숫자 하나로 답하세요.", "Answer with the exact value, one number.")
        tol = describe_tolerance(tolerance)
        return (f"숫자 하나로 답하세요 (허용 오차 {tol}).", f"Answer with one number (tolerance {tol}).")
    names = ", ".join(public["variables"])
    functions = ", ".join(SYMBOLIC_FUNCTIONS)
    first = public["variables"][0]
    return (
        f'변수 {names}로 된 식을 문자열로 답하세요, 예: "2*{first}". 쓸 수 있는 것: 숫자, + - * / ** ( ), {functions}.',
        f'Answer with an expression in {names} as a string, e.g. "2*{first}". '
        f"Allowed: numbers, + - * / ** ( ), {functions}.",
    )


def view(public, student_id, quiz_id):
    """The student-visible view of one question for one student, as a dict (no answer in it)."""
    student_id = str(student_id)
    shown = {name: format_param(public["params"][name], value)
             for name, value in draw_params(public, student_id, quiz_id).items()}
    choices = [[LETTERS[pos], fill(public["choices"][i]["ko"], shown), fill(public["choices"][i]["en"], shown)]
               for pos, i in enumerate(student_order(public, student_id, quiz_id))]
    hint_ko, hint_en = answer_hint(public)
    content = {
        "quiz_id": quiz_id, "question_id": public["id"], "student_id": student_id, "type": public["type"],
        "topic": public["topic"], "lecture": public["lecture"],
        "ko": fill(public["ko"], shown), "en": fill(public["en"], shown),
        "choices": choices, "params": shown, "variables": list(public["variables"]),
        "answer_hint_ko": hint_ko, "answer_hint_en": hint_en,
    }
    content["fingerprint"] = hashlib.sha256(
        json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]
    return content


def markdown(view, number=None):
    """A Markdown block for one question: Korean, then English, then the choices and how to answer."""
    title = f"**{number}.** " if number is not None else ""
    lines = [f"{title}{view['ko']}", "", view["en"], ""]
    for letter, ko, en in view["choices"]:
        lines.append(f"- **{letter}.** {ko}" + (f" / {en}" if en.strip() != ko.strip() else ""))
    if view["choices"]:
        lines.append("")
    lines.append(f"*{view['answer_hint_ko']}*  ")
    lines.append(f"*{view['answer_hint_en']}*")
    return "\n".join(lines)
