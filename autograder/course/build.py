"""Build the nbgrader source notebooks from their reviewable text form.

`assignments/<aid>/<aid>.py` is a jupytext percent-format file. Cells tagged
`solution="NAME"` are filled with NAME's source from `solutions/<aid>.py`, every
function body wrapped in nbgrader's solution markers so the released notebook keeps the
signature and docstring; `given="NAME"` inserts NAME unchanged; `tests="NAME"` becomes
NAME's autograded test cell, worth the points its hidden checks add up to. Other code cells
are locked (read-only) unless tagged `editable=true`; `demo=true` marks a teaching cell that
grading skips (it defines nothing graded, and a broken student function would only make it
slow). The reference solutions, the points and the notebook text each live in one place.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import jupytext
import nbformat

from autograder import checks
from autograder.checks.framework import PROJECT_ROOT, solutions_dir

ASSIGNMENTS_DIR = PROJECT_ROOT / "assignments"
TEST_CELL_HEADER = (
    "# 공개 테스트: 강의의 예제 값으로 스스로 확인해 보세요. 채점은 공개되지 않은 입력으로 따로 합니다.\n"
    "# Visible tests: check yourself on the lecture's worked examples. Grading uses hidden inputs.\n"
)


NBGRADER_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


class BuildError(Exception):
    pass


def split_definition(source_lines: list[str], node: ast.AST) -> str:
    """Source of a def/class with each function body between solution markers."""
    lines = source_lines[node.lineno - 1 - len(getattr(node, "decorator_list", [])): node.end_lineno]
    base = node.lineno - len(getattr(node, "decorator_list", []))

    def wrap(fn: ast.FunctionDef | ast.AsyncFunctionDef, out: list[str], start: int) -> int:
        body = fn.body
        first = body[0]
        has_doc = isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant) \
            and isinstance(first.value.value, str)
        code = body[1:] if has_doc else body
        if not code:
            raise BuildError(f"{fn.name} has no body to hide")
        code_start = code[0].lineno - base
        code_end = fn.end_lineno - base + 1
        out.extend(lines[start:code_start])
        indent = " " * code[0].col_offset
        out.append(f"{indent}### BEGIN SOLUTION\n")
        out.extend(lines[code_start:code_end])
        out.append(f"{indent}### END SOLUTION\n")
        return code_end

    out: list[str] = []
    if isinstance(node, ast.ClassDef):
        pos = 0
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                pos = wrap(item, out, pos)
        out.extend(lines[pos:])
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        pos = wrap(node, out, 0)
        out.extend(lines[pos:])
    else:
        raise BuildError("solution cells hold functions or classes")
    return "".join(out).rstrip() + "\n"


def definitions(module_path: Path) -> tuple[list[str], dict[str, ast.AST]]:
    text = module_path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    found = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    return text.splitlines(keepends=True), found


def nbgrader_meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
                  points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if points is not None:
        meta["points"] = points
    return meta


def build_notebook(aid: str, *, with_solutions: bool = True) -> nbformat.NotebookNode:
    text_path = ASSIGNMENTS_DIR / aid / f"{aid}.py"
    nb = jupytext.read(text_path)
    lines, defs = definitions(solutions_dir() / f"{aid}.py")
    assignment = checks.get(aid)
    seen_tests: set[str] = set()
    seen_solutions: set[str] = set()
    cells = []
    for index, cell in enumerate(nb.cells):
        meta = dict(cell.metadata)
        if any(marker in cell.source for marker in NBGRADER_MARKERS) and "solution" not in meta:
            raise BuildError(f"{aid}: cell {index} mentions an nbgrader marker ({NBGRADER_MARKERS}); "
                             "nbgrader would treat it as a real one")
        if cell.cell_type == "markdown":
            cell.metadata = {"nbgrader": nbgrader_meta(f"md-{index:03d}", locked=True)}
            cells.append(cell)
            continue
        if "solution" in meta:
            name = meta["solution"]
            if name not in defs:
                raise BuildError(f"{aid}: solution cell names {name!r}, not defined in solutions/{aid}.py")
            cell.source = split_definition(lines, defs[name]).rstrip("\n")
            cell.metadata = {"nbgrader": nbgrader_meta(f"{name}_solution", solution=True)}
            seen_solutions.add(name)
        elif "given" in meta:
            name = meta["given"]
            node = defs.get(name)
            if node is None:
                raise BuildError(f"{aid}: given cell names {name!r}, not defined in solutions/{aid}.py")
            cell.source = "".join(lines[node.lineno - 1: node.end_lineno]).rstrip("\n")
            cell.metadata = {"nbgrader": nbgrader_meta(f"given-{name}", locked=True)}
        elif "tests" in meta:
            name = meta["tests"]
            if name not in assignment.questions:
                raise BuildError(f"{aid}: tests cell for {name!r}, which has no hidden checks")
            points = assignment.questions[name].max_score
            cell.source = TEST_CELL_HEADER + cell.source
            cell.metadata = {"nbgrader": nbgrader_meta(name, grade=True, locked=True, points=points)}
            seen_tests.add(name)
        else:
            editable = bool(meta.get("editable"))
            new_meta = {} if editable else {"nbgrader": nbgrader_meta(f"code-{index:03d}", locked=True)}
            if meta.get("demo"):
                new_meta["backprop_lab"] = {"skip_in_grading": True}
            cell.metadata = new_meta
        cells.append(cell)
    missing = set(assignment.questions) - seen_tests
    if missing:
        raise BuildError(f"{aid}: no tests cell for {sorted(missing)}")
    nb.cells = cells
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nbformat.validate(nb)
    return nb


def notebook_assignments() -> list[str]:
    return [aid for aid in checks.assignment_ids() if (ASSIGNMENTS_DIR / aid / f"{aid}.py").exists()]


def build_all(directory: str | Path, assignments: list[str] | None = None) -> list[Path]:
    """Write <directory>/<aid>/<aid>.ipynb for each assignment (nbgrader's source layout)."""
    out = []
    for aid in assignments or notebook_assignments():
        nb = build_notebook(aid)
        target = Path(directory) / aid / f"{aid}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        out.append(target)
    return out


def stub_source(source: str) -> str:
    """What nbgrader's ClearSolutions leaves of a solution region (for tests and demos)."""
    out, skipping = [], False
    for line in source.splitlines():
        if line.strip() == "### BEGIN SOLUTION":
            skipping = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(textwrap.indent(CODE_STUB, indent))
        elif line.strip() == "### END SOLUTION":
            skipping = False
        elif not skipping:
            out.append(line)
    return "\n".join(out)


CODE_STUB = "# 여기에 코드를 작성하세요 / YOUR CODE HERE\nraise NotImplementedError()"
