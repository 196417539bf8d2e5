"""Blockbuster's defaults versus the project rules: which primitives each one catches.

A primitive caught by the defaults needs no project rule; every project rule must name a primitive
the defaults miss. Both sides run the same probe from a frame compiled under `deerflow/`.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from blockbuster import BlockBuster, BlockingError

from blocking_io.runtime.gate import scanned_prefixes, scope_modules
from tests.support.detectors.blocking_io_probes import (
    RULE_PROBES,
    ProbeFiles,
    load_probe,
    probe_files,
    scanned_probe_path,
)
from tests.support.detectors.blocking_io_runtime import (
    _PROJECT_BLOCKING_RULES,
    SCANNED_PACKAGES,
    BlockingCallError,
    ProjectRule,
    detect_blocking_io_strict,
)

PROBE = load_probe(scanned_probe_path())


@contextmanager
def blockbuster_defaults_only() -> Iterator[None]:
    """Activate Blockbuster's default primitives alone, scoped like the gate."""
    defaults = BlockBuster(scope_modules(scanned_prefixes(SCANNED_PACKAGES)))
    defaults.activate()
    try:
        yield
    finally:
        defaults.deactivate()


def _tree(root: Path) -> Path:
    """Create a small directory with one file under `root` and return it."""
    tree = root / "tree"
    tree.mkdir(exist_ok=True)
    (tree / "a.txt").write_text("a", encoding="utf-8")
    return tree


def _scan(directory: Path) -> list[os.DirEntry[str]]:
    """List `directory` with `os.scandir`, closing the iterator even when a call is blocked."""
    with os.scandir(directory) as entries:
        return list(entries)


def _same_open_file(directory: Path) -> bool:
    """Compare a file's descriptor with itself through `os.path.sameopenfile` from the probe."""
    with open(_tree(directory) / "a.txt", "rb") as handle:
        return PROBE.call(os.path.sameopenfile, handle.fileno(), handle.fileno())


# Name asked about -> a call of it from a scanned frame, given a scratch directory.
COVERED_BY_DEFAULTS: dict[str, Callable[[Path], object]] = {
    "os.scandir": lambda d: PROBE.call(_scan, d),
    "os.listdir": lambda d: PROBE.call(os.listdir, d),
    "os.unlink": lambda d: PROBE.call(os.unlink, _tree(d) / "a.txt"),
    "os.rename": lambda d: PROBE.call(os.rename, _tree(d) / "a.txt", d / "b.txt"),
    "time.sleep": lambda d: PROBE.call(time.sleep, 0),
    "shutil.copy": lambda d: PROBE.call(shutil.copy, _tree(d) / "a.txt", d / "c.txt"),
    "shutil.copyfile": lambda d: PROBE.call(shutil.copyfile, _tree(d) / "a.txt", d / "c.txt"),
    "shutil.copy2": lambda d: PROBE.call(shutil.copy2, _tree(d) / "a.txt", d / "c.txt"),
    "shutil.copytree": lambda d: PROBE.call(shutil.copytree, _tree(d), d / "copy"),
    "shutil.move": lambda d: PROBE.call(shutil.move, _tree(d) / "a.txt", d / "m.txt"),
    "shutil.rmtree": lambda d: PROBE.call(shutil.rmtree, _tree(d)),
    "shutil.disk_usage": lambda d: PROBE.call(shutil.disk_usage, d),
    "shutil.which": lambda d: PROBE.call(shutil.which, Path(sys.executable).name),
    "shutil.copymode": lambda d: PROBE.call(shutil.copymode, _tree(d) / "a.txt", d),
    "os.path.sameopenfile": _same_open_file,
}


@pytest.mark.parametrize("name", COVERED_BY_DEFAULTS)
async def test_blockbuster_defaults_catch_primitive_without_project_rule(
    name: str, tmp_path: Path
) -> None:
    assert name not in {rule.target for rule in _PROJECT_BLOCKING_RULES}
    with pytest.raises(BlockingError), blockbuster_defaults_only():
        COVERED_BY_DEFAULTS[name](tmp_path)


@pytest.fixture
def files(tmp_path: Path) -> Iterator[ProbeFiles]:
    """Yield real files and handles for the rule probes."""
    with probe_files(tmp_path) as prepared:
        yield prepared


@pytest.mark.parametrize("rule", _PROJECT_BLOCKING_RULES, ids=lambda rule: rule.target)
async def test_project_rule_target_missed_by_blockbuster_defaults(
    rule: ProjectRule, files: ProbeFiles
) -> None:
    probe = getattr(PROBE, RULE_PROBES[rule.target])
    with blockbuster_defaults_only():
        probe(files)
    with pytest.raises(BlockingCallError) as excinfo, detect_blocking_io_strict():
        probe(files)
    assert excinfo.value.violation.primitive == rule.target
