"""The student process: runs submitted code and answers the grader's requests.

Started by `autograder.sandbox.client.Sandbox`, inside the bubblewrap box (box.py) where
there is one, as `main([_, READ_FD, WRITE_FD, CONFIG_JSON])`.
It locks itself down (see lockdown.py) before the first line of student code, then serves
requests: run a cell, call a function, read or set an attribute, store a value. Every
answer is plain data (protocol.py); objects that are not data stay here behind handles.
The grader never sends expected values, so nothing here can be read to learn them.
"""

from __future__ import annotations

import builtins
import io
import os
import signal
import sys
import traceback
import warnings

OUTPUT_KEEP = 4000  # characters of student output kept per request for the report
FLOOD_EXIT = 86  # exit status that tells the grader the output limit was hit


class CappedStream(io.TextIOBase):
    """stdout/stderr replacement: counts everything, keeps only the beginning."""

    def __init__(self) -> None:
        self.kept: list[str] = []
        self.kept_len = 0
        self.total = 0
        self.limit: int | None = None  # shared budget set per request; None = unlimited
        self.other: CappedStream | None = None

    def writable(self) -> bool:
        return True

    def write(self, s) -> int:
        s = str(s)
        self.total += len(s)
        if self.limit is not None and self.total + (self.other.total if self.other else 0) > self.limit:
            os._exit(FLOOD_EXIT)  # a flood ends the process at once: nothing to catch, nothing to wait for
        if self.kept_len < OUTPUT_KEEP:
            piece = s[: OUTPUT_KEEP - self.kept_len]
            self.kept.append(piece)
            self.kept_len += len(piece)
        return len(s)

    def flush(self) -> None:
        pass

    def take(self) -> tuple[str, int]:
        text, total = "".join(self.kept), self.total
        self.kept, self.kept_len, self.total = [], 0, 0
        return text, total


class GraderObject:
    """An object that lives in the grader (a test function, a stand-in layer).

    Calling it, or one of its methods, sends the arguments to the grader as plain data and
    returns the grader's answer: nothing about the object is here to be read or patched."""

    __slots__ = ("_id", "_type", "_ask")

    def __init__(self, cid: int, type_name: str, ask) -> None:
        self._id, self._type, self._ask = cid, type_name, ask

    def __call__(self, *args, **kwargs):
        return self._ask(self._id, None, args, kwargs)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self._ask(self._id, name, args, kwargs)

    def __repr__(self) -> str:
        return f"<grader {self._type}>"


# Errors the grader may report back from a callback, raised as themselves in student code.
CALLBACK_ERRORS = {e.__name__: e for e in (ValueError, TypeError, IndexError, KeyError, AttributeError,
                                           ZeroDivisionError, ArithmeticError)}


