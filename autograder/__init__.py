"""backprop-lab: auto-graded backpropagation exercises for nbgrader."""

__version__ = "0.1.0"
