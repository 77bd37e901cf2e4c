"""The nbgrader glue: one preprocessor that takes the place of `Execute` in autograde, the
compiled metadata check, and the in-process recorder `backprop-lab autograde` uses."""

import sys

# jsonschema builds an Earley parser for RFC 3987 IRIs (about 2 s of CPU) at import when that
# optional package is installed; no schema nbgrader or nbformat uses has an "iri" format. A
# process that imports this package first (`backprop-lab autograde`) skips it.
sys.modules.setdefault("rfc3987_syntax", None)

from autograder.nbgrader_plugin.preprocessor import BackpropGrade, configure  # noqa: E402

__all__ = ["BackpropGrade", "configure"]
