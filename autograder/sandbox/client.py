"""The grader's side of the sandbox: start the student process, talk to it, bound it.

Every request has a wall-clock deadline; each question also gets a CPU-time budget that
the grader itself sets on the child with prlimit (the child cannot raise it). A child
that hangs, dies, exits, floods output or runs out of memory is killed and reported; the
caller restarts it for the next question with `restart()`.
"""

from __future__ import annotations

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

from autograder.sandbox import protocol
from autograder.sandbox.protocol import Handle
from autograder.sandbox.worker import FLOOD_EXIT


@dataclass
class Limits:
    memory_bytes: int = 2 * 1024**3
    startup_seconds: float = 30.0
    cell_seconds: float = 10.0
    output_chars: int = 200_000  # per question; past it the question is a flood
    landlock: bool = True  # False only to test the fallback layers on their own


class SandboxFault(Exception):
    """The student process hung, died, exited or flooded: the question is lost."""

    def __init__(self, kind: str, ko: str, en: str) -> None:
        super().__init__(en)
        self.kind, self.ko, self.en = kind, ko, en


class StudentError(Exception):
    """Student code raised an exception (the process itself is fine)."""

    def __init__(self, info: dict) -> None:
        self.type = printable(info.get("type", "Exception"))
        self.message = printable(info.get("message", ""))
        self.where = [printable(w) for w in info.get("where", [])]
        super().__init__(f"{self.type}: {self.message}")


