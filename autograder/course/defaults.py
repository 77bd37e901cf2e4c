"""Defaults of `backprop-lab init` that the command line shows in its help: a module that
imports nothing, so that building the parser does not load nbgrader or jupytext."""

DEFAULT_EXCHANGE = "/srv/nbgrader/exchange"  # nbgrader's own default, shared by the machine's courses
STUDENTS_CONFIG_PATH = "/etc/jupyter/nbgrader_config.py"
