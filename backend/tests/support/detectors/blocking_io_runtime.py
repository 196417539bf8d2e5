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
An explicit `flush()` on a file object has no rule: every `close()` calls `flush()`, so a rule on
it would flag each close of a read-only file (see docs/runtime-gate.md).
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
    # Process, opener and file-object primitives added with the peers' suite (issue #14).
    ProjectRule(
        target="os.spawnl",
        reason="Forks, execs and (with `os.P_WAIT`) waits for a child; the defaults patch no "
        "process call.",
    ),
    ProjectRule(
        target="os.spawnle",
        reason="Forks, execs and (with `os.P_WAIT`) waits for a child; the defaults patch no "
        "process call.",
    ),
    ProjectRule(
        target="os.spawnlp",
        reason="Forks, execs and (with `os.P_WAIT`) waits for a child; the defaults patch no "
        "process call.",
    ),
    ProjectRule(
        target="os.spawnlpe",
        reason="Forks, execs and (with `os.P_WAIT`) waits for a child; the defaults patch no "
        "process call.",
    ),
    ProjectRule(
        target="os.spawnv",
        reason="Forks, execs and (with `os.P_WAIT`) waits for a child; the defaults patch no "
        "process call.",
    ),
    ProjectRule(
        target="os.spawnve",
        reason="Forks, execs and (with `os.P_WAIT`) waits for a child; the defaults patch no "
        "process call.",
    ),
    ProjectRule(
        target="os.spawnvp",
        reason="Forks, execs and (with `os.P_WAIT`) waits for a child; the defaults patch no "
        "process call.",
    ),
    ProjectRule(
        target="os.spawnvpe",
        reason="Forks, execs and (with `os.P_WAIT`) waits for a child; the defaults patch no "
        "process call.",
    ),
    ProjectRule(
        target="os.posix_spawn",
        reason="Creates a child process in one syscall that the defaults do not patch.",
    ),
    ProjectRule(
        target="os.posix_spawnp",
        reason="Creates a child process (searching PATH) in one syscall that the defaults do not "
        "patch.",
    ),
    ProjectRule(
        target="os.wait3",
        reason="Waits for any child to change state; the defaults patch no wait call.",
    ),
    ProjectRule(
        target="os.wait4",
        reason="Waits for a given child to change state; the defaults patch no wait call.",
    ),
    ProjectRule(
        target="os.waitid",
        reason="Waits for children selected by id; the defaults patch no wait call.",
    ),
    ProjectRule(
        target="os.fdopen",
        reason="Wraps a descriptor in a file object; caught here under its own name rather than "
        "as the `io.open` it calls.",
    ),
    ProjectRule(
        target="io.open_code",
        reason="Opens a file for reading through the import machinery's hook, not the patched "
        "`open`.",
    ),
    ProjectRule(
        target="io.TextIOWrapper.readlines",
        reason="Reads the rest of a text file; the defaults patch only `read` and `write`.",
    ),
    ProjectRule(
        target="io.TextIOWrapper.writelines",
        reason="Writes lines to a text file without going through the patched `write`.",
    ),
    ProjectRule(
        target="io.TextIOWrapper.truncate",
        reason="Flushes and resizes the file; the defaults patch only `read` and `write`.",
    ),
    ProjectRule(
        target="io.BufferedReader.read1",
        reason="A buffered read that refills from the disk; `TextIOWrapper` reads lines through "
        "it.",
    ),
    ProjectRule(
        target="io.BufferedReader.readinto",
        reason="Reads into a caller's buffer from the disk; the defaults patch only `read`.",
    ),
    ProjectRule(
        target="io.BufferedReader.readlines",
        reason="Reads the rest of a binary file; the defaults patch only `read`.",
    ),
    ProjectRule(
        target="io.BufferedWriter.writelines",
        reason="Writes a sequence to a binary file without going through the patched `write`.",
    ),
    ProjectRule(
        target="io.BufferedWriter.truncate",
        reason="Flushes and resizes the file; the defaults patch only `write`.",
    ),
    ProjectRule(
        target="io.BufferedRandom.read1",
        reason="A buffered read of a read-write file that refills from the disk.",
    ),
    ProjectRule(
        target="io.BufferedRandom.readinto",
        reason="Reads into a caller's buffer from a read-write file; the defaults patch only "
        "`read`.",
    ),
    ProjectRule(
        target="io.BufferedRandom.readline",
        reason="A line read from a read-write file reads the disk; the defaults patch only `read`.",
    ),
    ProjectRule(
        target="io.BufferedRandom.readlines",
        reason="Reads the rest of a read-write file; the defaults patch only `read`.",
    ),
    ProjectRule(
        target="io.BufferedRandom.writelines",
        reason="Writes a sequence to a read-write file without going through the patched `write`.",
    ),
    ProjectRule(
        target="io.BufferedRandom.truncate",
        reason="Flushes and resizes a read-write file; the defaults patch only `read` and `write`.",
    ),
    ProjectRule(
        target="io.FileIO.readall",
        reason="Reads a whole unbuffered file; the defaults patch no `FileIO` method.",
    ),
    ProjectRule(
        target="io.FileIO.readinto",
        reason="An unbuffered read into a caller's buffer; the defaults patch no `FileIO` method.",
    ),
    ProjectRule(
        target="io.FileIO.readline",
        reason="An unbuffered line read, a syscall per chunk; the defaults patch no `FileIO` "
        "method.",
    ),
    ProjectRule(
        target="io.FileIO.readlines",
        reason="Reads an unbuffered file line by line; the defaults patch no `FileIO` method.",
    ),
    ProjectRule(
        target="io.FileIO.write",
        reason="An unbuffered write (`buffering=0`) is a write syscall the buffered rules never "
        "see.",
    ),
    ProjectRule(
        target="io.FileIO.writelines",
        reason="Unbuffered writes of a sequence; the defaults patch no `FileIO` method.",
    ),
    ProjectRule(
        target="io.FileIO.truncate",
        reason="Resizes an unbuffered file with a syscall; the defaults patch no `FileIO` method.",
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
    Exemption(
        target="io.TextIOWrapper.readlines",
        file_suffix="linecache.py",
        functions=("updatecache",),
        reason="The same traceback formatting reads the source file's lines with `readlines`.",
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
    ArgumentExemption(
        target="io.FileIO.write",
        predicate=_writes_to_null_device,
        reason="The binary buffer of the same /dev/null handler writes through to its raw file.",
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
