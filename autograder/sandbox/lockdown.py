"""Locks the student process down before any student code runs.

Outside all of these, where bubblewrap works, the process runs in a box (box.py): its own
PID, network, IPC and UTS namespaces, only the interpreter mounted, a size-limited tmpfs.
Layers inside, each useful on its own:
1. Landlock (Linux >= 5.13, no privileges needed): the process can read only the Python
   installation and write only its own temporary directory; it cannot execute programs,
   open TCP connections (ABI >= 4) or signal processes outside itself (ABI >= 6).
   It cannot be undone, not even through ctypes.
2. When the grader runs as root, the process drops to `nobody`, so it cannot touch files
   owned by the instructor, raise its own limits or signal the grader.
3. Resource limits: address space, file size, open files, no core dumps.
4. An audit hook (PEP 578) that refuses subprocesses, fork, signals, sockets, ctypes
   calls and file access outside the allowed directories (and inside hidden package data). It is the only layer on
   systems without Landlock; there it stops honest mistakes and casual cheats, not a
   determined attacker, and the grading report says so.
"""

from __future__ import annotations

import os
import resource
import sys
import sysconfig

NOBODY = 65534

# Landlock constants (linux/landlock.h)
_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38
_FS = {
    "execute": 1 << 0, "write_file": 1 << 1, "read_file": 1 << 2, "read_dir": 1 << 3,
    "remove_dir": 1 << 4, "remove_file": 1 << 5, "make_char": 1 << 6, "make_dir": 1 << 7,
    "make_reg": 1 << 8, "make_sock": 1 << 9, "make_fifo": 1 << 10, "make_block": 1 << 11,
    "make_sym": 1 << 12, "refer": 1 << 13, "truncate": 1 << 14, "ioctl_dev": 1 << 15,
}
_READ = _FS["read_file"] | _FS["read_dir"]


def python_dirs() -> list[str]:
    """Directories the student process may read: the interpreter and its packages.

    Deliberately not sys.path: an editable install puts the project root (with the
    reference solutions and the checks) on sys.path.
    """
    dirs = set()
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        for scheme_vars in ({}, {"base": sys.base_prefix, "platbase": sys.base_exec_prefix}):
            try:
                dirs.add(sysconfig.get_path(key, vars=scheme_vars))
            except KeyError:
                pass
    import site

    dirs.update(site.getsitepackages())
    dirs.update(p for p in sys.path if p.endswith(("site-packages", "dist-packages", "lib-dynload")))
    for system_lib in ("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/share/zoneinfo",
                       "/usr/share/fonts", "/usr/local/share/fonts", "/etc/fonts"):  # matplotlib's font search
        dirs.add(system_lib)
    return sorted(os.path.realpath(d) for d in dirs if d and os.path.isdir(d))


def landlock_abi() -> int:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return max(0, int(libc.syscall(_SYS_CREATE_RULESET, None, 0, _CREATE_RULESET_VERSION)))
    except Exception:
        return 0


def apply_landlock(read_dirs: list[str], write_dir: str) -> int:
    """Restrict this process with Landlock; return the ABI used (0 = unavailable)."""
    import ctypes

    abi = landlock_abi()
    if abi <= 0:
        return 0
    libc = ctypes.CDLL(None, use_errno=True)
    fs_all = 0
    for bit in _FS.values():
        fs_all |= bit
    if abi < 2:
        fs_all &= ~_FS["refer"]
    if abi < 3:
        fs_all &= ~_FS["truncate"]
    if abi < 5:
        fs_all &= ~_FS["ioctl_dev"]
    net_all = 0b11 if abi >= 4 else 0  # bind_tcp | connect_tcp
    scoped = 0b11 if abi >= 6 else 0  # abstract unix sockets | signals

    class RulesetAttr(ctypes.Structure):
        _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]

    class PathBeneath(ctypes.Structure):
        _pack_ = 1
        _fields_ = [("allowed", ctypes.c_uint64), ("fd", ctypes.c_int32)]

    attr = RulesetAttr(fs_all, net_all, scoped)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), size, 0)
    if ruleset < 0:
        return 0
    try:
        def allow(path: str, access: int) -> None:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                return
            try:
                if not os.path.isdir(path):
                    access &= _FS["read_file"] | _FS["write_file"] | _FS["truncate"] | _FS["ioctl_dev"]
                rule = PathBeneath(access & fs_all, fd)
                libc.syscall(_SYS_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0)
            finally:
                os.close(fd)

        for d in read_dirs:
            allow(d, _READ)
        allow("/dev/null", _FS["read_file"] | _FS["write_file"])
        allow("/dev/urandom", _FS["read_file"])
        allow(write_dir, fs_all & ~_FS["execute"])
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return 0
        if libc.syscall(_SYS_RESTRICT_SELF, ruleset, 0) != 0:
            return 0
    finally:
        os.close(ruleset)
    return abi


def _world_readable_chain(path: str) -> bool:
    path = os.path.realpath(path)
    while True:
        try:
            if not os.stat(path).st_mode & 0o005:
                return False
        except OSError:
            return False
        parent = os.path.dirname(path)
        if parent == path:
            return True
        path = parent


def drop_root(workdir: str, read_dirs: list[str]) -> str:
    """As root, become `nobody` if the interpreter stays readable, else drop capabilities.

    Returns what was done, for the report.
    """
    if os.getuid() != 0:
        return "unprivileged"
    if all(_world_readable_chain(d) for d in read_dirs if not d.startswith(("/usr", "/lib"))):
        os.chown(workdir, NOBODY, NOBODY)
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
        return "nobody"
    return "root without capabilities" if _drop_capabilities() else "root"