class Worker:
    def __init__(self, rfd: int, wfd: int) -> None:
        self.rfd, self.wfd = rfd, wfd
        self.handles: dict[int, object] = {}
        self.next_handle = 1
        self.namespace: dict = {"__builtins__": builtins, "__name__": "__main__"}
        self.out = CappedStream()
        self.err = CappedStream()
        self.out.other, self.err.other = self.err, self.out

    # -- plain data ------------------------------------------------------------------
    def make_handle(self, obj) -> int:
        hid = self.next_handle
        self.next_handle += 1
        self.handles[hid] = obj
        return hid

    def resolve_ref(self, hid: int):
        return self.handles[hid]

    def encode(self, value):
        from autograder.sandbox import protocol

        return protocol.encode(value, self.make_handle)

    def decode(self, value):
        from autograder.sandbox import protocol

        # the grader's own requests: generous bounds (they may carry a data set)
        return protocol.decode(value, self.resolve_ref, make_fn=self.grader_object,
                               budget=protocol.Budget(nodes=10**7, elements=10**8))

    def grader_object(self, kind: str, params: dict) -> GraderObject:
        if kind != "grader" or not isinstance(params, dict):
            raise ValueError(f"unknown grader object {kind!r}")
        return GraderObject(int(params["id"]), str(params.get("type", "object")), self.ask_grader)

    def ask_grader(self, cid: int, method: str | None, args: tuple, kwargs: dict):
        """A callback (kind "grader_call"): the grader answers in the middle of the current request."""
        from autograder.sandbox import protocol

        protocol.write_message(self.wfd, {"kind": "grader_call", "id": cid, "method": method,
                                          "args": protocol.encode(list(args)), "kwargs": protocol.encode(dict(kwargs))})
        answer = protocol.parse_payload(protocol.read_exact(self.rfd, protocol.parse_length(
            protocol.read_exact(self.rfd, 4))))
        if not answer.get("ok"):
            error = answer.get("error") or {}
            raise CALLBACK_ERRORS.get(error.get("type"), RuntimeError)(error.get("message", ""))
        return self.decode(answer.get("value"))

    def locate(self, ref: dict):
        """Follow a reference: a global name or a handle, then attribute/item steps."""
        if "name" in ref:
            name = ref["name"]
            if name not in self.namespace:
                raise NameError(f"name {name!r} is not defined")
            obj = self.namespace[name]
        else:
            obj = self.handles[ref["handle"]]
        for kind, key in ref.get("path", []):
            obj = getattr(obj, key) if kind == "attr" else obj[self.decode(key)]
        return obj

    # -- requests ----------------------------------------------------------------------
    def op_exec(self, req):
        self.namespace["__name__"] = req.get("module_name", "__main__")
        code = compile(req["source"], req["filename"], "exec")
        exec(code, self.namespace)
        return {}

    def op_probe(self, req):
        name = req["name"]
        if name not in self.namespace:
            return {"exists": False}
        obj = self.namespace[name]
        return {"exists": True, "callable": callable(obj), "is_class": isinstance(obj, type)}

    def op_call(self, req):
        fn = self.locate(req["target"])
        args = self.decode(req.get("args", []))
        kwargs = self.decode(req.get("kwargs", {"__dict__": []}))
        result = fn(*args, **kwargs)
        reply = {"value": self.encode(result)}
        if req.get("return_args"):
            reply["args_after"] = self.encode(list(args))
        return reply

    def op_get(self, req):
        return {"value": self.encode(self.locate(req["target"]))}

    def op_set(self, req):
        ref = dict(req["target"])
        value = self.decode(req["value"])
        if req.get("inplace"):
            self.locate(ref)[...] = value
            return {}
        *parent_path, (kind, key) = ref["path"]
        parent = self.locate({**ref, "path": parent_path})
        if kind == "attr":
            setattr(parent, key, value)
        else:
            parent[self.decode(key)] = value
        return {}

    def op_store(self, req):
        return {"value": {"__handle__": [self.make_handle(self.decode(req["value"])), "stored"]}}

    def op_pin(self, req):
        """A new handle to the object a path points at now (it stays that object)."""
        obj = self.locate(req["target"])
        return {"value": {"__handle__": [self.make_handle(obj), type(obj).__name__[:80]]}}

    def op_same(self, req):
        return {"value": self.locate(req["a"]) is self.locate(req["b"])}

    def serve(self) -> None:
        from autograder.sandbox import protocol

        while True:
            try:
                header = protocol.read_exact(self.rfd, 4)
            except EOFError:
                return
            req = protocol.parse_payload(protocol.read_exact(self.rfd, protocol.parse_length(header)))
            handler = getattr(self, "op_" + str(req.get("op", "")), None)
            reply: dict
            self.out.limit = self.err.limit = req.get("output_limit")
            try:
                if handler is None:
                    raise ValueError(f"unknown op {req.get('op')!r}")
                with warnings.catch_warnings():
                    warnings.simplefilter("default")
                    reply = {"ok": True, **handler(req)}
            except BaseException as exc:  # student code may raise anything, SystemExit included
                reply = {"ok": False, "error": describe(exc)}
            out, out_total = self.out.take()
            err, err_total = self.err.take()
            envelope = {"kind": "reply", "id": req.get("id"), "stdout": out, "stderr": err,
                        "output_chars": out_total + err_total}
            try:
                protocol.write_message(self.wfd, {**reply, **envelope}, protocol.MAX_REPLY_BYTES)
            except Exception as exc:  # the result itself could not be sent (too large, not data)
                protocol.write_message(self.wfd, {"ok": False, "error": describe(exc), **envelope})


def describe(exc: BaseException) -> dict:
    frames = [
        f"{fs.filename}:{fs.lineno} in {fs.name}: {(fs.line or '').strip()}"
        for fs in traceback.extract_tb(exc.__traceback__)
        if fs.filename.startswith("<")
    ]
    if isinstance(exc, SyntaxError):
        frames.append(f"{exc.filename}:{exc.lineno}: {(exc.text or '').strip()}")
    try:
        message = str(exc)
    except BaseException:
        message = "<unprintable>"
    name = type(exc).__name__
    return {"type": name[:80] if isinstance(name, str) else "Exception", "message": message[:2000],
            "where": [f[:300] for f in frames[-6:]]}


def main(argv: list[str]) -> None:
    """argv: READ_FD WRITE_FD CONFIG_JSON (see client.Sandbox.start for the keys)."""
    import json

    rfd, wfd, config = int(argv[1]), int(argv[2]), json.loads(argv[3])
    os.chdir(config["workdir"])
    import_for_students()
    serve_student(rfd, wfd, config)


def import_for_students() -> None:
    """Everything student code may need is imported before the doors close."""
    import subprocess  # noqa: F401  (matplotlib imports it; its fork_exec is disarmed below)

    import numpy  # noqa: F401

    from autograder.sandbox import lockdown, protocol  # noqa: F401


