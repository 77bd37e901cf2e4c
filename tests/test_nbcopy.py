"""`fast_deepcopy` (autograder/nbgrader_plugin/nbcopy.py) makes the copy nbformat's own
`NotebookNode.__deepcopy__` makes: same values, same types at every position, same sharing,
and it is installed only inside its block."""

from __future__ import annotations

import copy

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nbformat.notebooknode import NotebookNode, from_dict

from autograder.nbgrader_plugin.nbcopy import fast_deepcopy

STOCK = NotebookNode.__deepcopy__


class Node(NotebookNode):
    """A subclass: must go through nbformat's method."""


def shape(x, seen=None):
    """Everything a deep copy must keep: the types at every position, the values, and which
    containers are the same object (numbered in order of first appearance)."""
    seen = {} if seen is None else seen
    if isinstance(x, (dict, list, tuple)):
        if id(x) in seen:
            return ("same-as", seen[id(x)])
        seen[id(x)] = len(seen)
        state = sorted(vars(x).items()) if hasattr(x, "__dict__") else None
        if isinstance(x, dict):
            return (type(x).__name__, state, [(shape(k, seen), shape(v, seen)) for k, v in x.items()])
        return (type(x).__name__, state, [shape(v, seen) for v in x])
    return (type(x).__name__, repr(x))


def both(tree):
    stock = copy.deepcopy(tree)
    with fast_deepcopy():
        assert NotebookNode.__deepcopy__ is not STOCK
        fast = copy.deepcopy(tree)
    assert NotebookNode.__deepcopy__ is STOCK
    return stock, fast


def no_shared_leaves_with(copied, original):
    """No container of the copy is a container of the original."""
    originals = set()

    def walk(x, into):
        if isinstance(x, (dict, list)):
            into.add(id(x))
            for v in (x.values() if isinstance(x, dict) else x):
                walk(v, into)

    walk(original, originals)
    mine = set()
    walk(copied, mine)
    return not (originals & mine)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8),
                    st.binary(max_size=4), st.complex_numbers(allow_nan=False, max_magnitude=1e6))
keys = st.text(max_size=6)


def containers(children):
    return st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=3).map(tuple),
        st.dictionaries(keys, children, max_size=4),
        st.dictionaries(keys, children, max_size=4).map(from_dict),  # nested dicts become nodes
        st.dictionaries(keys, children, max_size=4).map(NotebookNode),  # nested dicts stay dicts
        st.dictionaries(keys, children, max_size=3).map(Node),
    )


trees = st.recursive(scalars, containers, max_leaves=40)


@st.composite
def shared_trees(draw):
    """A node holding the same objects at several places (and a node whose state is not the usual)."""
    parts = draw(st.lists(trees, min_size=1, max_size=4))
    picks = draw(st.lists(st.integers(0, len(parts) - 1), min_size=1, max_size=8))
    root = NotebookNode()
    root["items"] = [parts[i] for i in picks]
    root["first"] = parts[picks[0]]
    root["nested"] = NotebookNode(a=[parts[picks[-1]]], b={"c": parts[picks[0]]})
    if draw(st.booleans()):
        odd = NotebookNode(x=parts[0])
        odd.allow_new_attr(False)
        root["odd"] = odd
    return root


@settings(max_examples=300, deadline=None)
@given(trees)
def test_any_json_like_tree_is_copied_as_nbformat_copies_it(tree):
    node = NotebookNode(tree=tree, again=tree, inside=[tree, {"t": tree}])
    stock, fast = both(node)
    assert shape(fast) == shape(stock)
    assert fast == stock  # (not always == node: nbformat turns a tuple under a plain dict into a list)
    assert no_shared_leaves_with(fast, node)


@settings(max_examples=200, deadline=None)
@given(shared_trees())
def test_sharing_and_odd_nodes_are_kept_as_nbformat_keeps_them(tree):
    stock, fast = both(tree)
    assert shape(fast) == shape(stock)
    assert fast == stock


def test_a_copy_inside_a_copy_and_the_memo():
    shared = from_dict({"data": {"text/plain": "1.0"}})
    node = NotebookNode(cells=[shared, shared], metadata=NotebookNode())  # from_dict would copy `shared`
    memo: dict = {}
    with fast_deepcopy():
        first = copy.deepcopy(node, memo)
        again = copy.deepcopy(node, memo)  # the memo answers: the same copy
    assert again is first
    assert first["cells"][0] is first["cells"][1]
    assert first["cells"][0] is not shared


def real_notebooks() -> list[tuple[str, NotebookNode]]:
    from autograder import checks
    from autograder.course.build import build_notebook

    found = []
    for aid in checks.problem_set_ids():
        nb = build_notebook(aid)
        code = [c for c in nb.cells if c.cell_type == "code"]
        code[0].outputs = [
            from_dict({"output_type": "stream", "name": "stdout", "text": "a\nb\n"}),
            from_dict({"output_type": "execute_result", "metadata": {}, "execution_count": 3,
                       "data": {"text/plain": "0.5", "text/markdown": "**ok** ✓", "image/png": "iVBORw0K"}}),
            from_dict({"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["t1", "t2"]}),
        ]
        nb.metadata.setdefault("backprop_lab", {})["report"] = {"score": 1.5, "errors": 0}
        found.append((aid, nbformat.reads(nbformat.writes(nb), as_version=4)))  # as nbgrader reads it back
    return found


@pytest.mark.parametrize("aid,nb", real_notebooks(), ids=lambda v: v if isinstance(v, str) else "")
def test_real_notebooks_copy_and_write_the_same(aid, nb):
    stock, fast = both(nb)
    assert shape(fast) == shape(stock)
    assert no_shared_leaves_with(fast, nb)
    with fast_deepcopy():
        written = nbformat.writes(nb)
    assert written == nbformat.writes(nb)


def test_installed_only_inside_the_block_even_nested_and_on_error():
    with fast_deepcopy():
        with fast_deepcopy():
            pass
        assert NotebookNode.__deepcopy__ is not STOCK  # the outer block is still on
    assert NotebookNode.__deepcopy__ is STOCK
    with pytest.raises(RuntimeError), fast_deepcopy():
        raise RuntimeError
    assert NotebookNode.__deepcopy__ is STOCK
