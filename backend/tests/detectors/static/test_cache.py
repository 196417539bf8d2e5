"""Summary cache: a second scan reuses summaries, and changing a file invalidates only it."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest

from blocking_io.static import cache as summary_cache
from blocking_io.static import scan
from blocking_io.static.cache import PYTHON_TAG, content_key, read_sealed, write_sealed

A = "import time\n\n\nasync def a():\n    time.sleep(1)\n"
B = "import os\n\n\ndef b(p):\n    os.remove(p)\n"


def test_cache_second_scan_reuses_summaries(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    (src / "a.py").write_text(A, encoding="utf-8")
    (src / "b.py").write_text(B, encoding="utf-8")
    cold = scan([src], cache_dir=cache)
    warm = scan([src], cache_dir=cache)
    assert (cold["scan"]["cache_hits"], cold["scan"]["cache_misses"]) == (0, 2)
    assert (warm["scan"]["cache_hits"], warm["scan"]["cache_misses"]) == (2, 0)
    assert warm["findings"] == cold["findings"]


def test_cache_changed_file_is_summarised_again(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    (src / "a.py").write_text(A, encoding="utf-8")
    (src / "b.py").write_text(B, encoding="utf-8")
    scan([src], cache_dir=cache)
    (src / "a.py").write_text(A.replace("time.sleep(1)", "open('x')"), encoding="utf-8")
    again = scan([src], cache_dir=cache)
    assert (again["scan"]["cache_hits"], again["scan"]["cache_misses"]) == (1, 1)
    assert [f["call"] for f in again["findings"]] == ["builtins.open"]


def test_cache_corrupt_file_is_treated_as_empty(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    (src / "a.py").write_text(A, encoding="utf-8")
    scan([src], cache_dir=cache)
    for stored in cache.iterdir():
        stored.write_bytes(b"not marshal data")
    report = scan([src], cache_dir=cache)
    assert report["scan"]["cache_misses"] == 1
    assert [f["call"] for f in report["findings"]] == ["time.sleep"]


def test_cache_save_removes_files_of_other_versions(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    cache.mkdir()
    (src / "a.py").write_text(A, encoding="utf-8")
    stale = cache / "summaries-0.0.1-f1.marshal"
    stale.write_bytes(b"old")
    unrelated = cache / "notes.txt"
    unrelated.write_text("keep", encoding="utf-8")
    scan([src], cache_dir=cache)
    assert not stale.exists()
    assert unrelated.exists()
    assert len(list(cache.glob("summaries-*"))) == 1


def _summaries(cache: Path) -> Path:
    [stored] = cache.glob("summaries-*")
    return stored


def test_cache_one_flipped_byte_is_a_rebuild_not_a_changed_report(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    (src / "a.py").write_text(A, encoding="utf-8")
    (src / "b.py").write_text(B, encoding="utf-8")
    cold = scan([src], cache_dir=cache)
    stored = _summaries(cache)
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0x01
    stored.write_bytes(bytes(data))
    for report in cache.glob("report-*"):
        report.unlink()
    warm = scan([src], cache_dir=cache)
    assert (warm["scan"]["cache_hits"], warm["scan"]["cache_misses"]) == (0, 2)
    assert warm["findings"] == cold["findings"]


def test_cache_well_sealed_entry_of_the_wrong_shape_is_a_miss(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    (src / "a.py").write_text(A, encoding="utf-8")
    cold = scan([src], cache_dir=cache)
    key = content_key(A.encode("utf-8"))
    write_sealed(_summaries(cache), {key: marshal.dumps({"functions": {}})})
    warm = scan([src], cache_dir=cache)
    assert warm["scan"]["cache_misses"] == 1
    assert warm["findings"] == cold["findings"]


def test_cache_directory_that_is_a_regular_file_is_skipped(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    (src / "a.py").write_text(A, encoding="utf-8")
    cache.write_text("not a directory", encoding="utf-8")
    report = scan([src], cache_dir=cache)
    assert [f["call"] for f in report["findings"]] == ["time.sleep"]
    assert cache.read_text(encoding="utf-8") == "not a directory"


def test_cache_file_names_carry_the_python_version(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    (src / "a.py").write_text(A, encoding="utf-8")
    scan([src], cache_dir=cache)
    assert PYTHON_TAG in _summaries(cache).name


def test_cache_unchanged_project_reuses_the_stored_report(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    for name, text in (("a.py", A), ("b.py", B)):
        (src / name).write_text(text, encoding="utf-8")
        os.utime(src / name, ns=(1_000_000_000, 1_000_000_000))  # older than the racy window
    cold = scan([src], cache_dir=cache)
    warm = scan([src], cache_dir=cache)
    (src / "b.py").write_text(B.replace("def b", "async def b"), encoding="utf-8")
    changed = scan([src], cache_dir=cache)
    assert (cold["scan"]["reused_report"], warm["scan"]["reused_report"]) == (False, True)
    assert warm["findings"] == cold["findings"]
    assert changed["scan"]["reused_report"] is False
    assert (changed["scan"]["cache_hits"], changed["scan"]["cache_misses"]) == (1, 1)
    assert sorted(f["call"] for f in changed["findings"]) == ["os.remove", "time.sleep"]


def test_cache_recently_modified_file_is_not_fingerprinted(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    (src / "a.py").write_text(A, encoding="utf-8")
    scan([src], cache_dir=cache)
    again = scan([src], cache_dir=cache)
    assert again["scan"]["reused_report"] is False
    assert not list(cache.glob("report-*"))


def test_cache_parallel_summaries_give_the_serial_report(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for index in range(6):
        (src / f"a{index}.py").write_text(A.replace("def a", f"def a{index}"), encoding="utf-8")
    (src / "b.py").write_text(B, encoding="utf-8")
    (src / "broken.py").write_text("def broken(:\n", encoding="utf-8")
    serial = scan([src], cache_dir=tmp_path / "one", jobs=1)
    parallel = scan([src], cache_dir=tmp_path / "two", jobs=2)
    warm = scan([src], cache_dir=tmp_path / "two", jobs=1)
    assert parallel["findings"] == serial["findings"] == warm["findings"]
    assert parallel["errors"] == serial["errors"]
    assert warm["scan"]["cache_hits"] == 7


def test_cache_few_new_summaries_go_to_the_recent_file(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    (src / "a.py").write_text(A, encoding="utf-8")
    (src / "b.py").write_text(B, encoding="utf-8")
    scan([src], cache_dir=cache)
    main = _summaries(cache).read_bytes()
    edited = A.replace("time.sleep(1)", "open('x')")
    (src / "a.py").write_text(edited, encoding="utf-8")
    scan([src], cache_dir=cache)
    [recent] = cache.glob("recent-*")
    assert _summaries(cache).read_bytes() == main
    assert list(read_sealed(recent)) == [content_key(edited.encode("utf-8"))]
    warm = scan([src], cache_dir=cache)
    assert (warm["scan"]["cache_hits"], warm["scan"]["cache_misses"]) == (2, 0)


def test_cache_recent_file_past_its_limit_is_merged_into_the_main_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summary_cache, "RECENT_ENTRIES", 1)
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    (src / "a.py").write_text(A, encoding="utf-8")
    (src / "b.py").write_text(B, encoding="utf-8")
    scan([src], cache_dir=cache)
    (src / "a.py").write_text(A + "\n\ndef c():\n    pass\n", encoding="utf-8")
    scan([src], cache_dir=cache)
    assert len(list(cache.glob("recent-*"))) == 1
    (src / "b.py").write_text(B + "\n\ndef d():\n    pass\n", encoding="utf-8")
    scan([src], cache_dir=cache)
    assert not list(cache.glob("recent-*"))
    assert len(read_sealed(_summaries(cache))) == 4


def test_cache_damaged_recent_file_is_a_miss_not_a_changed_report(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    (src / "a.py").write_text(A, encoding="utf-8")
    scan([src], cache_dir=cache)
    (src / "a.py").write_text(A.replace("time.sleep(1)", "open('x')"), encoding="utf-8")
    edited = scan([src], cache_dir=cache)
    [recent] = cache.glob("recent-*")
    data = bytearray(recent.read_bytes())
    data[-1] ^= 0x01
    recent.write_bytes(bytes(data))
    for report in cache.glob("report-*"):
        report.unlink()
    again = scan([src], cache_dir=cache)
    assert again["scan"]["cache_misses"] == 1
    assert again["findings"] == edited["findings"]
