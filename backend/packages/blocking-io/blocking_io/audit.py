"""The audit-hook layer: Python audit events that mean a blocking call, and one process-wide hook.

Patching a function (Blockbuster's layer) misses every caller that holds the original object: a
name bound before the gate activated (`from os import mkdir`), a library that bound it when it was
imported (`tokenize` binds `open` as `_builtin_open`), and C code that calls the C function
directly (`io.FileIO(path)`, whose constructor cannot be patched). The interpreter raises an audit
event from inside the C function itself, so a hook sees all of these.

`sys.addaudithook` hooks can never be removed, so `install()` adds one hook per process and the
hook stays inert (one truth test of a module global) until a listener registers: the runtime gate
registers while it is active, the production loop monitor while it runs. The hook only reaches a
listener for an event in `AUDIT_RULES`, on a thread that runs an event loop, outside the import
system (`IMPORT_FRAMES`), and not re-entrantly.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import Protocol

__all__ = [
    "AUDIT_RULES",
    "IMPORT_FRAMES",
    "AuditListener",
    "AuditRule",
    "FramePrefix",
    "add_listener",
    "install",
    "match_rule",
    "remove_listener",
]


def _always(_args: tuple[object, ...]) -> bool:
    return True


def _path_open(args: tuple[object, ...]) -> bool:
    """Tell whether an `open` event opens a path (not a file descriptor) through `io.open`."""
    return not isinstance(args[0], int) and args[1] is not None


def _low_level_open(args: tuple[object, ...]) -> bool:
    """Tell whether an `open` event comes from `os.open` (its mode argument is None)."""
    return not isinstance(args[0], int) and args[1] is None


def _blocking_socket(args: tuple[object, ...]) -> bool:
    """Tell whether a `socket.connect` event is on a socket that waits (not non-blocking)."""
    gettimeout = getattr(args[0], "gettimeout", None)
    return gettimeout is None or gettimeout() != 0.0


@dataclass(frozen=True)
class AuditRule:
    """An audit event that is a blocking call, reported as `primitive`.

    `matches` looks at the event's arguments (an `open` of a file descriptor does no path lookup;
    a non-blocking socket's connect returns at once). `exempted_as` names the patched targets whose
    gate exemptions also allow this event, so one exemption covers both layers.
    """

    event: str
    primitive: str
    reason: str
    exempted_as: tuple[str, ...] = ()
    matches: Callable[[tuple[object, ...]], bool] = _always


_FS = "A filesystem syscall that waits for the disk"
AUDIT_RULES: tuple[AuditRule, ...] = (
    AuditRule(
        event="open",
        primitive="os.open",
        reason="open(2) by path through `os.open`; the event fires inside the C function, so a "
        "prebound `os.open` is seen.",
        exempted_as=("os.open",),
        matches=_low_level_open,
    ),
    AuditRule(
        event="open",
        primitive="builtins.open",
        reason="open(2) by path through `io.open` (also `open`, `Path.open`, `io.FileIO`); an "
        "open of a file descriptor does no path lookup and is left alone.",
        exempted_as=("builtins.open", "io.open"),
        matches=_path_open,
    ),
    AuditRule(event="os.listdir", primitive="os.listdir", reason=f"{_FS}."),
    AuditRule(event="os.scandir", primitive="os.scandir", reason=f"{_FS}."),
    AuditRule(event="os.mkdir", primitive="os.mkdir", reason=f"{_FS}."),
    AuditRule(event="os.rename", primitive="os.rename", reason=f"{_FS} (also `os.replace`)."),
    AuditRule(event="os.remove", primitive="os.remove", reason=f"{_FS} (also `os.unlink`)."),
    AuditRule(event="os.rmdir", primitive="os.rmdir", reason=f"{_FS}."),
    AuditRule(event="shutil.rmtree", primitive="shutil.rmtree", reason=f"{_FS}, many times."),
    AuditRule(event="shutil.copyfile", primitive="shutil.copyfile", reason=f"{_FS}, many times."),
    AuditRule(event="shutil.copymode", primitive="shutil.copymode", reason=f"{_FS}."),
    AuditRule(
        event="sqlite3.connect",
        primitive="sqlite3.connect",
        reason="Opening a database opens and locks its file.",
        exempted_as=("sqlite3.connect",),
    ),
    AuditRule(
        event="socket.getaddrinfo",
        primitive="socket.getaddrinfo",
        reason="Name resolution waits for the resolver; use `loop.getaddrinfo`.",
        exempted_as=("socket.getaddrinfo",),
    ),
    AuditRule(
        event="socket.gethostbyname",
        primitive="socket.gethostbyname",
        reason="Name resolution waits for the resolver.",
        exempted_as=("socket.gethostbyname",),
    ),
    AuditRule(
        event="socket.connect",
        primitive="socket.socket.connect",
        reason="A connect on a blocking socket waits for the peer; asyncio's own connects use "
        "non-blocking sockets and are left alone.",
        exempted_as=("socket.socket.connect",),
        matches=_blocking_socket,
    ),
    AuditRule(
        event="subprocess.Popen",
        primitive="subprocess.Popen",
        reason="Spawning a child forks and execs.",
        exempted_as=("subprocess.Popen.__init__",),
    ),
)


@dataclass(frozen=True)
class FramePrefix:
    """Frames whose filename starts with `prefix` may make audited calls on the loop."""

    prefix: str
    reason: str


IMPORT_FRAMES: tuple[FramePrefix, ...] = (
    FramePrefix(
        prefix="<frozen importlib._bootstrap",
        reason="The import system lists directories and opens source and bytecode files; an "
        "import on the loop is a startup cost the gate does not judge.",
    ),
    FramePrefix(
        prefix="<frozen zipimport>",
        reason="Imports from zip archives open the archive.",
    ),
)
_IMPORT_PREFIXES = tuple(frame.prefix for frame in IMPORT_FRAMES)


def match_rule(event: str, args: tuple[object, ...]) -> AuditRule | None:
    """Return the first rule for `event` whose argument test holds, or None."""
    for rule in _RULES_BY_EVENT.get(event, ()):
        if rule.matches(args):
            return rule
    return None


def in_import_system(frame: FrameType | None) -> bool:
    """Tell whether any frame from `frame` outwards belongs to the import system."""
    while frame is not None:
        if frame.f_code.co_filename.startswith(_IMPORT_PREFIXES):
            return True
        frame = frame.f_back
    return False


class AuditListener(Protocol):
    """Receives the blocking audit events made on a loop thread; may raise to abort the call."""

    def __call__(self, rule: AuditRule, args: tuple[object, ...], frame: FrameType) -> None: ...


_RULES_BY_EVENT: dict[str, tuple[AuditRule, ...]] = {}
for _rule in AUDIT_RULES:
    _RULES_BY_EVENT[_rule.event] = (*_RULES_BY_EVENT.get(_rule.event, ()), _rule)

# Read by the hook on every audit event in the process: keep it a plain tuple swapped whole.
_LISTENERS: tuple[AuditListener, ...] = ()
_INSTALLED = False
_INSTALL_LOCK = threading.Lock()


class _Reentry(threading.local):
    active = False


_REENTRY = _Reentry()


def _hook(event: str, args: tuple[object, ...]) -> None:
    # Called for every audit event of the process (imports, compiles, `sys._getframe`, ...):
    # the first two tests must reject almost all of them.
    if not _LISTENERS or event not in _RULES_BY_EVENT or _REENTRY.active:
        return
    if asyncio._get_running_loop() is None:
        return
    _REENTRY.active = True
    try:
        rule = match_rule(event, args)
        frame = sys._getframe(1)
        if rule is None or in_import_system(frame):
            return
        for listener in _LISTENERS:
            listener(rule, args, frame)
    finally:
        _REENTRY.active = False


def install() -> None:
    """Add the audit hook to this process, once; later calls do nothing."""
    global _INSTALLED
    with _INSTALL_LOCK:
        if not _INSTALLED:
            sys.addaudithook(_hook)
            _INSTALLED = True


def add_listener(listener: AuditListener) -> None:
    """Install the hook if needed and start passing blocking audit events to `listener`."""
    global _LISTENERS
    install()
    with _INSTALL_LOCK:
        _LISTENERS = (*_LISTENERS, listener)


def remove_listener(listener: AuditListener) -> None:
    """Stop passing events to `listener` (the hook stays installed and goes inert).

    Listeners compare by equality, so a bound method fetched again (a new object) still matches.
    """
    global _LISTENERS
    with _INSTALL_LOCK:
        _LISTENERS = tuple(item for item in _LISTENERS if item != listener)
