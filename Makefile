# The two commands of the README. Everything is installed into .venv by this file.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: demo test bench lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

demo: $(VENV)/.installed
	$(PY) -m autograder.course.demo demo-course

test: $(VENV)/.installed
	$(PY) -m ruff check autograder tests bench
	$(PY) -m pytest -n 2 -q

bench: $(VENV)/.installed
	$(PY) bench/grade_vs_nbgrader.py

clean:
	rm -rf $(VENV) demo-course build
