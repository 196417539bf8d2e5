"""Suppression comments: malformed ones are warned about and suppress nothing; file comments."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from blocking_io.static import scan
from blocking_io.static.schema import REPORT_SCHEMA
from blocking_io.static.suppress import (
    MSG_FILE_NEEDS_CODES,
    MSG_FILE_NEEDS_REASON,
    MSG_MALFORMED_CODE,
    MSG_UNKNOWN_CODE,
)

TICK = "import time\n\n\nasync def tick():\n    time.sleep(1){comment}\n"


def _scan(tmp_path: Path, comment: str) -> dict:
    (tmp_path / "tick.py").write_text(TICK.format(comment=comment), encoding="utf-8")
    report = scan([tmp_path], repo_root=tmp_path)
    jsonschema.validate(report, REPORT_SCHEMA)
    return report


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        (
            "  # blocking-io: ignore[BIO999] typo",
            MSG_UNKNOWN_CODE.format(code="BIO999", known="`BIO101`, `BIO201`"),
        ),
        (
            "  # blocking-io: ignore[bio101] lower case",
            MSG_MALFORMED_CODE.format(code="bio101", suggestion="BIO101"),
        ),
        (
            "  # blocking-io: ignore[BIO-101]",
            MSG_MALFORMED_CODE.format(code="BIO-101", suggestion="BIO201"),
        ),
        ("  # blocking-io: ignore-file", MSG_FILE_NEEDS_CODES),
        ("  # blocking-io: ignore[]", MSG_FILE_NEEDS_CODES),
        ("  # blocking-io: ignore-file[BIO101]", MSG_FILE_NEEDS_REASON.format(codes="BIO101")),
    ],
)
def test_suppress_malformed_comment_warns_and_suppresses_nothing(
    tmp_path: Path, comment: str, message: str
) -> None:
    report = _scan(tmp_path, comment)
    assert report["warnings"] == [{"path": "tick.py", "line": 5, "message": message}]
    assert [f["code"] for f in report["findings"]] == ["BIO101"]
    assert report["counts"]["suppressed"] == 0


def test_suppress_valid_comment_gives_no_warning(tmp_path: Path) -> None:
    report = _scan(tmp_path, "  # blocking-io: ignore[BIO101] measured: 1 ms")
    assert report["warnings"] == []
    assert report["findings"] == []
    assert report["counts"]["suppressed"] == 1


def test_suppress_file_comment_drops_its_codes_in_its_file_only(tmp_path: Path) -> None:
    header = "# blocking-io: ignore-file[BIO101] a command-line tool, never served\n"
    (tmp_path / "tool.py").write_text(header + TICK.format(comment=""), encoding="utf-8")
    (tmp_path / "served.py").write_text(TICK.format(comment=""), encoding="utf-8")
    report = scan([tmp_path], repo_root=tmp_path)
    assert [(f["path"], f["code"]) for f in report["findings"]] == [("served.py", "BIO101")]
    assert report["counts"]["suppressed"] == 1
    assert report["warnings"] == []


def test_suppress_unused_comment_is_not_reported_when_its_code_is_not_selected(
    tmp_path: Path,
) -> None:
    (tmp_path / "tick.py").write_text(
        "def f():\n    return 1  # blocking-io: ignore[BIO201] stale\n", encoding="utf-8"
    )
    assert [f["code"] for f in scan([tmp_path])["findings"]] == ["BIO901"]
    assert scan([tmp_path], select=frozenset({"BIO101", "BIO901"}))["findings"] == []
    assert scan([tmp_path], select=frozenset({"BIO201"}))["findings"] == []
