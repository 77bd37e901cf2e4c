"""backprop-lab: auto-graded backpropagation exercises for nbgrader."""

__version__ = "0.1.0"


def _defer_iri_grammar() -> None:
    """Load `rfc3987_syntax` when it is first used, not when nbformat is imported.

    nbformat imports jsonschema, whose format checkers import `rfc3987_syntax` when it is
    installed (JupyterLab's `jupyter-events` installs it), and that module builds a lark grammar
    at import: about 2.8 s of CPU in every process that imports nbformat (the CLI, each grader
    process), for the "iri" formats no notebook schema uses. A stand-in module takes its place:
    its `is_valid_syntax` (what jsonschema imports) and any other name load the real module on
    first use, so a schema that does use "iri" is still checked by it.
    """
    import importlib
    import importlib.util
    import sys
    import types

    name = "rfc3987_syntax"
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return
    stand_in = types.ModuleType(name, "loads rfc3987_syntax on first use (autograder._defer_iri_grammar)")

    def real() -> types.ModuleType:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return importlib.import_module(name)

    def is_valid_syntax(*args, **kwargs):
        return real().is_valid_syntax(*args, **kwargs)

    def attribute_of_real(attribute: str):
        if attribute.startswith("__"):  # module bookkeeping (__file__, __path__ ...): nothing to load
            raise AttributeError(attribute)
        return getattr(real(), attribute)

    stand_in.is_valid_syntax = is_valid_syntax
    stand_in.__getattr__ = attribute_of_real
    sys.modules[name] = stand_in


_defer_iri_grammar()
