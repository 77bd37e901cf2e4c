"""The nbgrader glue: one preprocessor that takes the place of `Execute` in autograde."""

from autograder.nbgrader_plugin.preprocessor import BackpropGrade, configure

__all__ = ["BackpropGrade", "configure"]
