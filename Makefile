# The two commands of the README. Everything is installed into .venv by this file.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: demo test test-fast system-deps bench lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

system-deps:
	bash scripts/system-deps.sh

demo: system-deps $(VENV)/.installed
	$(PY) -m autograder.course.demo demo-course

test: system-deps $(VENV)/.installed
	$(PY) -m ruff check autograder tests bench
	$(PY) -m pytest -n 2 -q -rs

# everything but the nbgrader/kernel/server runs and the system components: a minute or two
test-fast: $(VENV)/.installed
	$(PY) -m pytest -n 2 -q -m "not slow and not system"

bench: $(VENV)/.installed
	$(PY) bench/grade_vs_nbgrader.py
	$(PY) bench/autograde_class.py

clean:
	rm -rf $(VENV) demo-course build
