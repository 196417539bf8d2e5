"""Summary cache: a second scan reuses summaries, and changing a file invalidates only it."""

from __future__ import annotations

from pathlib import Path

from blocking_io.static import scan

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
    assert len(list(cache.glob("summaries-*.marshal"))) == 1
