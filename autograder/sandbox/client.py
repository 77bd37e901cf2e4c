"""The grader's side of the sandbox: start the student process, talk to it, bound it.

Every request has a wall-clock deadline; each question also gets a CPU-time budget that
the grader itself sets on the child with prlimit (the child cannot raise it). A child
that hangs, dies, exits, floods output or runs out of memory is killed and reported; the
caller restarts it for the next question with `restart()`.
"""

from __future__ import annotations

import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder.sandbox import forkserver, protocol
from autograder.sandbox.protocol import Handle
from autograder.sandbox.worker import FLOOD_EXIT
from autograder.text import clean


@dataclass
class Limits:
    memory_bytes: int = 2 * 1024**3
    startup_seconds: float = 30.0
    cell_seconds: float = 10.0
    output_chars: int = 200_000  # per question; past it the question is a flood
    landlock: bool = True  # False only to test the other layers on their own
    audit_hook: bool = True  # idem: False only to test the box and the kernel layers on their own
    box: bool | None = None  # the bubblewrap box: None = where it works (BACKPROP_LAB_SANDBOX), False = never
    processes: int = 32  # RLIMIT_NPROC of the box's uid: threads and processes together
    disk_bytes: int = 64 * 1024 * 1024  # the box's tmpfs, the only writable place
    file_bytes: int = 16 * 1024 * 1024  # largest single file (RLIMIT_FSIZE)
    cpu_seconds: float = 600.0  # hard CPU limit of one student process (the submission budget caps it lower)

    def boxed(self) -> bool:
        from autograder.sandbox import box

        return False if self.box is False else box.use_box()


class SandboxFault(Exception):
    """The student process hung, died, exited or flooded: the question is lost."""

    def __init__(self, kind: str, ko: str, en: str) -> None:
        super().__init__(en)
        self.kind, self.ko, self.en = kind, ko, en


class StudentError(Exception):
    """Student code raised an exception (the process itself is fine)."""

    def __init__(self, info: dict) -> None:
        self.type = clean(info.get("type", "Exception"))
        self.message = clean(info.get("message", ""))
        self.where = [clean(w) for w in info.get("where", [])]
        super().__init__(f"{self.type}: {self.message}")


