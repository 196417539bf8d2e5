"""scripts/bench_static.py: usage errors in the package's one style, and its stage timer."""

from __future__ import annotations

import importlib
import itertools
from pathlib import Path

import pytest

from benchmarks import stages
from benchmarks.stages import timed_stages
from blocking_io.static import packing, scan
from blocking_io.usage import USAGE_ERROR
from scripts import bench_static
from tests.support.cache_cases import PACKED_SOURCE

# The module, which the package's `scan` function hides.
scan_module = importlib.import_module("blocking_io.static.scan")


def test_bench_missing_package_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status = bench_static.main(["--packages", "no_such_package_for_the_bench"])
    message = bench_static.PACKAGE_MISSING.format(name="no_such_package_for_the_bench")
    assert status == 2
    assert (
        capsys.readouterr().err
        == USAGE_ERROR.format(prog=bench_static.PROG, message=message) + "\n"
    )


def test_bench_unknown_option_is_usage_error_without_usage_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as excinfo:
        bench_static.main(["--bogus"])
    err = capsys.readouterr().err
    assert excinfo.value.code == 2
    assert (
        err
        == USAGE_ERROR.format(prog=bench_static.PROG, message="unrecognized arguments: --bogus")
        + "\n"
    )


def test_stages_of_a_warm_code_edit_do_not_overlap(tmp_path: Path) -> None:
    """A warm scan after a code edit is timed in every stage it runs, body decoding included."""
    src, cache = tmp_path / "src", tmp_path / "cache"
    src.mkdir()
    (src / "store.py").write_text(PACKED_SOURCE, encoding="utf-8")
    (src / "api.py").write_text(
        "from store import Store\n\n\nasync def serve():\n    Store().load('p')\n", encoding="utf-8"
    )
    scan([src], repo_root=tmp_path, cache_dir=cache)
    (src / "api.py").write_text((src / "api.py").read_text() + "\n\ndef more():\n    pass\n")
    with timed_stages() as seconds:
        report = scan([src], repo_root=tmp_path, cache_dir=cache)
    assert report["scan"]["cache_hits"] == 1 and report["findings"]
    timed = {"discovery", "cache open", "cached summaries", "analysis", "body decoding"}
    assert timed <= set(seconds)
    assert all(value >= 0 for value in seconds.values())


def test_stages_subtract_a_nested_stage_from_the_outer_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stage run inside another is counted for itself and not again for the outer one."""
    clock = itertools.count()  # each reading of the clock is one second later
    monkeypatch.setattr(stages.time, "perf_counter", lambda: float(next(clock)))

    def decode(body: bytes) -> dict:
        return {}

    def analyse(*args: object) -> None:
        packing._decode_body(b"")
        packing._decode_body(b"")

    monkeypatch.setattr(packing, "_decode_body", decode)
    monkeypatch.setattr(scan_module, "_analyse", analyse)
    with timed_stages() as seconds:
        scan_module._analyse()
    # The analysis reads the clock at 0 and 5; each decoding reads it twice, one second apart.
    assert seconds["body decoding"] == 2.0
    assert seconds["analysis"] == 5.0 - 2.0


def test_parse_floor_parses_every_python_file_and_prints_the_least_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "good.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "pkg" / "broken.py").write_text("def broken(:\n", encoding="utf-8")
    (tmp_path / "pkg" / "notes.txt").write_text("not python\n", encoding="utf-8")
    floor = bench_static._parse_floor([tmp_path / "pkg"])
    assert floor["files"] == 2  # the file that does not parse is timed too
    floor["ast"] = 1.0
    bench_static._print_floor(floor, {"ty-async": {"seconds": 0.25}}, 2)
    line = capsys.readouterr().out
    assert (
        "2 Python files takes 1.000 s of CPU, at least 0.500 s on 2 core(s) (2.00x ty-async)"
        in line
    )
