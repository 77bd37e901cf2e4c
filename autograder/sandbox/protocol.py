"""Plain-data wire format between the grader and the sandboxed student process.

Messages are length-prefixed JSON. Arrays travel as dtype + shape + base64 bytes,
restricted to numeric and boolean dtypes, so the grader never unpickles or evaluates
anything the student process sends: the worst a hostile child can send is a wrong
number, which is no better than a wrong answer.
"""

from __future__ import annotations

import base64
import json
import math
import os
import struct
from typing import Any

import numpy as np

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
_ALLOWED_KINDS = "biufc"  # bool, int, uint, float, complex


class ProtocolError(Exception):
    """The peer sent something that is not a well-formed message."""


class Handle:
    """A reference to an object that stays in the student process (an instance, a method)."""

    __slots__ = ("id", "type_name")

    def __init__(self, id: int, type_name: str) -> None:
        self.id = id
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<remote {self.type_name} #{self.id}>"


def encode(value: Any, make_handle=None) -> Any:
    """Turn a value into JSON-able plain data.

    `make_handle(obj) -> int` is given on the student side, where objects that are not
    plain data (layer instances, bound methods) become handles; on the grader side it is
    None and such objects are a programming error.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float):
        return _encode_float(value)
    if isinstance(value, Handle):
        return {"__ref__": value.id}
    if make_handle is None and hasattr(value, "__wire__"):
        return value.__wire__()  # grader-side objects that stand for something in the child
    if isinstance(value, np.ndarray) and value.dtype.kind in _ALLOWED_KINDS:
        data = value if value.flags.c_contiguous else value.copy(order="C")  # keeps 0-d arrays 0-d
        return {
            "__nd__": [data.dtype.str, list(data.shape), base64.b64encode(data.tobytes()).decode("ascii")]
        }
    if isinstance(value, np.generic) and value.dtype.kind in _ALLOWED_KINDS:
        return {"__np__": [value.dtype.str, encode(value.item())]}
    if isinstance(value, complex):
        return {"__complex__": [_encode_float(value.real), _encode_float(value.imag)]}
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v, make_handle) for v in value]}
    if isinstance(value, list):
        return [encode(v, make_handle) for v in value]
    if isinstance(value, dict) and all(isinstance(k, (str, int)) for k in value):
        return {"__dict__": [[k, encode(v, make_handle)] for k, v in value.items()]}
    if make_handle is None:
        raise TypeError(f"cannot send a {type(value).__name__} as plain data")
    return {"__handle__": [make_handle(value), _type_name(value)]}


def _type_name(value: Any) -> str:
    name = type(value).__name__
    return name[:80] if isinstance(name, str) else "object"


def _encode_float(x: float) -> Any:
    if math.isfinite(x):
        return x
    return {"__float__": repr(float(x))}  # 'nan', 'inf', '-inf' (float(): np.float64's repr differs)


def decode(value: Any, resolve_ref=None, depth: int = 0, make_fn=None) -> Any:
    """Inverse of `encode`; validates the structure as it goes.

    On the student side `resolve_ref(id)` turns references back into objects and
    `make_fn(kind, params)` builds the grader's test functions (`{"__fn__": ...}`)."""
    if depth > 64:
        raise ProtocolError("value nested too deeply")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [decode(v, resolve_ref, depth + 1, make_fn) for v in value]
    if not isinstance(value, dict) or len(value) != 1:
        raise ProtocolError("malformed value")
    (tag, body), = value.items()
    if tag == "__nd__":
        dtype_str, shape, b64 = body
        dtype = np.dtype(dtype_str)
        if dtype.kind not in _ALLOWED_KINDS:
            raise ProtocolError(f"dtype {dtype_str!r} not allowed")
        if not all(isinstance(n, int) and n >= 0 for n in shape):
            raise ProtocolError("bad array shape")
        raw = base64.b64decode(b64, validate=True)
        if len(raw) != dtype.itemsize * math.prod(shape):
            raise ProtocolError("array size does not match its shape")
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    if tag == "__np__":
        dtype = np.dtype(body[0])
        if dtype.kind not in _ALLOWED_KINDS:
            raise ProtocolError("scalar dtype not allowed")
        return dtype.type(decode(body[1], depth=depth + 1))
    if tag == "__float__":
        if body not in ("nan", "inf", "-inf"):
            raise ProtocolError("bad float")
        return float(body)
    if tag == "__complex__":
        return complex(decode(body[0]), decode(body[1]))
    if tag == "__tuple__":
        return tuple(decode(v, resolve_ref, depth + 1, make_fn) for v in body)
    if tag == "__dict__":
        return {k: decode(v, resolve_ref, depth + 1, make_fn) for k, v in body}
    if tag == "__fn__" and make_fn is not None:
        kind, params = body
        return make_fn(str(kind), decode(params, depth=depth + 1))
    if tag == "__handle__":
        return Handle(int(body[0]), str(body[1])[:80])
    if tag == "__ref__":
        if resolve_ref is None:
            raise ProtocolError("unexpected reference")
        return resolve_ref(int(body))
    raise ProtocolError(f"unknown tag {tag!r}")


def write_message(fd: int, message: dict) -> None:
    payload = json.dumps(message, allow_nan=False, ensure_ascii=True).encode("ascii")
    if len(payload) > MAX_MESSAGE_BYTES:
        raise ProtocolError("message too large")
    data = struct.pack(">I", len(payload)) + payload
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_exact(fd: int, n: int) -> bytes:
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("peer closed the channel")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def parse_length(header: bytes) -> int:
    (length,) = struct.unpack(">I", header)
    if length > MAX_MESSAGE_BYTES:
        raise ProtocolError("message too large")
    return length


def parse_payload(payload: bytes) -> dict:
    try:
        message = json.loads(payload.decode("ascii"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(f"not JSON: {exc}") from None
    if not isinstance(message, dict):
        raise ProtocolError("message is not an object")
    return message