@dataclass
class Sandbox:
    limits: Limits = field(default_factory=Limits)
    proc: subprocess.Popen | None = None
    workdir: str | None = None
    info: dict = field(default_factory=dict)
    output_chars: int = 0
    deadline: float | None = None
    _rfd: int = -1
    _wfd: int = -1
    boxed: bool = False
    worker_pid: int | None = None  # the student process as the grader sees it (inside the box: not proc.pid)
    cpu_left: float | None = None  # what is left of the submission's CPU budget (set by the grader)
    hard_deadline: float | None = None  # the submission's wall-clock budget ends here (monotonic)
    seq: int = 0
    cpu_total: float = 0.0  # CPU seconds of the student processes ended so far (the grader resets it)
    # Grader-side handlers of requests the child makes during a call: {kind: fn(sandbox, msg) -> dict}
    callbacks: dict = field(default_factory=dict)
    # Objects that live in the grader and that student code may call during a request (test
    # functions, stand-in layers): see `serve`; answered by the "grader_call" callback.
    served: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.callbacks.setdefault("grader_call", Sandbox._grader_call)

    def cpu_used(self) -> float:
        """CPU seconds the current student process has used (0 once it has ended)."""
        return _cpu_seconds(self.worker_pid) if self.worker_pid else 0.0

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        from autograder.sandbox import box

        self.close()
        self.workdir = tempfile.mkdtemp(prefix="backprop-lab-")  # the host side: only the worker's log
        self.boxed = self.limits.boxed()
        workdir = box.WORKDIR if self.boxed else self.workdir
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": workdir,
            "TMPDIR": workdir,
            "LANG": "C.UTF-8",
            "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": workdir,
        }
        cpu = self.limits.cpu_seconds if self.cpu_left is None else max(1.0, min(self.limits.cpu_seconds,
                                                                                   self.cpu_left))
        config = {
            "workdir": workdir, "memory": self.limits.memory_bytes, "landlock": self.limits.landlock,
            "audit_hook": self.limits.audit_hook,
            "cpu": cpu, "nproc": self.limits.processes, "file_bytes": self.limits.file_bytes,
            "hidden": box.hidden_paths(), "boxed": self.boxed,
        }
        if self.boxed:
            config["read_dirs"] = box.read_dirs_in_box()
            config["uid"] = box.next_box_uid()
        if config.get("uid") is None:  # RLIMIT_NPROC would count every process of the grader's own user
            config["nproc"] = None
        started = self._fork(env, config) if self.boxed and forkserver.available(config.get("uid")) else None
        self.proc, self._wfd, self._rfd = started or self._spawn(env, config)
        os.set_blocking(self._wfd, False)
        os.set_blocking(self._rfd, False)
        try:
            self.info = self._receive(time.monotonic() + self.limits.startup_seconds)
        except SandboxFault as fault:
            raise SandboxFault("startup", "채점 환경을 시작하지 못했습니다.",
                               f"The grading sandbox did not start ({fault.en} {self._log_tail()})") from None
        if self.info.get("ready") is not True:
            self.kill()
            raise SandboxFault("startup", "채점 환경을 시작하지 못했습니다.", "The grading sandbox did not start.")
        if isinstance(self.proc, forkserver.ForkedProcess) or not self.boxed:
            self.worker_pid = self.proc.pid
        else:
            self.worker_pid = box.inner_pid_one_child(self.proc.pid)

    def _fork(self, env: dict, config: dict):
        """A fork of a warm process in a box of its own kind (forkserver.py), or None where
        there is no server to be had (then the caller starts a fresh box)."""
        try:
            server = forkserver.take(env, self.limits.disk_bytes, self.limits.startup_seconds)
            return server.fork(config)
        except (forkserver.ForkServerError, OSError, ValueError):
            return None

    def _spawn(self, env: dict, config: dict) -> tuple[subprocess.Popen, int, int]:
        """A new student process: in a fresh box, or (without one) a plain child process."""
        from autograder.sandbox import box

        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        worker_args = [str(to_child_r), str(from_child_w), json.dumps(config)]
        if self.boxed:
            command = box.box_command(worker_args, uid=config["uid"], tmpfs_bytes=self.limits.disk_bytes, env=env)
        else:
            box.warn_no_box()
            command = [sys.executable, "-I", "-m", "autograder.sandbox.worker", *worker_args]
        log = open(os.path.join(self.workdir, "worker.log"), "wb")
        try:
            proc = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, cwd=self.workdir,
                pass_fds=(to_child_r, from_child_w), start_new_session=True,
            )
        finally:
            log.close()
            os.close(to_child_r)
            os.close(from_child_w)
        return proc, to_child_w, from_child_r

    def _log_tail(self) -> str:
        if isinstance(self.proc, forkserver.ForkedProcess):  # a forked process's startup errors: its box's log
            log = self.proc.server.log.name
        else:
            log = os.path.join(self.workdir or "", "worker.log")
        try:
            with open(log, "rb") as f:
                f.seek(0, os.SEEK_END)
                f.seek(max(0, f.tell() - 300))
                return clean(f.read().decode("utf-8", "replace"))
        except OSError:
            return ""

    def close(self) -> None:
        self.served = {}
        self._account()
        if self.proc is not None:
            self._kill_process()
            self.proc.wait()
            if isinstance(self.proc, forkserver.ForkedProcess):
                forkserver.give_back(self.proc)
            self.proc = None
        for fd in (self._rfd, self._wfd):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._rfd = self._wfd = -1
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    # -- budgets -------------------------------------------------------------------------
    def begin_question(self, wall_seconds: float, cpu_seconds: float) -> None:
        """Give the next question its own wall-clock deadline and CPU-time budget."""
        self.deadline = time.monotonic() + wall_seconds
        self.output_chars = 0
        if self.worker_pid is not None and self.alive:
            used = _cpu_seconds(self.worker_pid)
            soft = int(used + cpu_seconds) + 1
            try:  # lower the soft limit only: the hard limit is the submission's budget
                _, hard = resource.prlimit(self.worker_pid, resource.RLIMIT_CPU)
                if hard != resource.RLIM_INFINITY:
                    soft = min(soft, hard)
                resource.prlimit(self.worker_pid, resource.RLIMIT_CPU, (soft, hard))
            except (OSError, ValueError):
                pass

    def end_question(self) -> None:
        self.deadline = None

    # -- requests --------------------------------------------------------------------------
    # The wire is strict: every read and write has a deadline, a reply's size is checked before
    # it is read and its element count before it is decoded, and every reply must match its
    # request's schema. Whatever the student process does to the channel (it can write to it:
    # the fd is in its argv) is a fault of the question, never an exception in the grader.
    def request(self, message: dict, seconds: float | None = None, max_elements: int | None = None) -> dict:
        if not self.alive:
            raise SandboxFault("dead", "채점 환경이 종료되어 있습니다.", "The student process is not running.")
        deadline = self._deadline(seconds)
        if self.deadline is not None:
            message = {**message, "output_limit": max(0, self.limits.output_chars - self.output_chars)}
        self.seq += 1
        message = {**message, "id": self.seq}
        try:
            data = protocol.frame(message)
        except (protocol.ProtocolError, ValueError) as exc:  # e.g. a cell far too large to send
            raise SandboxFault("size", "보낼 수 없을 만큼 큰 요청입니다 (셀이나 값이 너무 큽니다).",
                               f"The request is too large to send (a cell or a value: {exc}).") from None
        self._write(data, deadline)
        while True:
            reply = self._receive(deadline)
            kind = reply.get("kind")
            if kind == "reply":
                break
            handler = self.callbacks.get(kind) if isinstance(kind, str) else None
            if handler is None:
                raise self._protocol(f"unexpected message kind {clean(kind)[:40]!r}")
            try:  # the child asks the grader something during a call (see `callbacks`)
                answer = handler(self, reply)
            except SandboxFault:
                raise
            except Exception as exc:
                raise self._protocol(f"bad {kind} request ({clean(exc)[:200]})") from None
            self._write(protocol.frame({"kind": "answer", "id": reply.get("id"), **answer}), deadline)
        self._validate(reply, message)
        if not self.boxed and _disk_used(self.workdir) > self.limits.disk_bytes:
            self.kill()  # no tmpfs without the box: the grader measures the folder itself
            raise disk_fault(self.limits.disk_bytes)
        self.output_chars += reply["output_chars"]
        if not reply["ok"]:
            error = reply["error"]
            if error.get("type") == "MemoryError":
                raise SandboxFault("memory", "메모리 한도를 넘었습니다 (MemoryError).",
                                   "Memory limit exceeded (MemoryError).")
            raise StudentError(error)
        return reply

    def _deadline(self, seconds: float | None) -> float:
        now = time.monotonic()
        if seconds is not None:
            deadline = now + seconds
        elif self.deadline is not None:
            deadline = self.deadline
        else:
            deadline = now + self.limits.cell_seconds
        return deadline if self.hard_deadline is None else min(deadline, self.hard_deadline)

    def _validate(self, reply: dict, request: dict) -> None:
        """The reply's schema: anything else is a forged or broken reply."""
        def bad(what: str) -> SandboxFault:
            return self._protocol(f"invalid reply: {what}")

        if reply.get("id") != request["id"]:
            raise bad("it answers another request")
        if not isinstance(reply.get("ok"), bool):
            raise bad("ok")
        chars = reply.get("output_chars")
        if not isinstance(chars, int) or isinstance(chars, bool) or not 0 <= chars < 2**53:
            raise bad("output_chars")
        for key in ("stdout", "stderr"):
            if not isinstance(reply.get(key), str) or len(reply[key]) > 100_000:
                raise bad(key)
        if not reply["ok"]:
            error = reply.get("error")
            if not isinstance(error, dict) or not isinstance(error.get("type"), str) \
                    or not isinstance(error.get("message"), str) or not isinstance(error.get("where", []), list) \
                    or not all(isinstance(w, str) for w in error.get("where", [])):
                raise bad("error")
            return
        op = request.get("op")
        if op in ("call", "get", "store", "pin", "same") and "value" not in reply:
            raise bad("value missing")
        if op == "call" and request.get("return_args") and "args_after" not in reply:
            raise bad("args_after missing")
        if op == "same" and not isinstance(reply["value"], bool):
            raise bad("value")
        if op == "probe" and not (isinstance(reply.get("exists"), bool) and all(
                isinstance(reply.get(k, False), bool) for k in ("callable", "is_class"))):
            raise bad("probe")

    def _protocol(self, detail: str) -> SandboxFault:
        self.kill()
        return SandboxFault("protocol", f"채점 통신 규약 위반입니다: 학생 프로세스가 잘못된 메시지를 보냈습니다 "
                                        f"({clean(detail)[:200]}).",
                            f"Protocol violation: the student process sent an invalid message "
                            f"({clean(detail)[:200]}).")

    def _write(self, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            timeout = max(0.0, deadline - time.monotonic())
            _, ready, _ = select.select([], [self._wfd], [], timeout)
            if not ready:
                self.kill()
                raise self._timeout()
            try:
                written = os.write(self._wfd, view[: 1 << 16])
            except BlockingIOError:
                continue
            except OSError:
                raise self._death() from None
            view = view[written:]

    def _receive(self, deadline: float) -> dict:
        try:
            header = self._read(4, deadline)
            length = protocol.parse_length(header, protocol.MAX_REPLY_BYTES)
            return protocol.parse_payload(self._read(length, deadline))
        except SandboxFault:
            raise
        except EOFError:
            raise self._death() from None
        except Exception as exc:  # a malformed message is the child's fault
            raise self._protocol(str(exc)) from None

    def _read(self, n: int, deadline: float) -> bytes:
        chunks = []
        while n:
            timeout = max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self._rfd], [], [], timeout)
            if not ready:
                self.kill()
                raise self._timeout()
            try:
                chunk = os.read(self._rfd, min(n, 1 << 20))
            except BlockingIOError:
                continue
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def _timeout(self) -> SandboxFault:
        if self.hard_deadline is not None and time.monotonic() >= self.hard_deadline - 0.01:
            return budget_fault()
        return SandboxFault("timeout", "시간 제한을 넘었습니다 (무한 루프나 너무 느린 코드).",
                            "Time limit exceeded (an endless loop, or far too slow).")

    def _account(self) -> None:
        """Before the student process ends: add its CPU time to `cpu_total`."""
        if self.worker_pid is not None:
            self.cpu_total += _cpu_seconds(self.worker_pid)
            self.worker_pid = None

    def kill(self) -> None:
        self._account()
        if self.proc is not None and self.proc.poll() is None:
            self._kill_process()
            self.proc.wait()

    def _kill_process(self) -> None:
        """SIGKILL the student process: a fresh box's whole process group (the kernel then ends
        everything in the box), or a forked process (its server ends what it left behind)."""
        if isinstance(self.proc, forkserver.ForkedProcess):
            self.proc.kill()
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def _flood(self) -> SandboxFault:
        limit = self.limits.output_chars
        return SandboxFault("flood", f"출력이 너무 많습니다 (한 문항에 {limit:,}자 초과).",
                            f"Output flood: more than {limit:,} characters printed in one question.")

    def _death(self) -> SandboxFault:
        assert self.proc is not None
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.returncode
        if self.boxed and not isinstance(self.proc, forkserver.ForkedProcess) and code is not None and code > 128:
            code = -(code - 128)  # bwrap exits with 128 + the signal that ended the worker
        if code == FLOOD_EXIT:
            return self._flood()
        if code == -signal.SIGXCPU:
            return SandboxFault("cpu", "CPU 시간 한도를 넘었습니다.", "CPU time limit exceeded.")
        if code == -signal.SIGKILL:  # not by the grader: the hard CPU limit (the budget) or the kernel's OOM killer
            return SandboxFault("killed", "프로세스가 강제 종료되었습니다 (제출물의 CPU 예산 또는 메모리를 다 씀).",
                                "The process was killed (it used up the submission's CPU budget, or memory).")
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            return SandboxFault("crash", f"프로세스가 비정상 종료되었습니다 ({name}).",
                                f"The process crashed ({name}).")
        return SandboxFault("exit", f"코드가 프로세스를 종료했습니다 (종료 코드 {code}).",
                            f"The code exited the process (exit code {code}), e.g. os._exit or sys.exit.")

    # -- grader-side objects ----------------------------------------------------------------
    def serve(self, obj: Any) -> GraderSide:
        """Hand `obj` to student code without sending it: the child gets a proxy whose calls
        (and method calls) come back here as "grader_call" callbacks, so the object, its
        parameters and whatever it records never enter the student process."""
        cid = len(self.served) + 1
        self.served[cid] = obj
        return GraderSide(cid, str(getattr(obj, "__name__", None) or type(obj).__name__))

    @staticmethod
    def _grader_call(sandbox: Sandbox, request: dict) -> dict:
        """Answer a call of a served object. Whatever goes wrong is the student's error (bad
        arguments, an unknown id), answered as such; the grader itself never raises here."""
        try:
            obj = sandbox.served[int(request["id"])]
            method = request.get("method")
            if method is not None:
                if not isinstance(method, str) or method.startswith("_"):
                    raise AttributeError(f"no public method {clean(method)[:80]!r}")
                obj = getattr(obj, method)
            args = protocol.decode(request.get("args", []))
            kwargs = protocol.decode(request.get("kwargs", {"__dict__": []}))
            if not isinstance(args, list) or not isinstance(kwargs, dict) or not callable(obj):
                raise TypeError("malformed call")
            return {"ok": True, "value": protocol.encode(obj(*args, **kwargs))}
        except Exception as exc:
            return {"ok": False, "error": {"type": type(exc).__name__[:80], "message": clean(exc)[:500]}}

    # -- operations ------------------------------------------------------------------------
    def exec_cell(self, source: str, filename: str, module_name: str) -> None:
        self.request({"op": "exec", "source": source, "filename": filename, "module_name": module_name},
                     seconds=self.limits.cell_seconds)

    def probe(self, name: str) -> dict:
        return self.request({"op": "probe", "name": name}, seconds=self.limits.cell_seconds)

    def call(self, target: dict, args: tuple, kwargs: dict, return_args: bool = False,
             max_elements: int | None = None) -> tuple[Any, Any]:
        """`max_elements`: the most array elements the reply may hold (default: the arguments'
        elements times 16, at least protocol.MAX_ELEMENTS); more is refused before conversion."""
        args_wire, kwargs_wire = protocol.encode(list(args)), protocol.encode(dict(kwargs))
        if max_elements is None:
            sent = _elements(args) + _elements(kwargs)
            max_elements = max(protocol.MAX_ELEMENTS, 16 * sent) * (2 if return_args else 1)
        reply = self.request({
            "op": "call", "target": target, "args": args_wire, "kwargs": kwargs_wire, "return_args": return_args,
        })
        budget = protocol.Budget(elements=max_elements)
        value = self._wrap(self._decode(reply["value"], budget))
        after = self._decode(reply["args_after"], budget) if return_args else None
        return value, after

    def get(self, target: dict, max_elements: int = protocol.MAX_ELEMENTS) -> Any:
        reply = self.request({"op": "get", "target": target})
        return self._wrap(self._decode(reply["value"], protocol.Budget(elements=max_elements)))

    def _decode(self, value: Any, budget: protocol.Budget) -> Any:
        """A value the grader cannot read is a fault of the question, never a grader crash."""
        try:
            return protocol.decode(value, budget=budget)
        except protocol.TooLarge as exc:
            self.kill()
            raise SandboxFault("size", f"반환한 배열이 예상보다 훨씬 큽니다 (원소 {exc.n:,}개).",
                               f"The returned array is far larger than expected ({exc.n:,} elements).") from None
        except Exception as exc:
            raise self._protocol(f"unreadable value: {exc}") from None

    def set(self, target: dict, value: Any, inplace: bool = False) -> None:
        self.request({"op": "set", "target": target, "value": protocol.encode(value), "inplace": inplace})

    def store(self, value: Any) -> Remote:
        reply = self.request({"op": "store", "value": protocol.encode(value)})
        return self._wrap(self._decode(reply["value"], protocol.Budget()))

    def same(self, a: Remote, b: Remote) -> bool:
        return bool(self.request({"op": "same", "a": a._ref, "b": b._ref})["value"])

    def _wrap(self, value: Any) -> Any:
        if isinstance(value, Handle):
            return Remote(self, {"handle": value.id, "path": []}, clean(value.type_name))
        if isinstance(value, list):
            return [self._wrap(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self._wrap(v) for v in value)
        if isinstance(value, dict):
            return {k: self._wrap(v) for k, v in value.items()}
        return value


class GraderSide:
    """Stands, on the wire, for an object that stays in the grader (`Sandbox.serve`)."""

    def __init__(self, cid: int, type_name: str) -> None:
        self.cid, self.type_name = cid, type_name

    def __wire__(self) -> dict:
        return {"__fn__": ["grader", protocol.encode({"id": self.cid, "type": self.type_name[:80]})]}


class Remote:
    """An object that lives in the student process.

    Calling it calls it there; `.attr(name)` and `[key]` read through it (plain data comes
    back as values, anything else as another Remote). Checks use it like the real thing.
    """

    def __init__(self, sandbox: Sandbox, ref: dict, type_name: str = "") -> None:
        self._sandbox, self._ref, self._type_name = sandbox, ref, type_name

    def _child(self, step: list) -> dict:
        return {**self._ref, "path": [*self._ref.get("path", []), step]}

    def __call__(self, *args, **kwargs):
        return self._sandbox.call(self._ref, args, kwargs)[0]

    def call_tracking(self, *args, **kwargs):
        """Call, and also return the arguments as they are afterwards (to catch mutation)."""
        return self._sandbox.call(self._ref, args, kwargs, return_args=True)

    def attr(self, name: str):
        return self._sandbox.get(self._child(["attr", name]))

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return self.attr(name)

    def __getitem__(self, key):
        return self._sandbox.get(self._child(["item", protocol.encode(key)]))

    def ref(self, *steps) -> Remote:
        """A Remote for a path below this one, without fetching it."""
        ref = self._ref
        for kind, key in steps:
            ref = {**ref, "path": [*ref.get("path", []), [kind, protocol.encode(key) if kind == "item" else key]]}
        return Remote(self._sandbox, ref)

    def pin(self) -> Remote:
        """A Remote to the object this path points at now, even if the path is later rebound
        (how an in-place update is told from `params[key] = new_array`)."""
        reply = self._sandbox.request({"op": "pin", "target": self._ref})
        return self._sandbox._wrap(self._sandbox._decode(reply["value"], protocol.Budget()))

    def set_inplace(self, value) -> None:
        self._sandbox.set(self._ref, value, inplace=True)

    def value(self):
        return self._sandbox.get(self._ref)

    def __wire__(self) -> dict:
        """Passed as an argument, a Remote stands for its object in the student process."""
        if "handle" not in self._ref or self._ref.get("path"):
            raise TypeError("only whole remote objects can be passed as arguments; use sandbox.store()")
        return {"__ref__": self._ref["handle"]}

    def __repr__(self) -> str:
        return f"<remote {self._type_name or 'object'}>"


def _elements(value: Any) -> int:
    if isinstance(value, np.ndarray):
        return value.size
    if isinstance(value, (list, tuple)):
        return sum(_elements(v) for v in value)
    if isinstance(value, dict):
        return sum(_elements(v) for v in value.values())
    return 1


def disk_fault(limit: int) -> SandboxFault:
    mib = limit // (1024 * 1024)
    return SandboxFault("disk", f"디스크 한도를 넘었습니다 (임시 폴더 {mib} MiB).",
                        f"Disk quota exceeded (the temporary folder holds at most {mib} MiB).")


def _disk_used(folder: str | None) -> int:
    total, todo = 0, [folder] if folder else []
    while todo:
        try:
            with os.scandir(todo.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        todo.append(entry.path)
                    else:
                        total += entry.stat(follow_symlinks=False).st_blocks * 512
        except OSError:
            continue
    return total


def budget_fault() -> SandboxFault:
    return SandboxFault("budget", "이 제출물의 전체 시간 예산(벽시계/CPU)을 다 썼습니다. "
                                  "남은 문항은 채점하지 않았습니다.",
                        "This submission used up its whole time budget (wall-clock/CPU); "
                        "the remaining questions were not graded.")


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks
    except (OSError, IndexError, ValueError):
        return 0.0
