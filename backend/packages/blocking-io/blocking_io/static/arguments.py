"""Arguments that make a blocking primitive not block: a table, each entry with its reason.

``NONBLOCKING_ARGUMENTS`` lists calls that do not wait when an argument has a given literal value
(``queue.get(block=False)``) or is an in-memory buffer (``zipfile.ZipFile(io.BytesIO())``).
``MEMORY_BACKED`` lists the methods whose receiver, built by one of those calls over an in-memory
buffer in the same function, never touches the disk either.
"""

from __future__ import annotations

from dataclasses import dataclass

from .resolve import Resolver

__all__ = [
    "IN_MEMORY",
    "IN_MEMORY_TYPES",
    "MEMORY_BACKED",
    "NONBLOCKING_ARGUMENTS",
    "NonBlockingArgument",
    "nonblocking_arguments",
]

IN_MEMORY = "<in-memory buffer>"
IN_MEMORY_TYPES = frozenset({"io.BytesIO", "io.StringIO"})
_MEMORY_REASON = "Over an in-memory buffer the archive reads and writes memory, never the disk."


@dataclass(frozen=True)
class NonBlockingArgument:
    """``primitive`` does not block when argument ``keyword`` (or ``position``) is ``value``."""

    primitive: str
    keyword: str
    position: int | None
    value: object
    reason: str


NONBLOCKING_ARGUMENTS: tuple[NonBlockingArgument, ...] = (
    NonBlockingArgument(
        "queue.Queue.get", "block", 0, False, "`get(block=False)` raises `Empty` at once."
    ),
    NonBlockingArgument(
        "queue.Queue.put", "block", 1, False, "`put(item, block=False)` raises `Full` at once."
    ),
    NonBlockingArgument(
        "threading.Lock.acquire", "blocking", 0, False, "`acquire(blocking=False)` never waits."
    ),
    NonBlockingArgument("zipfile.ZipFile", "file", 0, IN_MEMORY, _MEMORY_REASON),
    NonBlockingArgument("tarfile.open", "fileobj", None, IN_MEMORY, _MEMORY_REASON),
    NonBlockingArgument("gzip.GzipFile", "fileobj", None, IN_MEMORY, _MEMORY_REASON),
)
# Methods of an object built over an in-memory buffer, by the constructor that built it.
MEMORY_BACKED: dict[str, str] = {
    "zipfile.ZipFile.writestr": "zipfile.ZipFile",
    "zipfile.ZipFile.write": "zipfile.ZipFile",
    "zipfile.ZipFile.read": "zipfile.ZipFile",
    "tarfile.TarFile.add": "tarfile.open",
}
_BY_PRIMITIVE: dict[str, list[NonBlockingArgument]] = {}
for _entry in NONBLOCKING_ARGUMENTS:
    _BY_PRIMITIVE.setdefault(_entry.primitive, []).append(_entry)


def _argument(call: tuple, entry: NonBlockingArgument) -> tuple | None:
    for name, value in call[4]:
        if name == entry.keyword:
            return value
    args = call[3]
    if entry.position is not None and len(args) > entry.position:
        return args[entry.position]
    return None


def _matches(resolver: Resolver, arg: tuple | None, entry, module: str, fn: str, line: int):
    if arg is None:
        return False
    if entry.value is IN_MEMORY:
        value = resolver.eval(arg, module, fn, line)
        return value is not None and value[0] == "i" and value[1] in IN_MEMORY_TYPES
    return arg[0] == "k" and arg[1] is entry.value


def nonblocking_arguments(resolver: Resolver, fn: str, call: tuple, target: str) -> bool:
    """Tell whether a primitive call's arguments (or its receiver's) make it not block."""
    module, record = resolver.functions[fn]
    line = call[0]
    for entry in _BY_PRIMITIVE.get(target, ()):
        if _matches(resolver, _argument(call, entry), entry, module, fn, line):
            return True
    constructor = MEMORY_BACKED.get(target)
    func = call[2]
    if constructor is None or func[0] != "a" or func[1][0] != "n":
        return False
    built = [b for at, b in record["bindings"].get(func[1][1], ()) if at <= line]
    binding = built[-1] if built else None
    if binding is None or binding[0] != "val" or binding[1] is None or binding[1][0] != "c":
        return False
    made = binding[1]
    if resolver.eval(made[1], module, fn, line) != ("q", constructor):
        return False
    first = (line, 0, made[1], (made[2],), ())  # the constructor call, first argument only
    return any(
        _matches(resolver, _argument(first, entry), entry, module, fn, line)
        for entry in _BY_PRIMITIVE.get(constructor, ())
    )
