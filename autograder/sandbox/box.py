"""The process box around the student process: bubblewrap (`bwrap`), as Flatpak uses it.

`box_command` builds the whole argument list, top to bottom, so a reviewer can read what the
student process sees: new PID, network, IPC and UTS namespaces; the interpreter, the
site-packages it imports from and the sandbox's own worker modules mounted read-only, and
nothing else of the machine (not the project folder, not the course folder, not /home);
scikit-learn's bundled data files hidden under empty mounts; a size-limited tmpfs as the only
writable place. When the box's first process ends, the kernel ends every process left in
its PID namespace, whatever it forked; `--die-with-parent` ends the box with the grader.
Where the grader is root, one box holds a fork server instead (forkserver.py): it forks each
student process, and ends what each one leaves before the next.

Where bwrap is missing or cannot create namespaces (macOS, old kernels, containers without
user namespaces), the sandbox falls back to Landlock, the audit hook and resource limits
(lockdown.py), says so on stderr and in every report. `BACKPROP_LAB_SANDBOX=fallback` forces
that path (the test suite runs both); `BACKPROP_LAB_SANDBOX=box` makes a missing box an error.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import autograder

# Where things appear inside the box.
WORKDIR = "/tmp/work"
LIBDIR = "/opt/backprop-lab"  # holds only autograder/__init__.py and autograder/sandbox/
# Data files a submission must not read: ps4 measures train_network on held-out digits.
# (and a non-editable install's own package, which holds the hidden checks).
HIDDEN_PACKAGE_DATA = ("sklearn/datasets/data", "sklearn/datasets/descr", "sklearn/datasets/images", "autograder")
# What the box's first process keeps of root's powers (and only until it becomes the box's uid):
# switching to that uid and handing it the work folder.
WORKER_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_CHOWN")
# The fork server also ends a student's leftover processes and empties the tmpfs behind it.
SERVER_CAPS = (*WORKER_CAPS, "CAP_KILL", "CAP_DAC_OVERRIDE", "CAP_FOWNER")
FIRST_BOX_UID = 3_000_000  # far above real accounts; one uid per box so process limits do not mix

NO_BOX_WARNING = (
    "sandbox: bubblewrap (bwrap) is not available here, so student code ran without the process box "
    "(no PID/network namespaces, the course folder not hidden); only Landlock, an audit hook and resource "
    "limits confined it. Install it: `sudo apt-get install bubblewrap` (Debian/Ubuntu), `sudo dnf install "
    "bubblewrap` (Fedora). / 샌드박스: bubblewrap(bwrap)이 없어 프로세스 상자 없이 Landlock, 감사 훅, "
    "자원 한도만으로 학생 코드를 가뒀습니다. bubblewrap을 설치하세요."
)


def mode() -> str:
    """"box", "fallback" or "auto" (the default: the box where it works)."""
    value = os.environ.get("BACKPROP_LAB_SANDBOX", "auto").strip().lower()
    return value if value in ("box", "fallback") else "auto"


@functools.cache
def bwrap_path() -> str | None:
    return shutil.which("bwrap") or (os.path.exists("/usr/bin/bwrap") and "/usr/bin/bwrap") or None


@functools.cache
def box_works() -> str:
    """"" when a box can be made here, else why not (checked once per process)."""
    path = bwrap_path()
    if path is None:
        return "bwrap is not installed"
    try:
        probe = subprocess.run(
            [path, *_namespaces(), *_system_mounts(), "--", "/bin/true"],
            capture_output=True, timeout=20, stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bwrap did not run ({exc})"
    if probe.returncode != 0:
        return f"bwrap cannot create namespaces here: {probe.stderr.decode('utf-8', 'replace').strip()[:200]}"
    return ""


def use_box() -> bool:
    if mode() == "fallback":
        return False
    why_not = box_works()
    if why_not and mode() == "box":
        raise RuntimeError(f"BACKPROP_LAB_SANDBOX=box, but {why_not}")
    return not why_not


_warned = False


def warn_no_box() -> None:
    """Once per process, loudly, on stderr (every report also carries NO_BOX_WARNING)."""
    global _warned
    if not _warned:
        _warned = True
        print(f"\n!!! {NO_BOX_WARNING}\n", file=sys.stderr, flush=True)


def interpreter() -> str:
    """The real interpreter binary (a venv's bin/python is a symlink to it)."""
    return os.path.realpath(sys.executable)


@functools.cache
def python_roots() -> list[str]:
    """The Python installation and the directories its packages are imported from.

    Deliberately not sys.path: an editable install puts the project folder on it."""
    roots = {sys.base_prefix, sys.base_exec_prefix, os.path.dirname(os.path.dirname(interpreter()))}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        try:
            roots.add(sysconfig.get_path(key))
        except KeyError:
            pass
    import site

    roots.update(site.getsitepackages())
    roots.update(pth_dirs({os.path.realpath(d) for d in site.getsitepackages() if os.path.isdir(d)}))
    project = str(Path(autograder.__file__).resolve().parents[1])
    found = []
    for root in sorted({os.path.realpath(r) for r in roots if r and os.path.isdir(r)}):
        if root == project or root.startswith(project + os.sep) and "site-packages" not in root:
            continue  # a venv inside the project: only its site-packages, never the project itself
        if root in ("/", "/usr", "/home", "/root") or not root.startswith("/"):
            continue
        found.append(root)
    # drop roots already inside another root
    return [r for r in found if not any(r != o and r.startswith(o + os.sep) for o in found)]


@functools.cache
def hidden_paths() -> list[str]:
    """Package data no submission may read (hidden by the box, refused by the audit hook)."""
    return [os.path.join(sp, rel) for sp in site_packages() for rel in HIDDEN_PACKAGE_DATA
            if os.path.isdir(os.path.join(sp, rel))]


@functools.cache
def site_packages() -> list[str]:
    import site

    dirs = {os.path.realpath(d) for d in (*site.getsitepackages(), sysconfig.get_path("purelib"),
                                          sysconfig.get_path("platlib")) if d and os.path.isdir(d)}
    return sorted(dirs | set(pth_dirs(dirs)))


def pth_dirs(site_dirs) -> list[str]:
    """Folders that `.pth` files in site-packages put on sys.path (the boxed interpreter runs with
    -S, which reads none): packages installed there must import in the box too. Never the project
    folder or a folder holding it (a legacy editable install's .pth names the project)."""
    project = str(Path(autograder.__file__).resolve().parents[1])
    found = []
    for sp in sorted(site_dirs):
        for pth in sorted(Path(sp).glob("*.pth")):
            try:
                lines = pth.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for line in lines:
                line = line.strip()
                if not line or line.startswith(("#", "import ", "import\t")):
                    continue
                path = os.path.realpath(os.path.join(sp, line))
                if not os.path.isdir(path) or path in found or path == "/":
                    continue
                if project in site_dirs or not (path == project or project.startswith(path + os.sep)):
                    found.append(path)
    return found


@functools.cache
def sys_path_in_box() -> list[str]:
    """sys.path of the boxed interpreter (started with -I -S: no .pth files, no editable finder)."""
    stdlib = sysconfig.get_path("stdlib")
    paths = [LIBDIR, stdlib, os.path.join(stdlib, "lib-dynload"), *site_packages()]
    return [os.path.realpath(p) if p != LIBDIR else p for p in paths]


# System fonts too: matplotlib lists them when pyplot is first imported (a common first line).
SYSTEM_READ = ("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/share/zoneinfo", "/etc/ld.so.cache",
               "/usr/share/fonts", "/usr/local/share/fonts", "/etc/fonts")


@functools.cache
def read_dirs_in_box() -> list[str]:
    """What Landlock lets the worker read inside the box (defence in depth: the mounts already
    hold nothing else)."""
    return [*python_roots(), LIBDIR, *(p for p in SYSTEM_READ if os.path.exists(p))]


def sandbox_package() -> Path:
    return Path(__file__).resolve().parent


def _namespaces() -> list[str]:
    args = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--hostname", "sandbox", "--die-with-parent", "--new-session"]
    if os.geteuid() != 0:
        args.insert(0, "--unshare-user")  # unprivileged: the namespaces come with a user namespace
    return args


def _system_mounts() -> list[str]:
    """The C library and the dynamic loader; /usr holds no course data."""
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("/lib", "/lib64", "/lib32", "/bin", "/sbin"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    if os.path.exists("/etc/ld.so.cache"):
        args += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    return args


def box_command(worker_args: list[str], *, uid: int | None, tmpfs_bytes: int, env: dict[str, str],
                entry: str = "main") -> list[str]:
    """The complete bwrap command that runs the worker (read it top to bottom). `entry`: the
    worker's function to run, `main` (one student process) or `fork_server` (see worker.py)."""
    assert entry in ("main", "fork_server")
    path = bwrap_path()
    assert path is not None
    args = [path, *_namespaces()]
    args += _system_mounts()
    roots = python_roots()
    # bwrap would make the parents 0700, which the box uid could not enter
    for parent in _parents([*roots, LIBDIR + "/autograder/sandbox"]):
        args += ["--perms", "0755", "--dir", parent]
    for root in roots:  # the interpreter and its packages, read-only
        args += ["--ro-bind", root, root]
    for hidden in hidden_paths():  # package data a submission must never read: an empty mount over it
        args += ["--perms", "0000", "--tmpfs", hidden, "--remount-ro", hidden]
    package = sandbox_package()  # only the worker's own modules, never the rest of the project
    args += ["--ro-bind", str(package.parent / "__init__.py"), f"{LIBDIR}/autograder/__init__.py",
             "--ro-bind", str(package), f"{LIBDIR}/autograder/sandbox"]
    args += ["--dev", "/dev", "--proc", "/proc"]
    args += ["--perms", "1777", "--size", str(tmpfs_bytes), "--tmpfs", WORKDIR]  # the only writable place
    args += ["--chdir", WORKDIR, "--clearenv"]
    for key, value in env.items():
        args += ["--setenv", key, value]
    if uid is not None:  # the worker becomes `uid` itself, after setting its limits; root's other powers go
        args += ["--cap-drop", "ALL"]
        for cap in SERVER_CAPS if entry == "fork_server" else WORKER_CAPS:
            args += ["--cap-add", cap]
    boot = ("import sys; sys.path[:] = sys.argv[1].split(':'); del sys.argv[1]; "
            f"from autograder.sandbox.worker import {entry}; {entry}(sys.argv)")
    args += ["--", interpreter(), "-I", "-S", "-c", boot, ":".join(sys_path_in_box()), *worker_args]
    return args


def _parents(paths: list[str]) -> list[str]:
    found = set()
    for p in paths:
        parent = os.path.dirname(p)
        while parent not in ("/", ""):
            found.add(parent)
            parent = os.path.dirname(parent)
    return sorted(found, key=lambda p: (p.count("/"), p))


_next_uid = 0


def next_box_uid() -> int | None:
    """A uid of its own for each box (root only), so RLIMIT_NPROC counts only that box."""
    global _next_uid
    if os.geteuid() != 0:
        return None
    _next_uid = (_next_uid + 1) % 1000
    return FIRST_BOX_UID + (os.getpid() % 50_000) * 1000 + _next_uid


def descendants(pid: int, newer_only: bool = False) -> list[int]:
    """Every process below `pid` (Linux /proc). `newer_only`: look only at pids above `pid` (a
    just-started process's children are, unless pids wrapped around; then call it again without)."""
    parents: dict[int, list[int]] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit() or (newer_only and int(entry) <= pid):
            continue
        ppid = parent_pid(int(entry))
        if ppid is not None:
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def parent_pid(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return int(f.read().rsplit(b")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def proc_status(pid: int) -> dict[str, str]:
    """/proc/<pid>/status as {field: value} ({} once the process is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return {key: value.strip() for key, _, value in (line.partition(":") for line in f)}
    except OSError:
        return {}


def inner_pid_one_child(pid: int) -> int | None:
    """The worker inside a box started as `pid`: the process whose pid in the box is 2."""
    for child in descendants(pid, newer_only=True) or descendants(pid):
        ids = proc_status(child).get("NSpid", "").split()
        if len(ids) >= 2 and ids[-1] == "2":
            return child
    return None
