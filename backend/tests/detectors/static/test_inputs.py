"""Hostile inputs: each file or directory the scan cannot analyse is reported; none hangs it."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import pytest

from blocking_io.layout import SKIPPED_DIR_REASONS
from blocking_io.static import scan
from blocking_io.static.messages import (
    DEEP_REASON,
    LOOP_REASON,
    PARSE_REASON,
    SPECIAL_REASON,
    TOO_BIG_REASON,
    UNLISTABLE_REASON,
)

BLOCKING = "import time\n\n\nasync def tick():\n    time.sleep(1)\n"


def _errors(report: dict) -> dict[str, str]:
    return {Path(error["path"]).name: error["reason"] for error in report["errors"]}


def test_inputs_symlink_loop_is_an_error_in_a_tree_and_as_a_root(tmp_path: Path) -> None:
    (tmp_path / "tick.py").write_text(BLOCKING, encoding="utf-8")
    (tmp_path / "loop.py").symlink_to(tmp_path / "loop.py")
    report = scan([tmp_path, tmp_path / "loop.py"], repo_root=tmp_path)
    assert _errors(report) == {"loop.py": LOOP_REASON}
    assert [f["call"] for f in report["findings"]] == ["time.sleep"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX only")
def test_inputs_fifo_and_device_named_py_are_errors_not_reads(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    (tmp_path / "zero.py").symlink_to("/dev/zero")
    report = scan([tmp_path])
    assert _errors(report) == {
        "pipe.py": SPECIAL_REASON.format(kind="a FIFO"),
        "zero.py": SPECIAL_REASON.format(kind="a character device"),
    }


def test_inputs_file_above_the_size_limit_is_reported_with_the_limit(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_text("x = 1\n" * 100, encoding="utf-8")
    (tmp_path / "tick.py").write_text(BLOCKING, encoding="utf-8")
    report = scan([tmp_path], max_file_bytes=400)
    assert _errors(report) == {"big.py": TOO_BIG_REASON.format(size=600, limit=400)}
    assert report["counts"]["total"] == 1


def test_inputs_unlistable_directory_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hidden = tmp_path / "locked"
    hidden.mkdir()
    (hidden / "tick.py").write_text(BLOCKING, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # root may list any directory, so the refusal is simulated
        if Path(path) == hidden:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = scan([tmp_path])
    assert _errors(report) == {"locked": UNLISTABLE_REASON.format(error="Permission denied")}


@pytest.mark.parametrize("name", ["build", "dist", "node_modules", "site-packages"])
def test_inputs_package_with_a_skipped_name_is_scanned(tmp_path: Path, name: str) -> None:
    package, plain = tmp_path / "pkg" / name, tmp_path / name
    package.mkdir(parents=True)
    plain.mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "tick.py").write_text(BLOCKING, encoding="utf-8")
    (plain / "tick.py").write_text(BLOCKING, encoding="utf-8")
    report = scan([tmp_path], repo_root=tmp_path)
    assert [f["path"] for f in report["findings"]] == [f"pkg/{name}/tick.py"]
    assert report["skipped"] == [{"path": name, "reason": SKIPPED_DIR_REASONS[name]}]


def test_inputs_declared_coding_is_decoded(tmp_path: Path) -> None:
    source = (
        "# -*- coding: latin-1 -*-\nimport time\n\n\nasync def tick():\n"
        '    s = "caf\xe9"; time.sleep(1)\n'
    )
    src = tmp_path / "src"
    src.mkdir()
    (src / "latin.py").write_bytes(source.encode("latin-1"))
    report = scan([src], cache_dir=tmp_path / "cache")
    warm = scan([src], cache_dir=tmp_path / "cache")
    assert warm["findings"] == report["findings"]
    assert warm["scan"]["cache_hits"] == 1
    assert report["errors"] == []
    [finding] = report["findings"]
    assert (finding["line"], finding["column"]) == (6, 17)
    assert finding["snippet"] == 's = "café"; time.sleep(1)'


def test_inputs_unparsable_file_names_the_python_that_parsed_it(tmp_path: Path) -> None:
    (tmp_path / "new.py").write_text("def broken(:\n    pass\n", encoding="utf-8")
    report = scan([tmp_path])
    assert _errors(report) == {
        "new.py": PARSE_REASON.format(python=platform.python_version(), error="invalid syntax")
    }
    assert platform.python_version() in report["errors"][0]["reason"]


@pytest.mark.parametrize("expression", ["x" + ".a" * 2000, "x" + "[0]" * 2000, "x" + " / y" * 2000])
def test_inputs_deep_chain_survives_cold_and_warm_cached_runs(
    tmp_path: Path, expression: str
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "deep.py").write_text(
        f"import time\n\n\nasync def f(x, y):\n    time.sleep(1)\n    return {expression}\n",
        encoding="utf-8",
    )
    cold = scan([src], cache_dir=tmp_path / "cache")
    warm = scan([src], cache_dir=tmp_path / "cache")
    assert [f["call"] for f in cold["findings"]] == ["time.sleep"]
    assert warm["findings"] == cold["findings"]
    assert all(error["reason"] != DEEP_REASON for error in cold["errors"])
