"""Grader-side objects handed to student code: calls come back to the grader as callbacks.

What such an object computes and records lives in the grader only; the student process
holds a proxy with an id, nothing to read or patch.
"""

from __future__ import annotations

import numpy as np
import pytest

from autograder.sandbox.client import Remote, Sandbox, StudentError

pytestmark = pytest.mark.task2


class Recorder:
    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.calls: list = []

    def forward(self, x):
        self.calls.append(np.asarray(x, dtype=float).copy())
        return np.asarray(x, dtype=float) * self.scale

    def _secret(self):
        return self.scale


STUDENT = '''
import numpy as np

def use(f, x):
    return f(x) + f(2 * x)

def use_method(layer, x):
    return layer.forward(x)

def snoop(f):
    found = []
    for name in ("__closure__", "__dict__", "_id", "__self__"):
        try:
            found.append(repr(getattr(f, name)))
        except Exception as exc:
            found.append(type(exc).__name__)
    return " ".join(found)

def private(layer):
    return layer._secret()

def bad_argument(f):
    return f(object())
'''


@pytest.fixture()
def sandbox():
    with Sandbox() as box:
        box.start()
        box.exec_cell(STUDENT, "<student>", "__main__")
        box.begin_question(5, 5)
        yield box


def call(box, name, *args):
    return Remote(box, {"name": name, "path": []})(*args)


def test_a_grader_function_is_evaluated_in_the_grader(sandbox):
    seen = []

    def f(x):
        seen.append(np.asarray(x).copy())
        return float(np.sum(np.asarray(x) ** 2)) * 3.0

    x = np.array([1.0, 2.0])
    assert call(sandbox, "use", sandbox.serve(f), x) == pytest.approx(15.0 + 60.0)
    assert len(seen) == 2 and np.array_equal(seen[1], 2 * x)


def test_methods_of_a_grader_object_are_recorded_in_the_grader(sandbox):
    layer = Recorder(2.5)
    got = call(sandbox, "use_method", sandbox.serve(layer), np.arange(3.0))
    assert np.array_equal(got, np.arange(3.0) * 2.5)
    assert len(layer.calls) == 1  # the record is the grader's, not the child's


def test_the_proxy_carries_nothing_to_read(sandbox):
    text = call(sandbox, "snoop", sandbox.serve(lambda x: x))
    assert "2.5" not in text and "scale" not in text
    assert text.split()[0] == "AttributeError"  # no __closure__: not a function built in the child


def test_private_methods_and_bad_arguments_are_the_students_errors(sandbox):
    with pytest.raises(StudentError) as exc:
        call(sandbox, "private", sandbox.serve(Recorder(2.5)))
    assert "2.5" not in exc.value.message
    with pytest.raises(StudentError) as exc:
        call(sandbox, "bad_argument", sandbox.serve(lambda x: x))
    assert exc.value.type == "TypeError"
    assert call(sandbox, "use", sandbox.serve(lambda x: 1.0), 1.0) == 2.0  # the channel is still in step
