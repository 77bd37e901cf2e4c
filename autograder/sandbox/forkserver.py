"""The grader's side of a fork server: a box whose first process has Python and NumPy imported
and forks one fresh student process per `Sandbox.start`.

Why: a fresh box per student process costs about 0.2 s of CPU, nearly all of it the new
interpreter importing NumPy; across a class that is most of what grading costs. A fork of a
process that has already imported it costs a few milliseconds.

What still holds (worker.fork_server and serve_student): every student process is a new fork
(copy-on-write: nothing one student changes in memory reaches the next), runs under a uid of its
own (RLIMIT_NPROC, signals and /proc access see only its own processes), in a Landlock domain of
its own (it cannot signal or ptrace the fork server), with its own limits and audit hook, and
never holds the control socket. Students of one server follow each other, never overlap: when a
student process ends, the server kills every process left with its uid and empties the tmpfs,
then reports the exit; only then does the grader lend the server to the next student. Anything
odd (no answer in time, a malformed message, a server that died) ends the whole box, and the
next start gets a new one.

Used only where the box gives each student a uid of its own (the grader runs as root) and
Landlock is there; elsewhere every student process gets a fresh box, as before.
"""

from __future__ import annotations

import functools
import json
import os
import select
import signal
import socket
import subprocess
import tempfile
import threading

from autograder.sandbox import box

IDLE_SERVERS = 2  # per grader process, kept between submissions
ANSWER_SECONDS = 20.0  # the server's answer to a fork, or its report after a student ended


class ForkServerError(Exception):
    pass


def _key(env: dict[str, str], tmpfs_bytes: int) -> tuple:
    """What makes two boxes alike: a server serves only starts that would get the same box."""
    return tuple(sorted(env.items())), tmpfs_bytes


class ForkServer:
    def __init__(self, env: dict[str, str], tmpfs_bytes: int, startup_seconds: float) -> None:
        self.key = _key(env, tmpfs_bytes)
        self.log = tempfile.NamedTemporaryFile(prefix="backprop-lab-forkserver-", suffix=".log")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock = ours
        config = {"workdir": box.WORKDIR}
        command = box.box_command([str(theirs.fileno()), json.dumps(config)], uid=0, tmpfs_bytes=tmpfs_bytes,
                                  env=env, entry="fork_server")
        try:
            self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                                         env=env, pass_fds=(theirs.fileno(),), start_new_session=True)
        finally:
            theirs.close()
        self.pid: int | None = None  # the server process as the grader sees it (pid 2 in the box)
        try:
            if self._receive(startup_seconds).get("ready") is not True:
                raise ForkServerError("the fork server did not start")
            self.pid = box.inner_pid_one_child(self.proc.pid)
            if self.pid is None:
                raise ForkServerError("the fork server's process was not found")
        except BaseException:
            self.close()
            raise

    def alive(self) -> bool:
        return self.proc.poll() is None

    def own_pids(self) -> set[int]:
        """bwrap, the box's init and the server: never a student's process."""
        if self.pid is None:
            return {self.proc.pid}
        return {self.proc.pid, box.parent_pid(self.pid), self.pid} - {None}

    def _receive(self, seconds: float) -> dict:
        ready, _, _ = select.select([self.sock], [], [], seconds)
        if not ready:
            raise ForkServerError("the fork server did not answer in time")
        data = self.sock.recv(1 << 16)
        if not data:
            raise ForkServerError("the fork server ended")
        message = json.loads(data)
        if not isinstance(message, dict):
            raise ForkServerError("malformed message from the fork server")
        return message

    def fork(self, config: dict) -> tuple[ForkedProcess, int, int]:
        """A new student process: (the process, fd the grader writes to, fd it reads from)."""
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        try:
            socket.send_fds(self.sock, [json.dumps(config).encode()], [to_child_r, from_child_w])
        except OSError as exc:
            for fd in (to_child_r, to_child_w, from_child_r, from_child_w):
                os.close(fd)
            raise ForkServerError(f"the fork server is gone ({exc})") from None
        os.close(to_child_r)
        os.close(from_child_w)
        try:
            message = self._receive(ANSWER_SECONDS)
            inner = message.get("started")
            if not isinstance(inner, int) or isinstance(inner, bool):
                raise ForkServerError(f"the fork server did not fork ({str(message)[:200]})")
            found = self._find(inner)
            if found is None:
                raise ForkServerError("the forked process was not found")
        except BaseException:
            os.close(to_child_w)
            os.close(from_child_r)
            raise
        return ForkedProcess(self, *found, inner), to_child_w, from_child_r

    def _find(self, inner: int) -> tuple[int, int] | None:
        """The server's child whose pid in the box is `inner`: its pid as the grader sees it, and
        a pidfd on it (a signal through the pidfd can never reach another process that took the
        pid over after this one ended)."""
        try:
            with open(f"/proc/{self.pid}/task/{self.pid}/children") as f:
                children = [int(p) for p in f.read().split()]
        except (OSError, ValueError):
            return None
        for child in children:
            try:
                pidfd = os.pidfd_open(child)
            except OSError:
                continue
            if self._is_child(child, inner):  # checked after the pidfd pinned the process
                return child, pidfd
            os.close(pidfd)
        return None

    def _is_child(self, pid: int, inner: int) -> bool:
        fields = box.proc_status(pid)
        return fields.get("PPid") == str(self.pid) and fields.get("NSpid", "").split()[-1:] == [str(inner)]

    def close(self) -> None:
        """End the whole box: the kernel ends every process in it."""
        proc = getattr(self, "proc", None)
        if proc is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait()
        self.sock.close()
        self.log.close()