def serve_student(rfd: int, wfd: int, config: dict) -> None:
    """Lock this process down (limits, Landlock, uid, audit hook), then serve the grader."""
    from autograder.sandbox import lockdown, protocol

    workdir = config["workdir"]
    read_dirs = config.get("read_dirs") or lockdown.python_dirs()
    hidden = config.get("hidden", [])
    lockdown.set_limits(config["memory"], cpu_seconds=config.get("cpu"), nproc=config.get("nproc"),
                        file_bytes=config.get("file_bytes", 16 * 1024 * 1024))
    abi = lockdown.apply_landlock(read_dirs, workdir) if config.get("landlock", True) else 0
    uid = config.get("uid")
    dropped = lockdown.become(uid, workdir) if uid is not None else lockdown.drop_root(workdir, read_dirs)
    if config.get("audit_hook", True):
        lockdown.disarm_fork_exec()
        lockdown.install_audit_hook(read_dirs, workdir, hidden)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if config.get("forked"):  # stdout and stderr are the box's log, shared by every student of the box
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)
    worker = Worker(rfd, wfd)
    sys.stdout, sys.stderr = worker.out, worker.err
    sys.stdin = io.StringIO("")
    protocol.write_message(wfd, {"ok": True, "ready": True, "landlock": abi, "dropped_root": dropped,
                                 "boxed": bool(config.get("boxed")), "forked": bool(config.get("forked"))})
    worker.serve()


# -- the fork server ---------------------------------------------------------------------------
# A box whose first process has Python and NumPy imported (about 0.2 s of CPU that every fresh
# process pays) and forks one student process at a time. Each student process is a new copy of
# this one: it locks itself down exactly as `main` does, under a uid of its own, in a Landlock
# domain of its own, and never holds the control socket. When it ends, this process kills every
# process left with its uid, empties the box's tmpfs and only then tells the grader, so the next
# student starts in the state the first one found. See client.ForkServer.

def fork_server(argv: list[str]) -> None:
    """argv: CONTROL_FD CONFIG_JSON. The grader sends {config} with two fds (the child's ends of
    its request and reply pipes); this answers {"started": pid}, then {"exited": pid, "code": c}."""
    import json
    import socket

    control = socket.socket(fileno=int(argv[1]))
    base = json.loads(argv[2])
    workdir = base["workdir"]
    os.chdir(workdir)
    import_for_students()
    control.send(json.dumps({"ready": True}).encode())
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 1 << 20, 2)
        except OSError:
            return
        if not message:  # the grader closed the box
            return
        if len(fds) != 2:
            for fd in fds:
                os.close(fd)
            control.send(json.dumps({"error": "expected two fds"}).encode())
            continue
        config = {**base, **json.loads(message), "forked": True}
        pid = os.fork()
        if pid == 0:  # the student process
            code = 70
            try:
                control.close()
                os.setsid()
                _keep_only_fds(fds)
                sys.argv[1:] = [str(fds[0]), str(fds[1]), json.dumps(config)]  # as `main` has them
                serve_student(fds[0], fds[1], config)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        for fd in fds:
            os.close(fd)
        control.send(json.dumps({"started": pid}).encode())
        _, status = os.waitpid(pid, 0)
        _end_uid(config.get("uid"))
        _empty(workdir)
        _remove_ipc(config.get("uid"))
        control.send(json.dumps({"exited": pid, "code": os.waitstatus_to_exitcode(status)}).encode())


def _keep_only_fds(keep) -> None:
    """Close every inherited fd but stdin/stdout/stderr and `keep`."""
    keep = sorted({*keep, 0, 1, 2})
    low = 0
    for fd in keep:
        if fd > low:
            os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, 1 << 16)


def _processes_of(uid: int) -> list[int]:
    """Live (not zombie) processes whose real uid is `uid`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
        except (OSError, ValueError):
            continue
        if fields.get("Uid", "").split()[:1] == [str(uid)] and not fields.get("State", "").strip().startswith("Z"):
            found.append(int(entry))
    return found


def _end_uid(uid) -> None:
    """Kill every process the student left behind (all hold its uid); the box's init reaps them."""
    if uid is None:
        return
    import time

    for _ in range(500):
        pids = _processes_of(uid)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.002)
    raise SystemExit("fork server: processes of the last student would not end")


def _remove_ipc(uid) -> None:
    """System V shared memory, queues and semaphores outlive their process: whatever the student
    made goes, removed under its uid (a read of /proc when there is none). If they cannot be
    removed, the server ends, and its box (the IPC namespace) with it."""
    if uid is None or not _ipc_objects():
        return
    import subprocess

    try:
        subprocess.run(["ipcrm", "--all"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=10, check=False, user=uid, group=uid, extra_groups=[])
    except (OSError, subprocess.SubprocessError):
        pass
    if _ipc_objects():
        raise SystemExit("fork server: System V IPC objects of the last student could not be removed")


def _ipc_objects() -> bool:
    for kind in ("shm", "msg", "sem"):
        try:
            with open(f"/proc/sysvipc/{kind}") as f:
                if len(f.read().splitlines()) > 1:
                    return True
        except OSError:
            continue
    return False


def _empty(workdir: str) -> None:
    """The tmpfs back to what a fresh box has: empty, root's, mode 1777."""
    import shutil

    with os.scandir(workdir) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    os.chown(workdir, 0, 0)
    os.chmod(workdir, 0o1777)


if __name__ == "__main__":
    main(sys.argv)
