"""The runtime record: what gated tests caught and which project functions ran under the gate.

Each gated test adds its catches (primitive, layer, first project frame, test node id) and the
code objects that ran on the loop thread while its gate was active. `FunctionTracer` collects those
with `sys.settrace` on the loop thread only, returning no local trace function, so Python pays one
call per function entry (and per coroutine resumption) and nothing per line; `sys.monitoring` is
not available on 3.11, and coverage.py would trace lines and every thread.

`RuntimeRecord.to_json` maps each catch to the static finding at the same path and line of
`blocking-io-findings.json` (its `id`), or `NOT_FOUND_STATICALLY`. Parts written by pytest-xdist
workers are combined by `merge_parts`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import CodeType, FrameType

from blocking_io.findings import NOT_FOUND_STATICALLY, static_keys

from .violations import Violation

__all__ = [
    "NOT_FOUND_STATICALLY",
    "RECORD_FILE",
    "Catch",
    "ExecutedFunction",
    "FunctionTracer",
    "RuntimeRecord",
    "merge_parts",
]

RECORD_FILE = "blocking-io-runtime.json"
TRACER = "sys.settrace on the loop thread, call events only"


@dataclass(frozen=True)
class Catch:
    """One blocking call a gate raised on, located by the first project frame."""

    primitive: str
    layer: str
    path: str
    line: int
    test: str


@dataclass(frozen=True, order=True)
class ExecutedFunction:
    """A project function that ran on the loop thread under the gate (its def line)."""

    path: str
    function: str
    line: int


class FunctionTracer:
    """Collect the code objects that start or resume on this thread while active."""

    def __init__(self) -> None:
        self.codes: set[CodeType] = set()
        self._saved: object = None

    def _trace(self, frame: FrameType, event: str, arg: object) -> None:
        # Global trace function: called on 'call' only; returning None disables line tracing.
        self.codes.add(frame.f_code)

    def __enter__(self) -> FunctionTracer:
        self._saved = sys.gettrace()
        sys.settrace(self._trace)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(self._saved)  # type: ignore[arg-type]


def _relative(path: str, root: Path) -> str | None:
    """Return `path` relative to `root` with `/` separators, or None when outside it."""
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return None


@dataclass
class RuntimeRecord:
    """Catches and executed functions of one pytest process (or several, merged)."""

    root: Path
    tests: int = 0
    catches: list[Catch] = field(default_factory=list)
    executed: set[ExecutedFunction] = field(default_factory=set)

    def add_test(
        self,
        nodeid: str,
        violations: Iterable[Violation],
        base: str,
        codes: Iterable[CodeType],
        prefixes: tuple[str, ...],
    ) -> None:
        """Add one gated test: its violations (locations relative to `base`) and its code."""
        self.tests += 1
        for violation in violations:
            location, _, line = violation.location.rpartition(":")
            if not line.isdigit():
                continue  # no frame inside a scanned package: nothing to locate
            path = _relative(os.path.join(base, location), self.root) or location
            self.catches.append(
                Catch(violation.primitive, violation.layer, path, int(line), nodeid)
            )
        self.add_codes(codes, prefixes)

    def add_codes(self, codes: Iterable[CodeType], prefixes: tuple[str, ...]) -> None:
        """Add the functions among `codes` defined in files under `prefixes` (scanned packages)."""
        for code in codes:
            if code.co_filename.startswith(prefixes) and code.co_name != "<module>":
                path = _relative(code.co_filename, self.root) or Path(code.co_filename).as_posix()
                self.executed.add(ExecutedFunction(path, code.co_qualname, code.co_firstlineno))

    def to_json(self, findings_file: Path | None) -> dict[str, object]:
        """Return the record as JSON data, each catch with its static finding key."""
        keys = static_keys(findings_file)
        return {
            "tracer": TRACER,
            "tests": self.tests,
            "catches": [
                {**asdict(c), "finding": keys.get((c.path, c.line), NOT_FOUND_STATICALLY)}
                for c in sorted(self.catches, key=lambda c: (c.path, c.line, c.test))
            ],
            "executed": [asdict(f) for f in sorted(self.executed)],
        }

    def write(self, path: Path, findings_file: Path | None) -> None:
        """Write the record to `path` (creating its directory), replacing it atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self.to_json(findings_file), indent=1), encoding="utf-8")
        os.replace(temporary, path)

    @classmethod
    def read_part(cls, path: Path, root: Path) -> RuntimeRecord:
        """Read a part written by `write` back into a record (finding keys are recomputed)."""
        data = json.loads(path.read_text(encoding="utf-8"))
        record = cls(root=root, tests=data["tests"])
        for catch in data["catches"]:
            catch.pop("finding", None)
            record.catches.append(Catch(**catch))
        record.executed = {ExecutedFunction(**item) for item in data["executed"]}
        return record


def merge_parts(parts: Iterable[Path], root: Path) -> RuntimeRecord:
    """Combine the records written by several processes (pytest-xdist workers) into one."""
    merged = RuntimeRecord(root=root)
    for part in sorted(parts):
        record = RuntimeRecord.read_part(part, root)
        merged.tests += record.tests
        merged.catches += record.catches
        merged.executed |= record.executed
    return merged
