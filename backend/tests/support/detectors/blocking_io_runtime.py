"""Runtime blocking-IO gate: Blockbuster scoped to exactly the `app` and `deerflow` packages.

`detect_blocking_io_strict()` patches Blockbuster's default primitives plus the project rules in
`_PROJECT_BLOCKING_RULES`, so a blocking call made on the event-loop thread while a frame of `app`
or `deerflow` is on the stack raises `BlockingCallError`. The error names the primitive and the
first (innermost) scanned frame as `<path relative to backend/>:<line>`, and says how to fix it.

The gate is strict: it records every error it raises, so an error that the code under test catches
(a broad `except Exception`, a handler's `handleError`) still fails the activation on exit, and
fails the test through the pytest wiring in `tests/blocking_io/conftest.py`. While active,
`logging.Handler.handleError` re-raises a `BlockingError` instead of printing it.

Known runtime blind spots (left to the static analyzer): line iteration over a file
(`for line in f`; the type-patching layer cannot patch `__next__`) and names bound before activation
(`from os import mkdir`, then `mkdir(p)`).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType, TracebackType
from typing import Self

import blockbuster.blockbuster as _blockbuster_impl
from blockbuster import BlockBuster, BlockBusterFunction

from tests.support.detectors.blocking_io_messages import (
    BLOCKING_CALL,
    GATE_NOT_NESTED,
    UNKNOWN_EXEMPTION_TARGET,
)
from tests.support.detectors.blocking_io_violations import (
    BlockingCallError,
    BlockingCallsCaughtError,
    Violation,
    first_scanned_frame,
    reraising_handle_error,
    surfaced,
)

__all__ = [
    "SCANNED_PACKAGES",
    "ArgumentExemption",
    "BlockingCallError",
    "BlockingCallsCaughtError",
    "BlockingIOGate",
    "Exemption",
    "ProjectRule",
    "Violation",
    "detect_blocking_io_strict",
    "scanned_prefixes",
]

SCANNED_PACKAGES: tuple[str, ...] = ("app", "deerflow")


@dataclass(frozen=True)
class ProjectRule:
    """A blocking primitive that Blockbuster's defaults miss, patched while the gate is active."""

    target: str
    reason: str


# Each entry is proven missed by Blockbuster's defaults and caught by the gate in
# tests/detectors/runtime/test_project_rules.py. Read with `ast` by the docs build: keep literals.
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


@dataclass(frozen=True)
class Exemption:
    """A known false alarm: `target` may block while `functions` of `file_suffix` are running."""

    target: str
    file_suffix: str
    functions: tuple[str, ...]
    reason: str


# Each exemption has a negative twin in tests/blocking_io/test_gate_health.py.
_EXEMPTIONS: tuple[Exemption, ...] = (
    Exemption(
        target="subprocess.Popen.__init__",
        file_suffix="asyncio/base_events.py",
        functions=("subprocess_exec", "subprocess_shell"),
        reason="`asyncio.create_subprocess_exec` builds its Popen inside the loop's subprocess "
        "transport on purpose; it is the awaitable way to run a child and must stay allowed.",
    ),
    Exemption(
        target="io.BufferedReader.readline",
        file_suffix="linecache.py",
        functions=("updatecache",),
        reason="Formatting a traceback (`logger.exception`) reads source lines to show the error; "
        "Blockbuster exempts linecache's `os.stat` for the same reason.",
    ),
)


@dataclass(frozen=True)
class ArgumentExemption:
    """A known false alarm told by the call's arguments: `target` may run when `predicate` holds."""

    target: str
    predicate: Callable[..., bool]
    reason: str


def _writes_to_null_device(file: object, *_args: object, **_kwargs: object) -> bool:
    """Tell whether a file method is called on the null device (string compare, no IO)."""
    return getattr(file, "name", None) == os.devnull


