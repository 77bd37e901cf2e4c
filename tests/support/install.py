"""A non-editable install of this project, as an instructor's machine would have it.

`python -m build` makes the wheel; `fresh_venv` makes a virtualenv with only that wheel
installed by its own pip (so its scripts start its own interpreter). The wheel's
dependencies are taken from this test environment through a .pth file instead of being
downloaded again (any it does not satisfy for the venv's Python are installed into the
venv), and their console scripts (nbgrader, jupyter, alembic...) are written into the
venv's bin/ the way pip writes them.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """#!{python}
import sys
from {module} import {attr}
if __name__ == "__main__":
    sys.exit({call}())
"""


UNSATISFIED = """
import importlib.metadata as md
from packaging.requirements import Requirement
for line in md.requires("backprop-lab") or []:
    req = Requirement(line)
    if req.marker is not None and not req.marker.evaluate({"extra": ""}):
        continue
    try:
        ok = req.specifier.contains(md.version(req.name), prereleases=True)
    except md.PackageNotFoundError:
        ok = False
    if not ok:
        print(str(req).split(";")[0].replace(" ", ""))
"""


def build(outdir: Path) -> tuple[Path, Path]:
    """(sdist, wheel) built from the repository."""
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(outdir), str(ROOT)], check=True,
                   capture_output=True, text=True)
    return next(outdir.glob("*.tar.gz")), next(outdir.glob("*.whl"))


def fresh_venv(wheel: Path, venv: Path, base_python: str = sys.executable) -> Path:
    subprocess.run([base_python, "-m", "venv", str(venv)], check=True, capture_output=True, text=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
                   check=True, capture_output=True, text=True)
    (Path(purelib) / "zz-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    missing = subprocess.run([str(python), "-c", UNSATISFIED], check=True, capture_output=True,
                             text=True).stdout.split()
    if missing:  # a requirement this environment does not meet for the venv's Python: install it for real
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *missing], check=True, capture_output=True,
                       text=True)
    shared = Path(sys.prefix) / "share" / "jupyter"  # the dependencies' data files (nbconvert templates, kernels)
    if shared.is_dir():
        (venv / "share").mkdir(exist_ok=True)
        (venv / "share" / "jupyter").symlink_to(shared)
    for entry in importlib.metadata.entry_points(group="console_scripts"):
        target = venv / "bin" / entry.name
        if target.exists() or entry.dist is None or entry.dist.name == "backprop-lab":
            continue
        module, _, attr = entry.value.partition(":")
        attr = attr.strip() or "main"
        target.write_text(SCRIPT.format(python=python, module=module, attr=attr.split(".")[0],
                                        call=attr.strip()))
        target.chmod(0o755)
    return venv


def clean_env(venv: Path, **extra: str) -> dict[str, str]:
    """An environment in which only the venv's own bin/ and the system's are on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "BACKPROP_LAB_SOLUTIONS", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}:/usr/sbin:/usr/bin:/sbin:/bin"
    env.update(extra)
    return env
