"""No draw of a parameterised quiz question accepts one of its listed mistakes.

Every parameter takes finitely many values (a uniform parameter is rounded to its decimals),
so the draws are the grid of the parameters the answer and the mistakes use. The test walks
that whole grid when it has at most FULL_GRID points; a larger grid (the 2x2 loss questions
have 9^8 points, the error split 3^2·2^4·81^2) is walked at FULL_GRID points drawn with a fixed
seed, every value of every parameter among them.
"""

from __future__ import annotations

import ast
import itertools
import math

import numpy as np
import pytest

from autograder.quiz.bank import ParamSpec, Question, _evaluate_answer_expr, load_bank

pytestmark = pytest.mark.quiz
BANK = load_bank()
PARAMETERISED = [q for q in BANK.values() if q.parameterised]
FULL_GRID = 60_000


def values_of(spec: ParamSpec) -> list[float | int]:
    if spec.kind == "choice":
        return list(spec.values)
    if spec.kind == "int":
        return list(range(int(spec.low), int(spec.high) + 1))
    step = 10.0 ** -spec.decimals
    count = round((spec.high - spec.low) / step)
    return sorted({spec.draw(k / count * (1 - 1e-12)) for k in range(count + 1)} | {spec.draw(0.999999999999)})


def used_names(q: Question) -> list[str]:
    texts = [q.answer_expr] + [t for m in q.mistakes for t in (m.expr, m.applies) if t]
    names = {n.id for text in texts for n in ast.walk(ast.parse(text, mode="eval")) if isinstance(n, ast.Name)}
    return [name for name in q.public.params if name in names]


def points(axes: list[list]):
    size = math.prod(len(a) for a in axes)
    if size <= FULL_GRID:
        yield from itertools.product(*axes)
        return
    rng = np.random.default_rng(0)
    for k in range(FULL_GRID):
        yield tuple(a[k % len(a)] if k < max(map(len, axes)) else a[rng.integers(len(a))] for a in axes)


def grid(q: Question):
    names = used_names(q)
    axes = [values_of(q.public.params[name]) for name in names]
    fixed = {name: values_of(spec)[0] for name, spec in q.public.params.items() if name not in names}
    return names, axes, fixed


def test_uniform_values_are_every_rounded_value():
    spec = ParamSpec("uniform", low=-3.0, high=3.0, decimals=1)
    assert values_of(spec) == [round(-3.0 + k / 10, 1) + 0.0 for k in range(61)]


@pytest.mark.parametrize("q", PARAMETERISED, ids=lambda q: q.id)
def test_every_parameterised_question_lists_its_mistakes(q):
    assert q.mistakes, f"{q.id}: list the known mistakes its draws must reject (mistakes = [...])"


def grid_size(q: Question) -> int:
    return min(math.prod(len(a) for a in grid(q)[1]), FULL_GRID)


@pytest.mark.parametrize("q", [pytest.param(q, id=q.id, marks=[pytest.mark.slow] if grid_size(q) > 20_000 else [])
                               for q in PARAMETERISED if q.mistakes])
def test_no_draw_accepts_a_listed_mistake(q):
    names, axes, fixed = grid(q)
    accepted = []
    checked = 0
    for point in points(axes):
        params = {**fixed, **dict(zip(names, point))}
        answer = _evaluate_answer_expr(q, params)
        for m in q.mistakes:
            value = m.value(params)
            if value is None:
                continue
            checked += 1
            if q.public.tolerance.allows(answer, value):
                accepted.append((m.why[:40], params, answer, value))
    assert checked > 0
    assert not accepted, f"{q.id}: {len(accepted)} draws accept a mistake, e.g. {accepted[:3]}"


def test_the_sigmoid_derivative_mistake_at_z_04_is_rejected():
    """The case the TA found: z(1 - z) = 0.24 at z = 0.4, where sigma'(0.4) = 0.24026."""
    q = BANK["act-sigmoid-derivative-value"]
    answer = _evaluate_answer_expr(q, {"z": 0.4})
    assert abs(answer - 0.24026) < 1e-5
    assert not q.public.tolerance.allows(answer, 0.4 * (1 - 0.4))
    assert np.isclose(q.mistakes[0].value({"z": 0.4}), 0.24)


def every_draw(q: Question) -> dict[str, np.ndarray]:
    """Every draw of q's parameters at once, one array per parameter (the full grid, not a sample)."""
    names = list(q.public.params)
    axes = [np.asarray(values_of(q.public.params[name]), dtype=float) for name in names]
    mesh = np.meshgrid(*axes, indexing="ij")
    return {name: m.ravel() for name, m in zip(names, mesh)}


def test_the_column_sums_split_is_rejected_on_every_draw():
    """split-proportional: dividing by the column sums (W / W.sum(axis=0), the ps3 check's wrong-axis
    mistake) is listed and rejected on every draw of the full grid, where the draws test only samples it."""
    q = BANK["split-proportional"]
    (mistake,) = [m for m in q.mistakes if "column sum" in m.why]
    assert mistake.applies is None
    W = np.array([[0.1, 0.2, 0.3], [0.3, 0.2, 0.2]])
    e = np.array([0.37, 0.81])
    params = dict(w11=0.1, w12=0.2, w13=0.3, w21=0.3, w22=0.2, w23=0.2, e1=0.37, e2=0.81)
    assert np.isclose(mistake.value(params), ((W / W.sum(axis=0)).T @ e)[0])
    assert np.isclose(_evaluate_answer_expr(q, params), ((W / W.sum(axis=1, keepdims=True)).T @ e)[0])

    draws = every_draw(q)
    assert len(draws["e1"]) == 3 * 2 * 2 * 3 * 2 * 2 * 81 * 81
    namespace = {"__builtins__": {}, "float": np.asarray}
    answers = eval(q.answer_expr, namespace, draws)
    for m in q.mistakes:
        values = eval(m.expr, namespace, draws)
        allowed = np.abs(values - answers) <= q.public.tolerance.bound(answers) * (1 + 1e-12) + 1e-15
        assert not allowed.any(), f"{m.why}: accepted at {np.flatnonzero(allowed)[:3]}"
