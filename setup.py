"""Packaging step that pyproject.toml cannot say: copy the course material into the wheel.

The repository keeps `assignments/`, `solutions/`, `quizzes/` and `examples/` at the top
level (reviewable, edited by hand); a wheel needs them inside the package. `build_py`
copies them to `autograder/_course/`, where `autograder.data.data_root()` finds them.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
FOLDERS = ("assignments", "solutions", "quizzes", "examples")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")


class build_py_with_course(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "autograder" / "_course"
        for folder in FOLDERS:
            if (HERE / folder).is_dir():
                shutil.copytree(HERE / folder, target / folder, ignore=SKIP, dirs_exist_ok=True)


setup(cmdclass={"build_py": build_py_with_course})
