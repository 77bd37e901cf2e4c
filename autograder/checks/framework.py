"""How a hidden check is written: assignments, questions, checks, comparisons.

A check module declares an `Assignment`, its `Question`s (one per graded function or
class, whose id is its name) and, under each question, checks with their points and
tolerance:

    ps1 = Assignment("ps1_softmax_loss", "소프트맥스와 손실", "Softmax and losses")
    softmax = ps1.question("softmax")

    @softmax.check(points=1, tolerance="rtol 1e-7: float64 arithmetic, no iteration")
    def rows_sum_to_one(t):
        a = t.rng.normal(size=(5, 7))
        t.close(t.fn(a), t.ref.softmax(a), "softmax(a)", rtol=1e-7, mistakes={...})

`t.fn` is the student's object running in the sandbox, `t.ref` the reference solution
(loaded here, in the grading process, never in the sandbox), `t.rng` a generator seeded
per check from the course secret and a digest of the submission's code (so the same code
always meets the same hidden inputs, and changed code meets new ones). A check passes by
returning and fails by raising `Fail` (the comparison helpers do that, naming the hint).

The rules every check obeys, enforced here rather than in each check:

- **Points need a correct value.** A check earns its points only if it saw at least one
  correct value of the student's code: a passing `t.close` (or `t.correct_value()`, for a
  value the grader judged another way, e.g. an accuracy it measured). A property check
  (inputs unchanged, in place, restored, shapes) therefore also compares the value of the
  same call, and a stub or a `None` scores 0 on that question (`Check.run`).
- **Ask the student process nothing whose answer earns points.** Values come back as plain
  data and are judged here. Anything the student code must call while it runs (a test
  function, a stand-in layer) is a grader-side object (`t.serve`): the child gets a proxy
  and every call comes back here, where it is computed and recorded.
- **Hidden inputs stay hidden.** Failure messages give expected values only at a precision
  that would not pass the tolerance (`coarse`), never at full precision.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from autograder.hints import HINTS
from autograder.sandbox.client import Remote, StudentError

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# What known mistakes would return on the same input: {hint id: prediction} or a list of
# (hint id, prediction) pairs when one hint has several forms.
Mistakes = Mapping[str, Any] | list[tuple[str, Any]] | None


def solutions_dir() -> Path:
    return Path(os.environ.get("BACKPROP_LAB_SOLUTIONS", PROJECT_ROOT / "solutions"))


class Fail(Exception):
    """A check failed; `hint` is a hint id from autograder.hints or None."""

    def __init__(self, ko: str, en: str, hint: str | None = None) -> None:
        if hint is not None and hint not in HINTS:
            raise ValueError(f"unknown hint id {hint!r}")
        super().__init__(en)
        self.ko, self.en, self.hint = ko, en, hint


@dataclass
class Check:
    name: str
    points: float
    fn: Callable[[Context], None]
    tolerance: str | None = None

    def run(self, context: Context) -> None:
        """Run the check; raises Fail unless it passed *and* saw a correct value."""
        self.fn(context)
        if context.values_passed == 0:
            raise Fail("이 검사는 같은 호출의 값이 맞을 때만 점수를 받습니다: 맞는 값을 하나도 돌려받지 못했습니다.",
                       "This check earns its points only together with a correct value of the same call, "
                       "and no correct value came back.")


@dataclass
class Question:
    id: str
    assignment: Assignment
    wall_seconds: float = 5.0
    cpu_seconds: float | None = None
    kind: str = "function"  # or "class", "value"
    checks: list[Check] = field(default_factory=list)

    @property
    def max_score(self) -> float:
        return round(sum(c.points for c in self.checks), 6)

    def check(self, points: float, tolerance: str | None = None, name: str | None = None):
        def register(fn: Callable[[Context], None]) -> Callable[[Context], None]:
            check_name = name or fn.__name__
            if any(c.name == check_name for c in self.checks):
                raise ValueError(f"duplicate check {check_name!r} in {self.id}")
            self.checks.append(Check(check_name, float(points), fn, tolerance))
            return fn

        return register


@dataclass
class Assignment:
    id: str
    title_ko: str
    title_en: str
    cell_seconds: float = 10.0
    module: str = ""  # the module that defines the checks (for cache keys); set by checks.get
    questions: dict[str, Question] = field(default_factory=dict)
    _reference: ModuleType | None = None

    def question(self, qid: str, *, wall_seconds: float = 5.0, cpu_seconds: float | None = None,
                 kind: str = "function") -> Question:
        q = Question(qid, self, wall_seconds, cpu_seconds if cpu_seconds is not None else wall_seconds, kind)
        self.questions[qid] = q
        return q

    @property
    def max_score(self) -> float:
        return round(sum(q.max_score for q in self.questions.values()), 6)

    @property
    def reference(self) -> ModuleType:
        if self._reference is None:
            self._reference = load_module(solutions_dir() / f"{self.id}.py", f"_reference_{self.id}")
        return self._reference


def load_module(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the secret ----------------------------------------------------------------------------
SECRET_ENV = "BACKPROP_LAB_SECRET"
SECRET_FILE = Path(".backprop-lab") / "secret"  # inside a course folder; written by `backprop-lab init`
_course_root: Path | None = None  # set by configure(c) from nbgrader's CourseDirectory.root


def use_course(root: str | Path | None) -> None:
    """Grade with this course's secret (nbgrader_config.py's configure(c) calls it)."""
    global _course_root
    _course_root = Path(root).resolve() if root else None


@contextmanager
def using_course(root: str | Path | None):
    """Within the block, grade with this course's secret (then back to what it was)."""
    global _course_root
    saved = _course_root
    _course_root = Path(root).resolve() if root else saved
    try:
        yield
    finally:
        _course_root = saved


