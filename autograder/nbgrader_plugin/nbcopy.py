"""A faster `copy.deepcopy` of notebooks, for the recorder.

nbconvert and nbformat deep-copy the whole notebook about thirteen times per student (the
exporter, both preprocessor passes, `normalize`, every `writes`). nbformat's
`NotebookNode.__deepcopy__` goes back through `copy.deepcopy` for every list item and every
nested value, and deep-copies each node's `__dict__` (`{"_allownew": True}`) as well: a quarter
of the time nbgrader spends recording a student.

`fast_deepcopy()` installs, for the duration of a `with` block, a `NotebookNode.__deepcopy__`
that builds the same copy without those detours: the same types (a node's plain-`dict` value
becomes a `NotebookNode` through `from_dict`, a plain `dict` in a list stays a `dict`), the same
sharing (an object met twice is copied once, as `copy.deepcopy`'s memo does; a list directly
under a node is a new list each time, as in nbformat's), strings and numbers shared. The one
step left out is copying each node's `__dict__` into the memo: the copy's `__dict__` is already
`{"_allownew": True}`, and no notebook holds a node's `__dict__` as a value. Only exact
`NotebookNode`, `dict`, `list`, `str`, `int`, `float`, `bool` and `None` are handled here;
anything else (a tuple, bytes, a subclass, a node with other attributes) is copied by
`copy.deepcopy` and nbformat's own method, so the result is always what nbformat's would be.
"""

from __future__ import annotations

import contextlib
import copy
import threading
from collections.abc import Iterator

from nbformat.notebooknode import NotebookNode

_ATOMIC = frozenset({str, int, float, bool, type(None)})
_ORIGINAL = NotebookNode.__deepcopy__
_PLAIN_STATE = {"_allownew": True}  # what Struct.__init__ gives every node
_new_node = NotebookNode.__new__
_set_attribute = object.__setattr__
_lock = threading.Lock()
_installed = 0


def _copy_value(value, memo: dict):
    """`copy.deepcopy(value, memo)` for the JSON-like types; the others go to copy.deepcopy."""
    cls = type(value)
    if cls in _ATOMIC:
        return value
    found = memo.get(id(value), memo)
    if found is not memo:
        return found
    if cls is NotebookNode:
        return _copy_node(value, memo)
    if cls is list:
        new = []
        memo[id(value)] = new
        append = new.append
        for item in value:
            append(item if type(item) in _ATOMIC else _copy_value(item, memo))
        return new
    if cls is dict:
        new = {}
        memo[id(value)] = new
        for key, item in value.items():
            new[key if type(key) in _ATOMIC else copy.deepcopy(key, memo)] = (
                item if type(item) in _ATOMIC else _copy_value(item, memo))
        return new
    return copy.deepcopy(value, memo)


def _copy_node(node: NotebookNode, memo: dict) -> NotebookNode:
    """nbformat's `NotebookNode.__deepcopy__`, step for step, for a node of exact type."""
    if node.__dict__ != _PLAIN_STATE or type(node.__dict__.get("_allownew")) is not bool:
        return _ORIGINAL(node, memo)
    new = _new_node(NotebookNode)
    _set_attribute(new, "_allownew", True)  # NotebookNode(), without the call through Struct.__init__
    memo[id(node)] = new
    for key, value in node.items():
        cls = type(value)
        if cls in _ATOMIC:
            dict.__setitem__(new, key, value)
        elif cls is list:  # a new list, not in the memo, as in nbformat's
            dict.__setitem__(new, key, [item if type(item) in _ATOMIC else _copy_value(item, memo)
                                        for item in value])
        else:
            copied = _copy_value(value, memo)
            if type(copied) is NotebookNode:
                dict.__setitem__(new, key, copied)
            else:
                new[key] = copied  # NotebookNode.__setitem__: a plain mapping becomes a node (from_dict)
    return new


def _deepcopy(self: NotebookNode, memo: dict) -> NotebookNode:
    if type(self) is not NotebookNode:
        return _ORIGINAL(self, memo)
    return _copy_node(self, memo)


@contextlib.contextmanager
def fast_deepcopy() -> Iterator[None]:
    """`NotebookNode.__deepcopy__` is the fast one inside the block (nested or in several
    threads: it is put back when the last block ends)."""
    global _installed
    with _lock:
        if _installed == 0:
            NotebookNode.__deepcopy__ = _deepcopy
        _installed += 1
    try:
        yield
    finally:
        with _lock:
            _installed -= 1
            if _installed == 0:
                NotebookNode.__deepcopy__ = _ORIGINAL
