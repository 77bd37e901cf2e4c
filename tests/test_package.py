"""The package installs as a package: `python -m build` makes an sdist and a wheel, and the
wheel, installed (not editable) into a fresh virtualenv, runs `init`, `check` and a quiz
check from its own package data, far from the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], check=True,
                   capture_output=True, text=True)
    return out


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed (no editable install, no repository on sys.path).
    Its dependencies come from this test environment through a .pth file, so the test needs
    no network; the wheel itself is installed with pip from the file."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", purelib], check=True, capture_output=True,
                               text=True).stdout.strip())
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(dist.glob("*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
                    "--prefix", str(venv), str(wheel)], check=True, capture_output=True, text=True)
    return venv


def run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BACKPROP_LAB_SOLUTIONS")}
    env["PATH"] = "/usr/bin:/bin"  # not this environment's bin: the venv's own scripts only
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