# Each argument exemption has a negative twin in tests/blocking_io/test_gate_health.py.
_ARGUMENT_EXEMPTIONS: tuple[ArgumentExemption, ...] = (
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


def scanned_prefixes() -> tuple[str, ...]:
    """Return the directory prefixes of the scanned packages, each ending with a separator."""
    prefixes: list[str] = []
    for name in SCANNED_PACKAGES:
        package = importlib.import_module(name)
        prefixes += [os.path.join(entry, "") for entry in package.__path__]
    return tuple(prefixes)


def _scope_modules(prefixes: tuple[str, ...]) -> list[ModuleType]:
    # Blockbuster matches frame filenames against a raw `__path__[0]` prefix, so the real
    # `deerflow` module would also scan a sibling `deerflow_extra/`. Stand-in module objects whose
    # single path ends with a separator scope it exactly, without touching the real packages.
    modules = []
    for prefix in prefixes:
        stand_in = ModuleType(f"blocking-io-gate-scope:{prefix}")
        stand_in.__path__ = [prefix]
        modules.append(stand_in)
    return modules


def _build_functions(scope: list[ModuleType]) -> list[BlockBusterFunction]:
    """Return Blockbuster's defaults plus the project rules, with the exemptions applied."""
    functions = dict(BlockBuster(scope).functions)
    for name, function in functions.items():
        # Report defaults by their table name (`os.scandir`, not `ScandirIterator.__next__`).
        function.full_name = name
    for rule in _PROJECT_BLOCKING_RULES:
        if rule.target in functions:
            raise ValueError(f"Project rule `{rule.target}` duplicates a Blockbuster default.")
        function = BlockBusterFunction(
            None,
            rule.target,
            scanned_modules=scope,
        )
        if function.original_func is None:
            raise ValueError(f"Project rule target `{rule.target}` does not exist.")
        functions[rule.target] = function
    for exemption in _EXEMPTIONS:
        function = _exempted_function(functions, exemption.target, "_EXEMPTIONS")
        function.can_block_in(exemption.file_suffix, set(exemption.functions))
    for argument_exemption in _ARGUMENT_EXEMPTIONS:
        function = _exempted_function(functions, argument_exemption.target, "_ARGUMENT_EXEMPTIONS")
        function.can_block_predicate = _either(
            function.can_block_predicate, argument_exemption.predicate
        )
    return list(functions.values())


def _exempted_function(
    functions: dict[str, BlockBusterFunction], target: str, table: str
) -> BlockBusterFunction:
    """Return the patched function an exemption names, or fail naming the valid targets."""
    if target not in functions:
        choices = ", ".join(sorted(functions))
        raise ValueError(
            UNKNOWN_EXEMPTION_TARGET.format(target=target, table=table, choices=choices)
        )
    return functions[target]


def _either(first: Callable[..., bool], second: Callable[..., bool]) -> Callable[..., bool]:
    """Return a predicate that holds when `first` or `second` holds for the same call."""

    def predicate(*args: object, **kwargs: object) -> bool:
        return first(*args, **kwargs) or second(*args, **kwargs)

    return predicate


_ACTIVE_GATES: list[BlockingIOGate] = []


class BlockingIOGate:
    """One activation of the gate: its patches and the blocking calls it raised on."""

    def __init__(self) -> None:
        self.prefixes = scanned_prefixes()
        self._functions: list[BlockBusterFunction] = []
        self._violations: list[Violation] = []
        self._saved_error_factory: object = None
        self._saved_handle_error: object = None
        self._used = False

    def take_violations(self) -> list[Violation]:
        """Return the blocking calls recorded so far and forget them (they count as reported)."""
        taken, self._violations = self._violations, []
        return taken

    def take_caught(self, exc: BaseException | None) -> list[Violation]:
        """Forget the recorded calls and return those not surfacing as `exc` (or its chain)."""
        return [v for v in self.take_violations() if not surfaced(v, exc)]

    def _raise_blocking(self, primitive: str) -> BlockingCallError:
        # Blockbuster's wrapper calls this as `BlockingError(func_name)` and raises the result;
        # frame 0 is this method, frame 1 the wrapper, so the walk starts at the caller.
        location = first_scanned_frame(sys._getframe(2), self.prefixes)
        message = BLOCKING_CALL.format(primitive=primitive, location=location)
        violation = Violation(primitive=primitive, location=location, message=message)
        self._violations.append(violation)
        return BlockingCallError(violation)

    def __enter__(self) -> Self:
        if self._used:
            raise RuntimeError("A BlockingIOGate activates once; call detect_blocking_io_strict().")
        self._used = True
        functions = _build_functions(_scope_modules(self.prefixes))
        self._saved_error_factory = _blockbuster_impl.BlockingError
        self._saved_handle_error = logging.Handler.handleError
        # Blockbuster's wrapper looks `BlockingError` up in its module when it raises; pointing
        # that name at this gate locates and records each error. The gate-health message test
        # turns red if a Blockbuster release stops doing that lookup.
        _blockbuster_impl.BlockingError = self._raise_blocking  # type: ignore[assignment,misc]
        logging.Handler.handleError = reraising_handle_error(logging.Handler.handleError)  # type: ignore[method-assign]
        _ACTIVE_GATES.append(self)
        try:
            for function in functions:
                function.activate()
                if not function.activated:
                    raise RuntimeError(f"Blockbuster could not patch `{function.full_name}`.")
                self._functions.append(function)
        except BaseException:
            self._restore()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not _ACTIVE_GATES or _ACTIVE_GATES[-1] is not self:
            raise RuntimeError(GATE_NOT_NESTED)
        self._restore()
        caught = self.take_caught(exc)
        if not caught:
            return
        error = BlockingCallsCaughtError(caught)
        if exc is None:
            raise error
        exc.add_note(str(error))

    def _restore(self) -> None:
        while self._functions:
            self._functions.pop().deactivate()
        logging.Handler.handleError = self._saved_handle_error  # type: ignore[method-assign]
        _blockbuster_impl.BlockingError = self._saved_error_factory  # type: ignore[misc]
        _ACTIVE_GATES.remove(self)


def detect_blocking_io_strict() -> BlockingIOGate:
    """Return a context manager that fails blocking IO on the event loop from `app`/`deerflow`.

    Activations nest: end the innermost first. On exit every patched function is restored, also
    after an exception. Blocking calls the code under test caught are raised on exit as
    `BlockingCallsCaughtError`, or added as a note to the exception already propagating.
    """
    return BlockingIOGate()
