"""Parallel summaries: batches decoded as they arrive, and a pool that breaks part way.

A scan summarising in worker processes reports what a scan in one process reports; when the pool
cannot start or breaks after some batches (a sandbox without processes, a killed worker), the
files it did not finish are summarised in the scanning process and nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from blocking_io.static import project as project_module
from blocking_io.static import scan
from blocking_io.static.packing import unpack_summary
from blocking_io.static.pool import Outcome, summaries_from_workers
from blocking_io.static.summary import summarise

_FILES = 12


def _tree(root: Path) -> Path:
    package = root / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for number in range(_FILES):
        (package / f"m{number}.py").write_text(
            f"import time\n\n\nasync def handler_{number}():\n    time.sleep({number})\n"
        )
    (package / "broken.py").write_text("def broken(:\n")
    return package


def _shown(report: dict) -> dict:
    return {key: value for key, value in report.items() if key != "scan"}


def test_workers_report_what_one_process_reports(tmp_path: Path) -> None:
    package = _tree(tmp_path)
    alone = scan([package], repo_root=tmp_path, jobs=1)
    shared = scan([package], repo_root=tmp_path, jobs=2)
    assert _shown(shared) == _shown(alone)
    assert len(alone["findings"]) == _FILES
    assert [error["path"] for error in alone["errors"]] == ["pkg/broken.py"]


def test_outcomes_arrive_in_order(tmp_path: Path) -> None:
    package = _tree(tmp_path)
    items = [(path, path.read_bytes()) for path in sorted(package.glob("m*.py"))]
    outcomes = list(summaries_from_workers(items, 2))
    assert [error for _, error in outcomes] == [None] * len(items)
    # The files differ by their handler's name and sleep: a reordering shows.
    expected = [summarise(data.decode("utf-8")) for _, data in items]
    assert [unpack_summary(blob) for blob, _ in outcomes if blob is not None] == expected


@pytest.mark.parametrize("finished", [0, 3, _FILES])
def test_a_pool_breaking_part_way_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, finished: int
) -> None:
    package = _tree(tmp_path)
    alone = scan([package], repo_root=tmp_path, jobs=1)
    real = summaries_from_workers

    def breaking(items: Sequence[tuple[Path, bytes]], workers: int) -> Iterator[Outcome]:
        for number, outcome in enumerate(real(items, workers)):
            if number == finished:
                raise RuntimeError("a worker was killed")
            yield outcome

    monkeypatch.setattr(project_module, "summaries_from_workers", breaking)
    report = scan([package], repo_root=tmp_path, jobs=2)
    assert _shown(report) == _shown(alone)
