"""`backprop-lab`: the command line. One module per verb (`autograder/cli/<verb>.py`), each with
`HELP`, `add_arguments(parser)` and `run(args, parser) -> exit status`; the work itself lives in
the packages they call."""

from __future__ import annotations

import argparse
import importlib
import sys

VERBS = ["check", "list", "init", "build", "autograde", "serve", "tokens", "report"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="backprop-lab", description="Auto-graded NumPy backpropagation exercises and quizzes for nbgrader.")
    sub = parser.add_subparsers(dest="command", required=True)
    modules = {}
    for verb in VERBS:
        module = importlib.import_module(f"autograder.cli.{verb}")
        modules[verb] = module
        module.add_arguments(sub.add_parser(verb, help=module.HELP, description=module.HELP))
    args = parser.parse_args(argv)
    return modules[args.command].run(args, parser)


if __name__ == "__main__":
    sys.exit(main())