class ForkedProcess:
    """A student process forked by a ForkServer, with the part of `subprocess.Popen` that
    `Sandbox` uses: pid, poll(), wait(timeout), returncode. Its exit status comes from the
    server, after the server has cleaned up behind it."""

    def __init__(self, server: ForkServer, pid: int, pidfd: int, inner_pid: int) -> None:
        self.server, self.pid, self.pidfd, self.inner_pid = server, pid, pidfd, inner_pid
        self.returncode: int | None = None
        self.broken = False  # the server misbehaved: its box is ended, never reused

    def kill(self) -> None:
        if self.pidfd < 0:
            return
        try:
            signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, OSError):
            pass

    def release(self) -> None:
        if self.pidfd >= 0:
            os.close(self.pidfd)
            self.pidfd = -1

    def poll(self) -> int | None:
        if self.returncode is None:
            self._collect(0.0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self._collect(ANSWER_SECONDS if timeout is None else timeout)
            if self.returncode is None:
                if timeout is not None:
                    raise subprocess.TimeoutExpired("student process", timeout)
                self._fail()
        return self.returncode

    def _collect(self, seconds: float) -> None:
        try:
            ready, _, _ = select.select([self.server.sock], [], [], seconds)
            if not ready:
                return
            message = self.server._receive(0.0)
            if message.get("exited") != self.inner_pid or not isinstance(message.get("code"), int):
                raise ForkServerError(f"unexpected message from the fork server ({str(message)[:200]})")
            self.returncode = message["code"]
        except (ForkServerError, OSError, ValueError):
            self._fail()

    def _fail(self) -> None:
        """The server did not report the end of its student process: end its box (and with it
        every process in it), and report the process as killed."""
        self.broken = True
        self.server.close()
        self.returncode = -signal.SIGKILL


# -- one pool per grader process ---------------------------------------------------------------
_lock = threading.Lock()
_idle: list[ForkServer] = []
_failed: list[str] = []  # why a server could not start here: this process stops trying


def take(env: dict[str, str], tmpfs_bytes: int, startup_seconds: float) -> ForkServer:
    """An idle server for this box configuration, or a new one."""
    key = _key(env, tmpfs_bytes)
    with _lock:
        if _failed:
            raise ForkServerError(_failed[0])
        for server in list(_idle):
            _idle.remove(server)
            if server.key == key and server.alive():
                return server
            server.close()
    try:
        return ForkServer(env, tmpfs_bytes, startup_seconds)
    except (ForkServerError, OSError, ValueError) as exc:
        with _lock:
            _failed.append(f"no fork server here ({exc}): a fresh box per student process")
        raise ForkServerError(_failed[0]) from None


def give_back(process: ForkedProcess) -> None:
    """After the student process has ended and the server has cleaned up behind it."""
    process.release()
    server = process.server
    if process.broken or process.returncode is None or not server.alive():
        server.close()
        return
    with _lock:
        _idle.append(server)
        extra = _idle[:-IDLE_SERVERS] if len(_idle) > IDLE_SERVERS else []
        del _idle[:len(extra)]
    for s in extra:
        s.close()


def idle_pids() -> set[int]:
    """The processes of the idle servers themselves (tests tell them from a student's leftovers)."""
    with _lock:
        return {pid for server in _idle for pid in server.own_pids()}


def close_all() -> None:
    with _lock:
        servers = list(_idle)
        _idle.clear()
    for server in servers:
        server.close()


def available(uid: int | None) -> bool:
    """Only where each student process gets a uid of its own and Landlock separates them."""
    if os.environ.get("BACKPROP_LAB_FORK_SERVER", "1") == "0" or uid is None:
        return False
    return _landlock_here()


@functools.cache
def _landlock_here() -> bool:
    """Asked once per process: the kernel's Landlock does not come and go."""
    from autograder.sandbox import lockdown

    return lockdown.landlock_abi() >= 1