def course_of(path: str | Path):
    """Grade a file that lies inside a course (e.g. <course>/submitted/...) with that course's
    secret, as nbgrader does, unless a secret is already chosen."""
    found = None if os.environ.get(SECRET_ENV) or _course_root else find_course_secret(Path(path).resolve().parent)
    return using_course(found.parent.parent if found is not None else None)


def current_course() -> Path | None:
    """The course whose secret grading uses now (configured, or the one the current folder is in)."""
    if _course_root is not None:
        return _course_root
    found = find_course_secret(Path.cwd())
    return found.parent.parent if found is not None else None


def find_course_secret(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / SECRET_FILE).is_file():
            return folder / SECRET_FILE
    return None


def secret() -> str:
    """The grading secret: $BACKPROP_LAB_SECRET, else the course's secret file (the course
    nbgrader is configured for, or the one the current folder is in); "" when there is none,
    and the hidden inputs are then the public defaults."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    path = find_course_secret(_course_root or Path.cwd())
    if path is None:
        return ""
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""


NO_SECRET_NOTE = ("비밀값 없이 채점했습니다: 숨겨진 입력이 공개된 기본값입니다 "
                  "(backprop-lab init이 강좌에 비밀값을 씁니다) / graded without a secret: the hidden "
                  "inputs are the public defaults (backprop-lab init writes a secret into the course)")


def seed_for(*parts: str) -> int:
    digest = hashlib.sha256("/".join((*parts, secret())).encode()).digest()
    return int.from_bytes(digest[:8], "little")


def code_digest(sources: list[str]) -> str:
    """A digest of the code a submission runs: part of every hidden input's seed."""
    h = hashlib.sha256()
    for source in sources:
        h.update(hashlib.sha256(source.encode("utf-8", "surrogatepass")).digest())
    return h.hexdigest()


@dataclass
class TestFunction:
    """A function handed to student code (e.g. to numerical_gradient). It stays in the grader
    (`t.serve(f)`): the student's calls come back here by callback, so its parameters never
    enter the student process. "poly_sin" is f(x) = sum(a*sin(x)) + sum(b*x**2) +
    sum(c*x**3), whose gradient `gradient` gives exactly."""

    kind: str
    params: dict

    def __call__(self, x: np.ndarray) -> float:
        a, b, c = (np.asarray(self.params[k], dtype=float) for k in "abc")
        return float(np.sum(a * np.sin(x)) + np.sum(b * x**2) + np.sum(c * x**3))

    def gradient(self, x: np.ndarray) -> np.ndarray:
        a, b, c = (np.asarray(self.params[k], dtype=float) for k in "abc")
        return a * np.cos(x) + 2 * b * x + 3 * c * x**2


