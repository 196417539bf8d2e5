"""pytest plugin: write the runtime record (`blocking-io-runtime.json`) of every gated run.

Register it next to `GatePlugin` from the rootmost conftest (it must load in the pytest-xdist
controller too). For each test that a `GatePlugin` gates, it traces the loop thread's function
calls (`record.FunctionTracer`) and keeps the gate's catches. A plain run writes the record at the
end of the session; each xdist worker writes a part under `<data dir>/runtime-parts/` and the
controller merges the parts into the record. A session that gated no test leaves the record alone.
"""

from __future__ import annotations

import shutil
from collections.abc import Generator
from pathlib import Path

import pytest

from .plugin import GATE_KEY
from .record import RECORD_FILE, FunctionTracer, RuntimeRecord, merge_parts

__all__ = ["RECORD_PLUGIN_NAME", "RecordPlugin"]

RECORD_PLUGIN_NAME = "blocking-io-record"
PARTS_DIR = "runtime-parts"


class RecordPlugin:
    """Collect and write the runtime record under `data_dir`, matching `findings_file`."""

    def __init__(self, root: Path, data_dir: Path, findings_file: Path | None) -> None:
        self.record = RuntimeRecord(root=root)
        self.data_dir = data_dir
        self.findings_file = findings_file

    @property
    def path(self) -> Path:
        """Return where the record goes."""
        return self.data_dir / RECORD_FILE

    @property
    def parts(self) -> Path:
        """Return the directory of the per-worker parts."""
        return self.data_dir / PARTS_DIR

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_protocol(
        self, item: pytest.Item, nextitem: pytest.Item | None
    ) -> Generator[None, object, object]:
        """Trace a gated test's loop thread and keep its catches (innermost wrapper)."""
        gate = item.stash.get(GATE_KEY, None)
        if gate is None:
            return (yield)
        tracer = FunctionTracer()
        try:
            with tracer:
                return (yield)
        finally:
            self.record.add_test(
                item.nodeid, gate.seen, gate.rules.base, tracer.codes, gate.prefixes
            )

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """Forget the parts of an earlier run (the xdist controller, before workers start)."""
        if _is_controller(session.config):
            shutil.rmtree(self.parts, ignore_errors=True)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Write this process's record, or its part, or merge the workers' parts."""
        config = session.config
        if _is_controller(config):
            parts = list(self.parts.glob("*.json")) if self.parts.is_dir() else []
            if parts:
                merge_parts(parts, self.record.root).write(self.path, self.findings_file)
            shutil.rmtree(self.parts, ignore_errors=True)
        elif self.record.tests:
            worker = getattr(config, "workerinput", {}).get("workerid")
            target = self.path if worker is None else self.parts / f"{worker}.json"
            self.record.write(target, None if worker else self.findings_file)


def _is_controller(config: pytest.Config) -> bool:
    """Tell whether this process is a pytest-xdist controller (it runs no tests itself)."""
    if hasattr(config, "workerinput"):
        return False
    return getattr(config.option, "dist", "no") != "no"
