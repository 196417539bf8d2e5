"""Which layer of the runtime gate covers which blocking primitive, and which stay blind.

`PRIMITIVE_COVERAGE` is read by the docs build with `ast` (keep its entries literal) and checked
against `AUDIT_RULES` and the project rules by tests. Layers: `patch` (Blockbuster's defaults and
the project rules, seen only through the patched name) and `audit` (the audit hook, which sees
prebound names and C callers). `status` is `covered` (every call path is seen), `partial` (the
patch layer sees the patched name only) or `blind` (no layer sees it).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LAYERS", "PRIMITIVE_COVERAGE", "STATUSES", "Coverage"]

LAYERS = ("patch", "audit")
STATUSES = ("covered", "partial", "blind")


@dataclass(frozen=True)
class Coverage:
    """How the gate sees one primitive: the layers that report it, a status and the reason."""

    primitive: str
    layers: str
    status: str
    reason: str


PRIMITIVE_COVERAGE: tuple[Coverage, ...] = (
    Coverage(
        primitive="builtins.open",
        layers="patch, audit",
        status="covered",
        reason="Patched as `builtins.open` and `io.open`; the `open` audit event also sees a "
        "prebound `open`, a default argument, `io.FileIO(path)` and `io.open_code`.",
    ),
    Coverage(
        primitive="os.open",
        layers="patch, audit",
        status="covered",
        reason="The `open` event with no mode comes from `os.open`.",
    ),
    Coverage(
        primitive="os.listdir, os.scandir, os.mkdir, os.rmdir",
        layers="patch, audit",
        status="covered",
        reason="Blockbuster defaults; each raises its own audit event for prebound names.",
    ),
    Coverage(
        primitive="os.rename, os.replace, os.remove, os.unlink",
        layers="patch, audit",
        status="covered",
        reason="Blockbuster defaults; `os.rename`/`os.replace` raise `os.rename` and "
        "`os.remove`/`os.unlink` raise `os.remove`.",
    ),
    Coverage(
        primitive="shutil.rmtree, shutil.copyfile, shutil.copymode",
        layers="patch, audit",
        status="covered",
        reason="The audit event fires before the first syscall, which the patch layer would see.",
    ),
    Coverage(
        primitive="sqlite3.connect",
        layers="patch, audit",
        status="covered",
        reason="Project rule on `sqlite3.connect`; the event also sees `sqlite3.dbapi2.connect` "
        "and `_sqlite3.connect`, which the rule does not patch.",
    ),
    Coverage(
        primitive="socket.getaddrinfo, socket.gethostbyname",
        layers="patch, audit",
        status="covered",
        reason="Project rules plus the audit events for prebound names.",
    ),
    Coverage(
        primitive="socket.socket.connect",
        layers="patch, audit",
        status="covered",
        reason="Blockbuster default; the audit event skips non-blocking sockets (asyncio's).",
    ),
    Coverage(
        primitive="subprocess.Popen",
        layers="patch, audit",
        status="covered",
        reason="Project rule on `Popen.__init__`; its exemption for asyncio's subprocess "
        "transport applies to the `subprocess.Popen` event too.",
    ),
    Coverage(
        primitive="time.sleep",
        layers="patch",
        status="partial",
        reason="No audit event: `from time import sleep` bound before activation is not seen.",
    ),
    Coverage(
        primitive="os.stat, os.lstat, os.path.exists",
        layers="patch",
        status="partial",
        reason="No audit event for stat calls: only the patched names are seen.",
    ),
    Coverage(
        primitive="os.fsync, os.chmod, os.utime",
        layers="patch",
        status="partial",
        reason="No audit event: only the patched names (project rules) are seen.",
    ),
    Coverage(
        primitive="file read and write methods",
        layers="patch",
        status="partial",
        reason="Patched on the io types, so prebound names do not matter; no audit event.",
    ),
    Coverage(
        primitive="socket send and recv",
        layers="patch",
        status="partial",
        reason="Patched on the socket type; no audit event.",
    ),
    Coverage(
        primitive="for line in file",
        layers="none",
        status="blind",
        reason="`__next__` of the io types cannot be patched and raises no audit event; the "
        "static detector covers it.",
    ),
    Coverage(
        primitive="C code holding the GIL",
        layers="none",
        status="blind",
        reason="A long C computation makes no syscall the gate can see; the production loop "
        "monitor reports it by the time the loop did not turn.",
    ),
)