class Namespace:
    """The student's top-level names, as Remotes (`t.sub.softmax(x)`)."""

    def __init__(self, sandbox) -> None:
        self._sandbox = sandbox

    def __getattr__(self, name: str) -> Remote:
        if name.startswith("_"):
            raise AttributeError(name)
        return Remote(self._sandbox, {"name": name, "path": []}, name)


@dataclass
class Context:
    """What a check function receives."""

    question: Question
    check: Check
    sandbox: Any
    student_id: str | None = None
    extra: dict = field(default_factory=dict)
    shared: dict = field(default_factory=dict)  # one dict per question and submission, for its checks
    code: str = ""  # digest of the submission's code (`code_digest`)
    values_passed: int = 0  # correct values seen so far: a check earns points only if > 0

    def __post_init__(self) -> None:
        q = self.question
        self.rng = np.random.default_rng(self.seed(q.id, self.check.name))
        self.ref = q.assignment.reference
        self.sub = Namespace(self.sandbox)
        self.fn = getattr(self.sub, q.id)

    def seed(self, *parts: str) -> int:
        """A seed for hidden inputs: the secret, the submission's code, and `parts`."""
        return seed_for(self.question.assignment.id, *parts, self.code)

    def store(self, value: Any) -> Remote:
        """Put a value into the student process and get a Remote to it (for in-place checks)."""
        return self.sandbox.store(value)

    def serve(self, obj: Any):
        """Hand a grader-side object to student code: it gets a proxy; every call (or method
        call) comes back to the grader as a callback, computed and recorded here."""
        return self.sandbox.serve(obj)

    def correct_value(self) -> None:
        """Record a correct value the grader judged without `close` (a measured accuracy, a
        quiz answer, statistics of a random mask)."""
        self.values_passed += 1

    # -- comparisons -------------------------------------------------------------------
    def close(self, got: Any, want: Any, what: str, *, rtol: float = 1e-7, atol: float = 1e-10,
              mistakes: Mistakes = None, scalar: bool | None = None) -> None:
        """Pass if `got` equals `want` within tolerance; otherwise fail, naming the mistake
        whose prediction `got` matches (mistakes: hint id -> what that mistake returns)."""
        compare(got, want, what, rtol=rtol, atol=atol, mistakes=mistakes, scalar=scalar)
        self.values_passed += 1

    def unchanged(self, before: Any, after: Any, what: str) -> None:
        if not np.array_equal(np.asarray(before), np.asarray(after), equal_nan=True):
            raise Fail(f"{what}: 입력 배열이 바뀌었습니다.", f"{what}: an input array was modified.",
                       "mutates-input")

    def fail(self, ko: str, en: str, hint: str | None = None) -> None:
        raise Fail(ko, en, hint)

    @contextmanager
    def error_means(self, hint: str, ko: str, en: str):
        """Inside this block, an exception from student code is the named mistake
        (e.g. an IndexError on integer labels means "labels")."""
        try:
            yield
        except StudentError as exc:
            if exc.type == "NotImplementedError":
                raise  # a stub is not a mistake: it is reported as "not implemented yet"
            raise Fail(f"{ko} ({exc.type}: {exc.message[:300]})", f"{en} ({exc.type}: {exc.message[:300]})",
                       hint) from None


def fmt(value: Any) -> str:
    if isinstance(value, Remote):
        return repr(value)
    if isinstance(value, (np.ndarray, list, tuple)) and not isinstance(value, str):
        try:
            arr = np.asarray(value, dtype=float)
            if arr.ndim == 0:
                return f"{float(arr):.6g}"
            return np.array2string(arr, precision=5, threshold=12, edgeitems=3, max_line_width=100,
                                   suppress_small=False).replace("\n", " ") + f" shape={arr.shape}"
        except (TypeError, ValueError):
            pass
    text = repr(value)
    return text if len(text) < 200 else text[:200] + "…"