def printable(value) -> str:
    """Text from the student process, made safe to print and to store (no lone surrogates)."""
    return str(value).encode("utf-8", "replace").decode("utf-8")


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
    # Objects that live in the grader and that student code may call during a request
    # (test functions, stand-in layers): see `serve`.
    callbacks: dict = field(default_factory=dict)

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        self.close()
        self.workdir = tempfile.mkdtemp(prefix="backprop-lab-")
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": self.workdir,
            "TMPDIR": self.workdir,
            "LANG": "C.UTF-8",
            "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": self.workdir,
        }
        log = open(os.path.join(self.workdir, "worker.log"), "wb")
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-m", "autograder.sandbox.worker",
                 str(to_child_r), str(from_child_w), self.workdir, str(self.limits.memory_bytes),
                 "landlock" if self.limits.landlock else "no-landlock"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, cwd=self.workdir,
                pass_fds=(to_child_r, from_child_w), start_new_session=True,
            )
        finally:
            log.close()
            os.close(to_child_r)
            os.close(from_child_w)
        self._wfd, self._rfd = to_child_w, from_child_r
        self.info = self._receive(time.monotonic() + self.limits.startup_seconds)
        if not self.info.get("ready"):
            raise SandboxFault("startup", "채점 환경을 시작하지 못했습니다.", "The grading sandbox did not start.")

    def close(self) -> None:
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
            self.proc = None
        for fd in (self._rfd, self._wfd):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._rfd = self._wfd = -1
        self.callbacks = {}
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
        if self.proc is not None:
            used = _cpu_seconds(self.proc.pid)
            soft = int(used + cpu_seconds) + 1
            try:
                resource.prlimit(self.proc.pid, resource.RLIMIT_CPU, (soft, soft + 1))
            except (OSError, ValueError):
                pass

    def end_question(self) -> None:
        self.deadline = None

    # -- requests --------------------------------------------------------------------------
    def request(self, message: dict, seconds: float | None = None) -> dict:
        if not self.alive:
            raise SandboxFault("dead", "채점 환경이 종료되어 있습니다.", "The student process is not running.")
        deadline = self.deadline if seconds is None else time.monotonic() + seconds
        if self.deadline is not None:
            message = {**message, "output_limit": max(0, self.limits.output_chars - self.output_chars)}
        try:
            protocol.write_message(self._wfd, message)
        except (BrokenPipeError, OSError):
            raise self._death() from None
        reply = self._receive(deadline)
        while "callback" in reply:  # student code asks a grader-side object, within the same deadline
            self._answer_callback(reply)
            reply = self._receive(deadline)
        self.output_chars += int(reply.get("output_chars", 0) or 0)
        if not reply.get("ok", False):
            error = reply.get("error") or {}
            if error.get("type") == "MemoryError":
                raise SandboxFault("memory", "메모리 한도를 넘었습니다 (MemoryError).",
                                   "Memory limit exceeded (MemoryError).")
            raise StudentError(error)
        return reply

    def _receive(self, deadline: float | None) -> dict:
        try:
            header = self._read(4, deadline)
            return protocol.parse_payload(self._read(protocol.parse_length(header), deadline))
        except SandboxFault:
            raise
        except EOFError:
            raise self._death() from None
        except Exception as exc:  # a malformed message is the child's fault
            self.kill()
            raise SandboxFault("protocol", "채점 환경과의 통신이 깨졌습니다.",
                               f"The student process broke the grading channel ({exc}).") from None

    def _read(self, n: int, deadline: float | None) -> bytes:
        chunks = []
        while n:
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([self._rfd], [], [], timeout)
            if not ready:
                self.kill()
                raise SandboxFault("timeout", "시간 제한을 넘었습니다 (무한 루프나 너무 느린 코드).",
                                   "Time limit exceeded (an endless loop, or far too slow).")
            chunk = os.read(self._rfd, min(n, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()

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
        if code == FLOOD_EXIT:
            return self._flood()
        if code in (-signal.SIGXCPU, -signal.SIGKILL) and self.deadline is not None:
            return SandboxFault("cpu", "CPU 시간 한도를 넘었습니다.", "CPU time limit exceeded.")
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            return SandboxFault("crash", f"프로세스가 비정상 종료되었습니다 ({name}).",
                                f"The process crashed ({name}).")
        return SandboxFault("exit", f"코드가 프로세스를 종료했습니다 (종료 코드 {code}).",
                            f"The code exited the process (exit code {code}), e.g. os._exit or sys.exit.")

    # -- grader-side objects ----------------------------------------------------------------
    def serve(self, obj: Any) -> GraderSide:
        """Hand `obj` to student code without sending it: the child gets a proxy whose calls
        (and method calls) come back here as callbacks, so the object, its parameters and
        whatever it records never enter the student process."""
        cid = len(self.callbacks) + 1
        self.callbacks[cid] = obj
        return GraderSide(cid, str(getattr(obj, "__name__", None) or type(obj).__name__))

    def _answer_callback(self, request: dict) -> None:
        try:
            obj = self.callbacks[int(request["callback"])]
            method = request.get("method")
            if method is not None:
                if not isinstance(method, str) or method.startswith("_"):
                    raise AttributeError(f"no public method {str(method)[:80]!r}")
                obj = getattr(obj, method)
            args = protocol.decode(request.get("args", []))
            kwargs = protocol.decode(request.get("kwargs", {"__dict__": []}))
            if not isinstance(args, list) or not isinstance(kwargs, dict) or not callable(obj):
                raise TypeError("malformed call")
            answer = {"ok": True, "value": protocol.encode(obj(*args, **kwargs))}
        except Exception as exc:  # the student's arguments were wrong (or the id unknown): their error
            answer = {"ok": False, "error": {"type": type(exc).__name__[:80], "message": str(exc)[:500]}}
        try:
            protocol.write_message(self._wfd, {"callback_reply": True, **answer})
        except (BrokenPipeError, OSError):
            raise self._death() from None

    # -- operations ------------------------------------------------------------------------
    def exec_cell(self, source: str, filename: str, module_name: str) -> None:
        self.request({"op": "exec", "source": source, "filename": filename, "module_name": module_name},
                     seconds=self.limits.cell_seconds)

    def probe(self, name: str) -> dict:
        return self.request({"op": "probe", "name": name}, seconds=self.limits.cell_seconds)

    def call(self, target: dict, args: tuple, kwargs: dict, return_args: bool = False) -> tuple[Any, Any]:
        reply = self.request({
            "op": "call", "target": target, "args": protocol.encode(list(args)),
            "kwargs": protocol.encode(dict(kwargs)), "return_args": return_args,
        })
        value = self._wrap(_decode(reply["value"]))
        after = _decode(reply["args_after"]) if return_args else None
        return value, after

    def get(self, target: dict) -> Any:
        return self._wrap(_decode(self.request({"op": "get", "target": target})["value"]))

    def set(self, target: dict, value: Any, inplace: bool = False) -> None:
        self.request({"op": "set", "target": target, "value": protocol.encode(value), "inplace": inplace})

    def store(self, value: Any) -> Remote:
        reply = self.request({"op": "store", "value": protocol.encode(value)})
        return self._wrap(protocol.decode(reply["value"]))

    def same(self, a: Remote, b: Remote) -> bool:
        return bool(self.request({"op": "same", "a": a._ref, "b": b._ref})["value"])

    def _wrap(self, value: Any) -> Any:
        if isinstance(value, Handle):
            return Remote(self, {"handle": value.id, "path": []}, value.type_name)
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
        return self._sandbox._wrap(protocol.decode(reply["value"]))

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


def _decode(value: Any) -> Any:
    """A value the grader cannot read is the student's failure, never a grader crash."""
    try:
        return protocol.decode(value)
    except Exception as exc:
        raise StudentError({"type": "UnreadableResult",
                            "message": f"the returned value could not be read as plain data ({exc})"}) from None


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks
    except (OSError, IndexError, ValueError):
        return 0.0