def _drop_capabilities() -> bool:
    """Clear every capability: uid 0 stays, its powers (bypassing permissions, raising
    limits, signalling anyone, ptrace) go."""
    import ctypes
    import platform

    numbers = {"x86_64": 126, "aarch64": 91}
    nr = numbers.get(platform.machine())
    if nr is None:
        return False

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    libc = ctypes.CDLL(None, use_errno=True)
    header = Header(0x20080522, 0)
    data = (Data * 2)()
    return libc.syscall(nr, ctypes.byref(header), ctypes.byref(data)) == 0


def become(uid: int, workdir: str) -> str:
    """Inside the box (grader is root): switch to the box's own uid, losing every capability.

    Each box has its own uid, so RLIMIT_NPROC counts only that box's processes."""
    os.chown(workdir, uid, uid)
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    return f"uid {uid}"


def set_limits(memory_bytes: int, file_bytes: int = 16 * 1024 * 1024, cpu_seconds: float | None = None,
               nproc: int | None = None) -> None:
    """Limits that hold from the first student line. CPU: the hard limit is what is left of the
    submission's CPU budget (the grader lowers the soft limit per question); NPROC counts
    threads and processes of the box's uid, so a fork bomb stops at `nproc`."""
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails instead of killing
    limits = [
        (resource.RLIMIT_AS, memory_bytes, memory_bytes),
        (resource.RLIMIT_FSIZE, file_bytes, file_bytes),
        (resource.RLIMIT_CORE, 0, 0),
        (resource.RLIMIT_NOFILE, 64, 64),
    ]
    if cpu_seconds is not None:
        limits.append((resource.RLIMIT_CPU, max(1, int(cpu_seconds)), max(1, int(cpu_seconds)) + 1))
    if nproc is not None:
        limits.append((resource.RLIMIT_NPROC, nproc, nproc))
    for res, soft, hard in limits:
        try:
            resource.setrlimit(res, (soft, hard))
        except (ValueError, OSError):
            pass


def disarm_fork_exec() -> None:
    """`_posixsubprocess.fork_exec` forks without any audit event (a submission used it to leave a
    process running after grading). Only the box's PID namespace really stops that; this layer
    takes the function away for the fallback path."""
    import _posixsubprocess
    import subprocess

    def refused(*args, **kwargs):
        raise PermissionError("blocked in the grading sandbox: fork_exec")

    _posixsubprocess.fork_exec = refused
    subprocess._fork_exec = refused  # type: ignore[attr-defined]


_BLOCKED_EVENTS = {
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
    "os.forkpty", "os.kill", "os.killpg", "signal.pthread_kill", "resource.setrlimit",
    "resource.prlimit", "socket.__new__", "socket.connect", "socket.bind", "socket.sendto",
    "os.setuid", "os.setgid", "os.chroot", "pty.spawn", "sys.remote_exec",
    "os.startfile", "webbrowser.open", "winreg.OpenKey",
}
_BLOCKED_IMPORTS = {"_posixsubprocess", "_xxsubinterpreters"}
_PATH_EVENTS = {
    "open", "os.listdir", "os.scandir", "os.remove", "os.rename", "os.rmdir", "os.mkdir",
    "os.chmod", "os.chown", "os.link", "os.symlink", "os.truncate", "os.utime", "shutil.rmtree",
    "os.chdir", "glob.glob", "os.walk",
}


_LISTING_EVENTS = {"os.listdir", "os.scandir", "glob.glob", "os.walk"}


def _exists(path) -> bool:
    """os.stat raises no audit event: whether a path exists is no secret from student code."""
    try:
        os.stat(path)
        return True
    except (OSError, TypeError, ValueError):
        return False


def install_audit_hook(read_dirs: list[str], write_dir: str, hidden: list[str] = ()) -> None:
    """Refuse what student code never needs; see the module docstring for what this is worth.
    `hidden`: directories inside the readable ones that stay unreadable (package data sets)."""
    read_roots = tuple(os.path.join(d, "") for d in read_dirs) + ("/dev/null", "/dev/urandom")
    hidden_roots = tuple(os.path.join(os.path.realpath(d), "") for d in hidden)
    write_root = os.path.join(os.path.realpath(write_dir), "")
    realpath, fspath, join, getcwd = os.path.realpath, os.fspath, os.path.join, os.getcwd

    def allowed(path, writing: bool) -> bool:
        try:
            if isinstance(path, int):
                return True  # already-open descriptors were vetted when opened
            p = fspath(path)
            if isinstance(p, bytes):
                p = p.decode("utf-8", "surrogateescape")
            full = realpath(p if p.startswith("/") else join(getcwd(), p))
        except Exception:
            return False
        if full.startswith(hidden_roots) or join(full, "") in hidden_roots:
            return False
        inside_work = full == write_root[:-1] or full.startswith(write_root)
        if writing:
            return inside_work or full == "/dev/null"
        return inside_work or join(full, "").startswith(read_roots) or full in read_roots

    def hook(event: str, args: tuple) -> None:
        if event in _BLOCKED_EVENTS or event.startswith("ctypes.") or (
                event == "import" and args and args[0] in _BLOCKED_IMPORTS):
            raise PermissionError(f"blocked in the grading sandbox: {event}")
        if event in _PATH_EVENTS and args:
            writing = event != "open" and event not in ("os.listdir", "os.scandir", "os.chdir", "glob.glob", "os.walk")
            if event == "open":
                mode = args[1] if len(args) > 1 and isinstance(args[1], str) else "r"
                flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
                writing = any(c in mode for c in "wax+") or bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
            if args[0] is not None and not allowed(args[0], writing):
                if event in _LISTING_EVENTS and not _exists(args[0]):
                    return  # listing a folder that is not there shows nothing (matplotlib's font search)
                raise PermissionError(f"blocked in the grading sandbox: {event} {args[0]!r}")

    sys.addaudithook(hook)
