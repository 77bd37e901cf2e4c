"""The package installs as a package: `python -m build` makes an sdist and a wheel, and the
wheel, installed (not editable) into a fresh virtualenv, runs `init`, `check` and a quiz
check from its own package data, far from the repository."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.support.install import build, clean_env, fresh_venv

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build(out)
    return out


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (no editable install, no repository on sys.path)."""
    return fresh_venv(next(dist.glob("*.whl")), tmp_path_factory.mktemp("venv") / "venv")


def run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = clean_env(venv)
    env["PATH"] = "/usr/bin:/bin"  # not even the venv's bin: the command must not need it
    return subprocess.run([str(venv / "bin" / "backprop-lab"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def test_sdist_and_wheel_carry_the_course_but_the_wheel_no_tests(dist):
    wheel = zipfile.ZipFile(next(dist.glob("*.whl"))).namelist()
    for path in ("autograder/_course/assignments/ps1_softmax_loss/ps1_softmax_loss.py",
                 "autograder/_course/solutions/ps4_two_layer_net.py",
                 "autograder/_course/quizzes/quiz_1_loss_backprop.toml",
                 "autograder/_course/quizzes/bank/loss.toml", "autograder/checks/ps1_softmax_loss.py"):
        assert path in wheel, path
    assert not any(name.startswith("tests/") for name in wheel)
    sdist = tarfile.open(next(dist.glob("*.tar.gz"))).getnames()
    assert any(name.endswith("/assignments/ps2_backward_passes/ps2_backward_passes.py") for name in sdist)
    assert any(name.endswith("/quizzes/bank/softmax.toml") for name in sdist)


def test_installed_wheel_inits_a_course_and_grades_from_package_data(installed, tmp_path):
    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import autograder; print(autograder.__file__)"],
                           cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(installed)), where  # the wheel, not the repository

    course = tmp_path / "course"
    result = run(installed, "init", str(course), "--exchange", str(tmp_path / "exchange"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for aid in ("ps1_softmax_loss", "ps4_two_layer_net", "quiz_1_loss_backprop", "quiz_2_training"):
        assert (course / "source" / aid / f"{aid}.ipynb").is_file(), aid

    module = tmp_path / "mine.py"
    module.write_text((ROOT / "solutions" / "ps1_softmax_loss.py").read_text(encoding="utf-8"))
    result = run(installed, "check", "ps1_softmax_loss", str(module), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["score"] == report["max_score"] == 18

    quiz = course / "source" / "quiz_1_loss_backprop" / "quiz_1_loss_backprop.ipynb"
    result = run(installed, "check", "quiz_1_loss_backprop", str(quiz), "--json", "--student", "alice", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["max_score"] == 25 and report["score"] == pytest.approx(25 * 0.3)  # all blank


def test_nbformat_does_not_build_the_iri_grammar_until_it_is_used():
    """rfc3987_syntax builds a lark grammar at import (about 2.8 s of CPU per process); after
    `import autograder` nbformat no longer pays it, and jsonschema's "iri" checks still use it."""
    program = """
import sys
import autograder, nbformat
from jsonschema import FormatChecker
loaded = lambda: getattr(sys.modules.get("rfc3987_syntax"), "__file__", None) is not None
before = loaded()
nbformat.validate(nbformat.v4.new_notebook())
still = loaded()
checker = FormatChecker()
print(before, still, checker.conforms("http://a.b/c", "iri"), checker.conforms("not an iri ::", "iri"), loaded())
"""
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "True", "False", "True"]
