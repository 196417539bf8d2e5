"""This project's runtime blocking-IO gate: the `app` and `deerflow` packages, and their rules.

`detect_blocking_io_strict()` returns a `blocking_io.runtime.BlockingIOGate` over the packages among
the `roots` of `[tool.blocking-io]` in `backend/pyproject.toml` (`app`, `deerflow`), with the rules
below: `_PROJECT_BLOCKING_RULES` (primitives Blockbuster's defaults miss), `EXEMPTIONS` (known false
alarms by file and function) and `ARGUMENT_EXEMPTIONS` (known false alarms told by arguments). The
project's own rules live here, with the project; the machinery lives in the `blocking-io` package.
`tests/blocking_io/conftest.py` wires the gate into every test under `tests/blocking_io/`.

The gate has two layers: Blockbuster's patches and the audit hook (`AUDIT_RULES`), which also sees
names bound before activation (`from os import mkdir`, then `mkdir(p)`) and calls from C code; the
exemptions apply to both. `blocking_io.runtime.layers.PRIMITIVE_COVERAGE` says which layer
covers which primitive and which stay blind (line iteration over a file, a prebound `os.stat`).
"""

from __future__ import annotations

import os
from pathlib import Path

from blocking_io.audit import AUDIT_RULES
from blocking_io.config import load_config
from blocking_io.runtime.gate import (
    ArgumentExemption,
    BlockingCallError,
    BlockingCallsCaughtError,
    BlockingIOGate,
    Exemption,
    GateRules,
    ProjectRule,
    Violation,
)

__all__ = [
    "ARGUMENT_EXEMPTIONS",
    "EXEMPTIONS",
    "GATE_RULES",
    "SCANNED_PACKAGES",
    "BlockingCallError",
    "BlockingCallsCaughtError",
    "BlockingIOGate",
    "Violation",
    "detect_blocking_io_strict",
]

_CONFIG = load_config(Path(__file__))
SCANNED_PACKAGES: tuple[str, ...] = tuple(_CONFIG.packages)


# Each entry is proven missed by Blockbuster's defaults and caught by the gate in
# tests/detectors/runtime/test_default_coverage.py. The docs build reads this table with `ast`,
# so keep its entries literal.
_PROJECT_BLOCKING_RULES: tuple[ProjectRule, ...] = (
    ProjectRule(
        target="builtins.open",
        reason="Opening a file is a path lookup syscall; the defaults patch only the reads and "
        "writes on the returned file.",
    ),
    ProjectRule(
        target="io.open",
        reason="pathlib opens files through `io.open`, a separate binding that patching "
        "`builtins.open` does not reach.",
    ),
    ProjectRule(
        target="os.open",
        reason="Low-level open(2) used for lock files and atomic writes is not in the defaults.",
    ),
    ProjectRule(
        target="os.lstat",
        reason="`Path.resolve`, `Path.is_symlink` and `os.path.realpath` stat the disk through "
        "`os.lstat`, which the defaults leave alone.",
    ),
    ProjectRule(
        target="os.fsync",
        reason="Flushing a file to the device can take tens of milliseconds and is not in the "
        "defaults.",
    ),
    ProjectRule(
        target="os.chmod",
        reason="A metadata syscall behind `Path.chmod` and `shutil.copymode` that the defaults "
        "miss.",
    ),
    ProjectRule(
        target="os.utime",
        reason="A metadata syscall behind `Path.touch` and `shutil.copystat` that the defaults "
        "miss.",
    ),
    ProjectRule(
        target="sqlite3.connect",
        reason="Opening a database opens and locks its file; the defaults patch only cursor and "
        "connection methods.",
    ),
    ProjectRule(
        target="socket.getaddrinfo",
        reason="Name resolution waits for the resolver; on the loop use `loop.getaddrinfo`; the "
        "defaults patch only socket methods.",
    ),
    ProjectRule(
        target="socket.gethostbyname",
        reason="Name resolution waits for the resolver; the defaults patch only socket methods.",
    ),
    ProjectRule(
        target="subprocess.Popen.__init__",
        reason="Spawning a child forks and execs; the defaults see it only through the error-pipe "
        "`os.read`, which the posix_spawn path skips.",
    ),
    ProjectRule(
        target="io.TextIOWrapper.readline",
        reason="A line read from a text file reads the disk; the defaults patch only `read` and "
        "`write`.",
    ),
    ProjectRule(
        target="io.BufferedReader.readline",
        reason="A line read from a binary file reads the disk; the defaults patch only `read`.",
    ),
    ProjectRule(
        target="io.FileIO.read",
        reason="Unbuffered reads (`buffering=0`) bypass the buffered readers the defaults patch.",
    ),
    ProjectRule(
        target="os.DirEntry.stat",
        reason="Stat of a directory entry hits the disk when scandir did not cache it; the "
        "defaults patch only the scandir iterator.",
    ),
)


# Each exemption has a negative twin in tests/blocking_io/test_gate_health.py.
EXEMPTIONS: tuple[Exemption, ...] = (
    Exemption(
        target="subprocess.Popen.__init__",
        file_suffix="asyncio/base_events.py",
        functions=("subprocess_exec", "subprocess_shell"),
        reason="`asyncio.create_subprocess_exec` builds its Popen inside the loop's subprocess "
        "transport on purpose; it is the awaitable way to run a child and must stay allowed.",
    ),
    Exemption(
        target="builtins.open",
        file_suffix="linecache.py",
        functions=("updatecache",),
        reason="Formatting a traceback reads source lines through `tokenize.open`, which bound "
        "`open` when it was imported; only the audit-hook layer sees that open.",
    ),
    Exemption(
        target="io.BufferedReader.readline",
        file_suffix="linecache.py",
        functions=("updatecache",),
        reason="Formatting a traceback (`logger.exception`) reads source lines to show the error; "
        "Blockbuster exempts linecache's `os.stat` for the same reason.",
    ),
)


def _writes_to_null_device(file: object, *_args: object, **_kwargs: object) -> bool:
    """Tell whether a file method is called on the null device (string compare, no IO)."""
    return getattr(file, "name", None) == os.devnull


# Each argument exemption has a negative twin in tests/blocking_io/test_gate_health.py.
ARGUMENT_EXEMPTIONS: tuple[ArgumentExemption, ...] = (
    ArgumentExemption(
        target="io.TextIOWrapper.write",
        predicate=_writes_to_null_device,
        reason="pytest's logging plugin puts a FileHandler on /dev/null on the root logger, so "
        "any warning logged on the loop writes there; the null device never waits.",
    ),
    ArgumentExemption(
        target="io.BufferedWriter.write",
        predicate=_writes_to_null_device,
        reason="The same /dev/null handler flushes its text layer into this binary buffer.",
    ),
)


GATE_RULES = GateRules(
    packages=SCANNED_PACKAGES,
    rules=_PROJECT_BLOCKING_RULES,
    exemptions=EXEMPTIONS,
    argument_exemptions=ARGUMENT_EXEMPTIONS,
    base=os.path.join(str(_CONFIG.base), ""),
    audit_rules=AUDIT_RULES,
)


def detect_blocking_io_strict() -> BlockingIOGate:
    """Return a context manager that fails blocking IO on the event loop from `app`/`deerflow`.

    Activations nest: end the innermost first. On exit every patched function is restored, also
    after an exception. Blocking calls the code under test caught are raised on exit as
    `BlockingCallsCaughtError`, or added as a note to the exception already propagating.
    """
    return BlockingIOGate(GATE_RULES)
