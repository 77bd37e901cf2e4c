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

MAX_MESSAGE_BYTES = 64 * 1024 * 1024  # a request (the grader may send a data set)
MAX_REPLY_BYTES = 16 * 1024 * 1024  # a reply from the student process, checked before reading it
MAX_CONTAINERS = 100_000  # JSON arrays and objects in one message, counted before decoding
MAX_ITEMS = 2_000_000  # commas in one message (an upper bound on its elements), idem
MAX_DEPTH = 64
MAX_NODES = 200_000  # values decoded from one message
MAX_ELEMENTS = 1_000_000  # array elements in one reply unless the caller expects more
MAX_DIMS = 32
_ALLOWED_KINDS = "biufc"  # bool, int, uint, float, complex
_LARGEST_FLOAT = int(np.finfo(np.float64).max)


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


class Budget:
    """How much one decoded message may hold: values, and array elements in total."""

    def __init__(self, nodes: int = MAX_NODES, elements: int = MAX_ELEMENTS) -> None:
        self.nodes, self.elements = nodes, elements

    def node(self) -> None:
        self.nodes -= 1
        if self.nodes < 0:
            raise ProtocolError("too many values in one message")

    def take(self, n: int) -> None:
        self.elements -= n
        if self.elements < 0:
            raise TooLarge(n)


class TooLarge(ProtocolError):
    """An array far larger than the caller expects: refused before it is converted."""

    def __init__(self, n: int) -> None:
        super().__init__(f"an array of {n:,} elements is far larger than expected")
        self.n = n


def _pair(body: Any) -> tuple[Any, Any]:
    if not isinstance(body, list) or len(body) != 2:
        raise ProtocolError("malformed value")
    return body[0], body[1]


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ProtocolError("expected an integer")
    return value


def _dtype(text: Any) -> np.dtype:
    if not isinstance(text, str) or len(text) > 8:
        raise ProtocolError("bad dtype")
    try:
        dtype = np.dtype(text)
    except TypeError:
        raise ProtocolError("bad dtype") from None
    if dtype.kind not in _ALLOWED_KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise ProtocolError(f"dtype {text!r} not allowed")
    return dtype


def decode(value: Any, resolve_ref=None, depth: int = 0, make_fn=None, budget: Budget | None = None) -> Any:
    """Inverse of `encode`; validates the structure as it goes, within `budget` (values and
    array elements, checked before anything is converted).

    On the student side `resolve_ref(id)` turns references back into objects and
    `make_fn(kind, params)` builds the grader's test functions (`{"__fn__": ...}`)."""
    budget = budget or Budget()
    budget.node()
    if depth > MAX_DEPTH:
        raise ProtocolError("value nested too deeply")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _LARGEST_FLOAT:
        return math.copysign(math.inf, value)  # 10**4000 is no number any check can compare: it is infinite
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [decode(v, resolve_ref, depth + 1, make_fn, budget) for v in value]
    if not isinstance(value, dict) or len(value) != 1:
        raise ProtocolError("malformed value")
    (tag, body), = value.items()
    if tag == "__nd__":
        if not isinstance(body, list) or len(body) != 3:
            raise ProtocolError("malformed array")
        dtype_str, shape, b64 = body
        dtype = _dtype(dtype_str)
        if not isinstance(shape, list) or len(shape) > MAX_DIMS or not all(
                isinstance(n, int) and not isinstance(n, bool) and 0 <= n < 2**40 for n in shape):
            raise ProtocolError("bad array shape")
        count = math.prod(shape)
        budget.take(count)
        if not isinstance(b64, str) or len(b64) != 4 * math.ceil(dtype.itemsize * count / 3):
            raise ProtocolError("array size does not match its shape")
        try:
            raw = base64.b64decode(b64, validate=True)
        except ValueError:
            raise ProtocolError("bad array data") from None
        if len(raw) != dtype.itemsize * count:
            raise ProtocolError("array size does not match its shape")
        return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    if tag == "__np__":
        dtype_str, scalar = _pair(body)
        dtype = _dtype(dtype_str)
        inner = decode(scalar, depth=depth + 1, budget=budget)
        if not isinstance(inner, (bool, int, float, complex)):
            raise ProtocolError("bad scalar")
        try:
            return dtype.type(inner)
        except (OverflowError, ValueError, TypeError):
            raise ProtocolError("bad scalar") from None
    if tag == "__float__":
        if body not in ("nan", "inf", "-inf"):
            raise ProtocolError("bad float")
        return float(body)
    if tag == "__complex__":
        real, imag = (decode(v, depth=depth + 1, budget=budget) for v in _pair(body))
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (real, imag)):
            raise ProtocolError("bad complex")
        return complex(real, imag)
    if tag == "__tuple__":
        if not isinstance(body, list):
            raise ProtocolError("malformed tuple")
        return tuple(decode(v, resolve_ref, depth + 1, make_fn, budget) for v in body)
    if tag == "__dict__":
        if not isinstance(body, list):
            raise ProtocolError("malformed dict")
        out = {}
        for item in body:
            k, v = _pair(item)
            if not isinstance(k, (str, int)) or isinstance(k, bool):
                raise ProtocolError("bad dict key")
            out[k] = decode(v, resolve_ref, depth + 1, make_fn, budget)
        return out
    if tag == "__fn__" and make_fn is not None:
        kind, params = _pair(body)
        return make_fn(str(kind), decode(params, depth=depth + 1, budget=budget))
    if tag == "__handle__":
        hid, type_name = _pair(body)
        if not isinstance(type_name, str):
            raise ProtocolError("bad handle")
        return Handle(_int(hid), type_name[:80])
    if tag == "__ref__":
        if resolve_ref is None:
            raise ProtocolError("unexpected reference")
        return resolve_ref(_int(body))
    raise ProtocolError(f"unknown tag {str(tag)[:40]!r}")


def frame(message: dict, limit: int = MAX_MESSAGE_BYTES) -> bytes:
    """A message as bytes on the wire: 4-byte big-endian length, then ASCII JSON."""
    payload = json.dumps(message, allow_nan=False, ensure_ascii=True).encode("ascii")
    if len(payload) > limit:
        raise ProtocolError("message too large")
    return struct.pack(">I", len(payload)) + payload


def write_message(fd: int, message: dict, limit: int = MAX_MESSAGE_BYTES) -> None:
    """Blocking write (the student side; the grader writes with a deadline, client.py)."""
    view = memoryview(frame(message, limit))
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


def parse_length(header: bytes, limit: int = MAX_MESSAGE_BYTES) -> int:
    (length,) = struct.unpack(">I", header)
    if length > limit:
        raise ProtocolError(f"message too large ({length:,} bytes; at most {limit:,})")
    return length


def parse_payload(payload: bytes) -> dict:
    """JSON to a dict, refusing before decoding what would take far more memory than its size."""
    if payload.count(b"[") + payload.count(b"{") > MAX_CONTAINERS or payload.count(b",") > MAX_ITEMS:
        raise ProtocolError("message has too many elements")
    try:
        message = json.loads(payload.decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProtocolError(f"not JSON: {str(exc)[:100]}") from None
    if not isinstance(message, dict):
        raise ProtocolError("message is not an object")
    return message
