"""Hostile uses of packed summaries: records read and changed as dicts are, damaged bodies.

A ``Record`` stands for the plain dict it was packed from: whatever a program does with it
(build one as a dict subclass is built, set a field before its body is decoded, read it again
after a body that did not decode) must behave as on that dict or keep raising
``DamagedSummary``; a scan that meets a damaged body reports what a scan without a cache does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blocking_io.static import project as project_module
from blocking_io.static import scan
from blocking_io.static.packing import DamagedSummary
from tests.support.cache_cases import (
    PACKED_SOURCE,
    comparable,
    damage_bodies,
    packed_record,
    write_old,
)

API = "from pkg.store import Store\n\n\nasync def serve():\n    Store().load('p')\n"


@pytest.mark.parametrize(
    "read",
    [
        lambda r: r["calls"],
        lambda r: r.get("calls"),
        lambda r: "calls" in r,
        lambda r: len(r),
        lambda r: list(r),
        lambda r: r == {},
    ],
)
def test_hostile_record_damaged_body_keeps_raising(read) -> None:  # type: ignore[no-untyped-def]
    """A body that failed to decode once read afterwards as a record without a body."""
    _, record = packed_record()
    record._body = b"\x00"
    with pytest.raises(DamagedSummary):
        record["calls"]
    with pytest.raises(DamagedSummary):
        read(record)


@pytest.mark.parametrize("field", ["reads", "ret", "new"])
def test_hostile_record_setitem_keeps_the_dict_order(field: str) -> None:
    """A field set before the body was decoded was listed before the body fields."""
    original, record = packed_record()
    original = dict(original)
    original[field] = ["patched"]
    record[field] = ["patched"]
    assert list(record.items()) == list(original.items())


@pytest.mark.parametrize(
    "build",
    [
        lambda r: r.fromkeys(["calls", "name"], 1),
        lambda r: type(r)(name="f"),
        lambda r: type(r)(),
    ],
)
def test_hostile_record_built_as_a_dict_subclass_reads_as_a_dict(build) -> None:  # type: ignore[no-untyped-def]
    """A record made by `fromkeys` or its own type had no pending body: any read raised."""
    _, record = packed_record()
    built = build(record)
    plain = dict(dict.items(built))
    assert len(built) == len(plain) and list(built) == list(plain) and built == plain
    assert built.get("calls") == plain.get("calls") and ("reads" in built) == ("reads" in plain)
    with pytest.raises(KeyError):
        built["no such field"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_hostile_reuse_damaged_body_met_by_the_comparison_is_a_cold_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """Survived: a damaged body first read by reuse's summary comparison (workers or not)."""
    monkeypatch.setattr(project_module, "PARALLEL_MIN_BYTES", 0)
    src, cache = tmp_path / "src", tmp_path / "cache"
    write_old(src / "pkg" / "__init__.py", "")
    write_old(src / "pkg" / "store.py", PACKED_SOURCE)
    write_old(src / "pkg" / "api.py", API)
    scan([src], repo_root=tmp_path, cache_dir=cache, jobs=jobs)
    damage_bodies(cache)
    # A comment edit: reuse compares the stored summary of `store.py` with its new one.
    write_old(src / "pkg" / "store.py", PACKED_SOURCE + "# edited\n")
    again = scan([src], repo_root=tmp_path, cache_dir=cache, jobs=jobs)
    uncached = scan([src], repo_root=tmp_path, cache_dir=None, jobs=jobs)
    assert comparable(again) == comparable(uncached) and again["findings"]
    assert again["scan"]["reused_analysis"] is False and again["scan"]["cache_misses"] == 3
    for report in cache.glob("report-*"):
        report.unlink()
    healed = scan([src], repo_root=tmp_path, cache_dir=cache, jobs=jobs)
    assert healed["scan"]["cache_hits"] == 3 and comparable(healed) == comparable(uncached)


def test_hostile_report_of_a_warm_analysis_is_stored(tmp_path: Path) -> None:
    """Survived: an analysis of unpacked records makes a report marshal can store."""
    src, cache = tmp_path / "src", tmp_path / "cache"
    write_old(src / "pkg" / "__init__.py", "")
    write_old(src / "pkg" / "store.py", PACKED_SOURCE)
    write_old(src / "pkg" / "api.py", API)
    scan([src], repo_root=tmp_path, cache_dir=cache)
    for report in cache.glob("report-*"):
        report.unlink()
    warm = scan([src], repo_root=tmp_path, cache_dir=cache)
    assert warm["scan"]["cache_hits"] == 3 and not warm["scan"]["reused_report"]
    assert scan([src], repo_root=tmp_path, cache_dir=cache)["scan"]["reused_report"]
