"""Packed summaries: the cache's encoding of a summary, whose function bodies decode on first use.

A function record has a *head* (name, flags, decorators, line: what the whole-project passes read
for every function) and a *body* (its calls, bindings, reads, returns and signature: what only
the functions the analysis reaches need). On a warm scan of a 180k-line tree about one function
in seven or eight is reached, and bodies are three fifths of the summary bytes and more than
half of their decoding time, so the cache stores each body as its own marshal blob, and
decoding a summary builds ``Record`` heads whose body is decoded when a body field is first
asked for. A ``Record`` is a ``dict``: readers need not know, but ``marshal`` cannot store one
(it raises ``ValueError``), so a decoded summary is packed again (``pack_summary``), never
marshalled.

A body that does not decode to the fields this code writes (a sealed cache file of another
layout) raises ``DamagedSummary`` when it is first read; the scan then starts over without the
cache (``scan``).
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from typing import Any

__all__ = ["BODY_FIELDS", "DamagedSummary", "Record", "pack_summary", "unpack_summary"]

# The body fields of a function record, each with the type the summariser writes. They are what
# reach reads of the functions it visits (calls, guards, arguments, bindings), what resolution
# reads of callees (signature, returns); the head keeps what every function is examined for.
BODY_FIELDS: dict[str, type | tuple[type, ...]] = {
    "calls": list,  # call sites: the bulk of a summary
    "bindings": dict,  # local names: resolution inside the function only
    "reads": list,  # attribute reads (property getters): reach only
    "returns": list,  # returned expressions: read for the callees of a reached call
    "params": dict,  # signature: read when a call's arguments are matched
    "positional": list,
    "defaults": dict,
    "required": int,
    "ret": (tuple, type(None)),  # return annotation: read for the callees of a reached call
}


class DamagedSummary(Exception):
    """A cached function body does not decode to the fields this code writes."""


class Record(dict):  # type: ignore[type-arg]
    """A function record whose body fields are decoded when first asked for.

    Subscripting a head field costs what it costs on a dict; the first body field asked for
    (by subscript, ``get``, ``in``, iteration, comparison) decodes the whole body into the dict.
    """

    __slots__ = ("_body",)
    _body: bytes | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        dict.__init__(self, *args, **kwargs)
        self._body = None  # built as a dict subclass is (`fromkeys`, `type(record)()`): no body

    def __missing__(self, key: str) -> Any:
        if self._body is None:
            raise KeyError(key)
        self._load()
        return dict.__getitem__(self, key)

    def _load(self) -> None:
        body = self._body
        if body is None:
            return
        # Dropped only once decoded: a body that does not decode raises on every read after.
        fields = _decode_body(body)
        self._body = None
        fields.update(dict.items(self))  # a field set on the head before the body wins
        dict.update(self, fields)

    def loaded(self) -> Record:
        """Return the record with its body decoded."""
        self._load()
        return self

    def get(self, key: str, default: Any = None) -> Any:
        if self._body is not None and key in BODY_FIELDS:
            self._load()
        return dict.get(self, key, default)

    def __contains__(self, key: object) -> bool:
        if self._body is not None and key in BODY_FIELDS:
            self._load()
        return dict.__contains__(self, key)

    def __iter__(self) -> Iterator[str]:
        self._load()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._load()
        return dict.__len__(self)

    def keys(self):  # type: ignore[no-untyped-def]
        self._load()
        return dict.keys(self)

    def values(self):  # type: ignore[no-untyped-def]
        self._load()
        return dict.values(self)

    def items(self):  # type: ignore[no-untyped-def]
        self._load()
        return dict.items(self)

    def copy(self) -> dict[str, Any]:
        self._load()
        return dict(dict.items(self))

    def __reversed__(self) -> Iterator[str]:
        self._load()
        return dict.__reversed__(self)

    # What changes the record decodes the body first, so a body field is never lost or shadowed.

    def __setitem__(self, key: str, value: Any) -> None:
        self._load()  # else a field set now would be listed before the body fields
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: str) -> None:
        self._load()
        dict.__delitem__(self, key)

    def setdefault(self, key: str, default: Any = None) -> Any:
        self._load()
        return dict.setdefault(self, key, default)

    def pop(self, key: str, *default: Any) -> Any:
        self._load()
        return dict.pop(self, key, *default)

    def popitem(self) -> tuple[str, Any]:
        self._load()
        return dict.popitem(self)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._load()
        dict.update(self, *args, **kwargs)

    def clear(self) -> None:
        self._body = None
        dict.clear(self)

    def __or__(self, other: Any) -> Any:
        self._load()
        return dict.__or__(dict(dict.items(self)), other)

    def __ror__(self, other: Any) -> Any:
        self._load()
        return dict.__ror__(dict(dict.items(self)), other)

    def __ior__(self, other: Any) -> Record:
        self._load()
        dict.update(self, other)
        return self

    def __eq__(self, other: object) -> bool:
        self._load()
        if isinstance(other, Record):
            other._load()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None

    def __repr__(self) -> str:
        self._load()
        return dict.__repr__(self)

    def __reduce__(self) -> tuple[type, tuple[dict[str, Any]]]:
        return (dict, (self.copy(),))


def _decode_body(body: bytes) -> dict[str, Any]:
    try:
        fields = marshal.loads(body)
    except (EOFError, ValueError, TypeError) as error:
        raise DamagedSummary(f"A cached function body does not decode: {error}.") from error
    if not isinstance(fields, dict) or fields.keys() != BODY_FIELDS.keys():
        raise DamagedSummary("A cached function body does not hold the fields of a body.")
    for name, kind in BODY_FIELDS.items():
        if not isinstance(fields[name], kind) or (kind is int and type(fields[name]) is bool):
            raise DamagedSummary(f"A cached function body has a `{name}` of the wrong type.")
    return fields


def pack_summary(summary: dict[str, Any]) -> bytes:
    """Return the cache blob of a summary: each function's body marshalled apart from its head.

    Raises ValueError (as ``marshal.dumps``) for a summary marshal cannot store.
    """
    functions = {}
    for qualname, record in summary["functions"].items():
        fields = record.loaded() if isinstance(record, Record) else record
        head = {k: v for k, v in fields.items() if k not in BODY_FIELDS}
        body = marshal.dumps({name: fields[name] for name in BODY_FIELDS})
        functions[qualname] = (head, body)
    return marshal.dumps({**summary, "functions": functions})


def unpack_summary(blob: bytes, *, lazy: bool = True) -> dict[str, Any] | None:
    """Return the summary of a cache blob, or None if the blob is not one (damaged, foreign).

    With ``lazy``, function records are ``Record`` heads whose bodies decode on first use; else
    they are plain dicts, decoded now (for callers that store summaries with ``marshal``).
    Raises what ``marshal.loads`` raises on bytes that are no marshal data.
    """
    packed = marshal.loads(blob)
    if not isinstance(packed, dict) or not isinstance(packed.get("functions"), dict):
        return None
    functions: dict[str, dict[str, Any]] = {}
    record: dict[str, Any]
    for qualname, entry in packed["functions"].items():
        if not (
            isinstance(entry, tuple)
            and len(entry) == 2
            and isinstance(entry[0], dict)
            and isinstance(entry[1], bytes)
        ):
            return None
        head, body = entry
        if lazy:
            # Made without `Record.__init__`, a Python call per function of every summary.
            lazily = dict.__new__(Record)
            dict.update(lazily, head)
            lazily._body = body
            record = lazily
        else:
            try:
                record = {**head, **_decode_body(body)}
            except DamagedSummary:
                return None
        functions[qualname] = record
    packed["functions"] = functions
    return packed