def as_numeric(got: Any, what: str) -> np.ndarray:
    if isinstance(got, Remote) or got is None or isinstance(got, (str, bytes, dict)):
        raise Fail(f"{what}: 숫자 배열이 아닌 {type(got).__name__}을(를) 반환했습니다.",
                   f"{what}: returned {fmt(got)}, not a number or an array.")
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Fail(f"{what}: 숫자로 바꿀 수 없는 값을 반환했습니다: {fmt(got)}",
                   f"{what}: returned something that is not numeric: {fmt(got)}") from None
    return arr


def matches(got: np.ndarray, predicted: Any, rtol: float, atol: float) -> bool:
    try:
        pred = np.asarray(predicted, dtype=float)
    except (TypeError, ValueError):
        return False
    if pred.shape != got.shape:
        return False
    return bool(np.allclose(got, pred, rtol=rtol, atol=atol, equal_nan=True))


def compare(got: Any, want: Any, what: str, *, rtol: float, atol: float,
            mistakes: Mistakes = None, scalar: bool | None = None) -> None:
    want_arr = np.asarray(want, dtype=float)
    got_arr = as_numeric(got, what)
    if scalar is None:
        scalar = want_arr.ndim == 0
    diag_rtol, diag_atol = max(rtol, 1e-6), max(atol, 1e-9)
    if scalar and got_arr.size == 1 and got_arr.ndim <= 1:
        got_arr = got_arr.reshape(())  # a float, a 0-d array or one element: all a scalar
    ok_shape = got_arr.shape == want_arr.shape
    if ok_shape and np.allclose(got_arr, want_arr, rtol=rtol, atol=atol, equal_nan=False):
        return
    hint = None
    candidates = list(mistakes.items()) if isinstance(mistakes, Mapping) else list(mistakes or [])
    for hint_id, predicted in candidates:
        if matches(got_arr, predicted, diag_rtol, diag_atol):
            hint = hint_id
            break
    if hint is None:
        if not ok_shape:
            hint = "shape"
        elif np.any(~np.isfinite(got_arr)) and np.all(np.isfinite(want_arr)):
            hint = "softmax-overflow" if any(h == "softmax-overflow" for h, _ in candidates) else None
        elif np.any(np.abs(want_arr) > atol) and matches(got_arr, -want_arr, diag_rtol, diag_atol):
            hint = "sign"
    if not ok_shape:
        raise Fail(f"{what}: 모양(shape)이 {got_arr.shape}이(가) 아니라 {want_arr.shape}이어야 합니다.",
                   f"{what}: expected shape {want_arr.shape}, got {got_arr.shape}.", hint)
    diff = np.abs(got_arr - want_arr)
    err = float(np.max(diff[np.isfinite(diff)])) if np.isfinite(diff).any() else float("nan")
    shown = coarse(want_arr, rtol, atol)
    raise Fail(
        f"{what}: 기댓값 {shown.replace('not shown', '표시하지 않음')}, 실제 {fmt(got_arr)} "
        f"(최대 오차 약 {err:.1g}, 허용 rtol={rtol:g}, atol={atol:g}).",
        f"{what}: expected {shown}, got {fmt(got_arr)} (max error about {err:.1g}; rtol={rtol:g}, atol={atol:g}).",
        hint,
    )


def round_significant(arr: np.ndarray, digits: int) -> np.ndarray:
    flat = [float(f"{v:.{digits}g}") if np.isfinite(v) else v for v in arr.ravel().tolist()]
    return np.array(flat, dtype=float).reshape(arr.shape)


def coarse(want: np.ndarray, rtol: float, atol: float) -> str:
    """Expected values at a precision that would not pass the tolerance: enough to see what
    went wrong, never an answer to copy (hidden inputs are hidden). Values so round that
    even one significant digit would pass are not shown."""
    for digits in (2, 1):
        shown = round_significant(want, digits)
        if not np.allclose(shown, want, rtol=rtol, atol=atol, equal_nan=True):
            if shown.ndim == 0:
                return f"≈ {float(shown):g}"
            return "≈ " + np.array2string(shown, threshold=12, edgeitems=3, max_line_width=100,
                                          separator=" ").replace("\n", " ") + f" shape={shown.shape}"
    return f"(values not shown, shape={want.shape})"
