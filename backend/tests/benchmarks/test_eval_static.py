"""Scoring and report parsing (`blocking_io.evaluation`) and the `scripts/eval_static.py` CLI."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from blocking_io import evaluation
from blocking_io.evaluation import LabelError, Labels, Location, ToolError, ToolRun, score
from blocking_io.evaluation.labels import UNKNOWN_LABEL_KIND
from blocking_io.usage import USAGE_ERROR
from scripts import eval_static


def _labels(blocking: list[int], tolerated: list[int] = ()) -> Labels:
    return Labels(
        frozenset(Location("m.py", n) for n in blocking),
        frozenset(Location("m.py", n) for n in tolerated),
    )


def _at(*lines: int) -> list[Location]:
    return [Location("m.py", n) for n in lines]


def test_score_perfect_match_gives_full_precision_and_recall():
    result = score(_labels([3, 7]), _at(3, 7))
    assert (len(result.tp), len(result.fp), len(result.fn)) == (2, 0, 0)
    assert (result.precision, result.recall) == (1.0, 1.0)


def test_score_unlabeled_finding_is_false_alarm():
    result = score(_labels([3]), _at(3, 4))
    assert result.fp == (Location("m.py", 4),)
    assert result.precision == 0.5


def test_score_unreported_label_is_missed_alarm():
    result = score(_labels([3, 9]), _at(3))
    assert result.fn == (Location("m.py", 9),)
    assert result.recall == 0.5


def test_score_same_file_other_path_does_not_match():
    result = score(_labels([3]), [Location("other.py", 3)])
    assert (len(result.tp), len(result.fp), len(result.fn)) == (0, 1, 1)


def test_score_tolerated_line_is_neither_hit_nor_miss():
    flagged = score(_labels([3], tolerated=[4]), _at(3, 4))
    quiet = score(_labels([3], tolerated=[4]), _at(3))
    assert flagged.fp == () and quiet.fn == ()
    assert flagged.precision == quiet.precision == 1.0
    assert flagged.findings == 2


def test_score_several_findings_on_one_line_count_once():
    result = score(_labels([3]), _at(3, 3, 3))
    assert (result.findings, len(result.tp), len(result.fp)) == (1, 1, 0)


def test_score_counts_hard_positives_apart():
    labels = Labels(frozenset(_at(3, 4, 5)), frozenset(), hard=frozenset(_at(4, 5)))
    result = score(labels, _at(3, 4))
    assert (result.hard_labels, result.hard_tp) == (2, 1)
    assert result.recall == pytest.approx(2 / 3)


def test_score_without_findings_or_labels_has_undefined_ratios():
    assert score(_labels([3]), []).precision is None
    assert score(_labels([]), _at(3)).recall is None


def test_toolrun_overall_sums_projects():
    run = ToolRun(
        "t",
        {"a": score(_labels([1, 2]), _at(1, 5)), "b": score(_labels([8]), _at(8))},
        {},
    )
    total = run.overall
    assert (total.labels, len(total.tp), len(total.fp), len(total.fn)) == (3, 2, 1, 1)
    assert total.precision == pytest.approx(2 / 3)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_read_labels_uses_comments_only(tmp_path):
    mod = _write(
        tmp_path / "pkg" / "m.py",
        """\
        import time
        NOTE = "# label: blocking"
        def f():
            time.sleep(1)  # label: blocking via=g
            fh = open("x")  # label: tolerated
            fh.read()  # label: blocking hard via=f (a remark mentioning hard)
            fh.close()  # label: blocking via=hard
        """,
    )
    labels = evaluation.read_labels(tmp_path)
    at = [Location(str(mod.resolve()), n) for n in range(8)]
    assert labels.blocking == {at[4], at[6], at[7]}
    assert labels.tolerated == {at[5]}
    assert labels.hard == {at[6]}


def test_read_labels_unknown_kind_names_file_line_and_choices(tmp_path):
    mod = _write(tmp_path / "m.py", "x = 1\ny = 2  # label: blockin\n")
    with pytest.raises(LabelError) as info:
        evaluation.read_labels(tmp_path)
    choices = ", ".join(evaluation.LABEL_KINDS)
    expected = UNKNOWN_LABEL_KIND.format(kind="blockin", path=mod, line=2, choices=choices)
    assert str(info.value) == expected


def test_resolve_location_relative_and_absolute_agree(tmp_path):
    script = _write(tmp_path / "root" / "pkg" / "m.py", "x = 1\n")
    bases = (tmp_path / "elsewhere", tmp_path / "root")
    relative = evaluation.resolve_location("pkg/m.py", 3, bases)
    assert relative == evaluation.resolve_location(str(script), 3, bases)
    assert relative == Location(str(script.resolve()), 3)


def test_resolve_location_missing_file_falls_back_to_first_base(tmp_path):
    found = evaluation.resolve_location("gone.py", 2, (tmp_path / "a", tmp_path / "b"))
    assert found == Location(str((tmp_path / "a" / "gone.py").resolve()), 2)


def test_resolve_location_relative_without_bases_names_the_path():
    with pytest.raises(ValueError, match=r"`pkg/m\.py`"):
        evaluation.resolve_location("pkg/m.py", 1, ())


def test_parse_detector_report_rejects_missing_findings(tmp_path):
    with pytest.raises(ToolError, match="findings"):
        evaluation.parse_detector_report(json.dumps({"errors": []}), "demo", (tmp_path,))


def test_parse_detector_report_returns_errors(tmp_path):
    report = {"findings": [{"path": str(tmp_path / "m.py"), "line": 2}], "errors": ["bad.py"]}
    findings, errors = evaluation.parse_detector_report(json.dumps(report), "demo", (tmp_path,))
    assert findings == [Location(str((tmp_path / "m.py").resolve()), 2)]
    assert errors == ["bad.py"]


def test_parse_ruff_report_reads_rows(tmp_path):
    report = [{"filename": str(tmp_path / "m.py"), "location": {"row": 9, "column": 5}}]
    assert evaluation.parse_ruff_report(json.dumps(report), "demo", (tmp_path,)) == [
        Location(str((tmp_path / "m.py").resolve()), 9)
    ]


_DEMO = """\
import asyncio
import time

async def tick():
    time.sleep(1)  # label: blocking
    await asyncio.sleep(1)
"""


def _fake_detector(tmp_path: Path, body: str) -> Path:
    return _write(tmp_path / "fake_detector.py", f"import json, sys\n{body}")


def test_main_scores_detector_and_ruff_baseline(tmp_path, capsys):
    demo = _write(tmp_path / "corpus" / "demo" / "app.py", _DEMO)
    findings = [
        {"path": str(demo), "line": n, "column": 5, "code": "X", "call": "c"} for n in (5, 6)
    ]
    fake = _fake_detector(
        tmp_path, f"print(json.dumps({{'findings': {findings!r}, 'errors': []}}))\nsys.exit(1)\n"
    )
    status = eval_static.main(
        ["--corpus", str(tmp_path / "corpus"), "--detector", str(fake), "--json"]
    )
    doc = json.loads(capsys.readouterr().out)
    assert status == 0
    ours, ruff = doc["tools"]["detector"]["overall"], doc["tools"]["ruff"]["overall"]
    assert (ours["tp"], ours["fp"], ours["fn"], ours["precision"]) == (1, 1, 0, 0.5)
    assert (ruff["tp"], ruff["fp"], ruff["fn"]) == (1, 0, 0)
    assert doc["ratios"] == {"precision": 0.5, "recall": 1.0}
    assert doc["tools"]["detector"]["false_alarms"] == [f"{demo.resolve()}:6"]


def test_main_text_report_lists_misses_with_source(tmp_path, capsys):
    _write(tmp_path / "corpus" / "demo" / "app.py", _DEMO)
    fake = _fake_detector(tmp_path, "print(json.dumps({'findings': [], 'errors': []}))\n")
    status = eval_static.main(
        ["--corpus", str(tmp_path / "corpus"), "--detector", str(fake), "--no-baseline"]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "Missed alarms (1):" in out
    assert "app.py:5: time.sleep(1)  # label: blocking" in out
    assert "MISSED" in out


def test_main_reports_detector_crash(tmp_path, capsys):
    _write(tmp_path / "corpus" / "demo" / "app.py", _DEMO)
    fake = _fake_detector(tmp_path, "sys.stderr.write('Traceback: boom')\nsys.exit(3)\n")
    status = eval_static.main(["--corpus", str(tmp_path / "corpus"), "--detector", str(fake)])
    err = capsys.readouterr().err
    assert status == 1
    assert "status 3" in err and "boom" in err


def test_main_missing_detector_cli_fails_clearly(tmp_path, capsys):
    missing = tmp_path / "detect_blocking_io_static.py"
    assert eval_static.main(["--detector", str(missing)]) == 2
    message = eval_static.DETECTOR_MISSING.format(path=missing)
    assert (
        capsys.readouterr().err == USAGE_ERROR.format(prog=eval_static.PROG, message=message) + "\n"
    )


def test_main_unknown_project_names_choices(tmp_path, capsys):
    _write(tmp_path / "corpus" / "demo" / "app.py", _DEMO)
    fake = _fake_detector(tmp_path, "print(json.dumps({'findings': []}))\n")
    argv = ["--corpus", str(tmp_path / "corpus"), "--detector", str(fake), "--project", "nope"]
    assert eval_static.main(argv) == 2
    message = eval_static.UNKNOWN_PROJECT.format(names="nope", choices="demo")
    assert (
        capsys.readouterr().err == USAGE_ERROR.format(prog=eval_static.PROG, message=message) + "\n"
    )


def test_main_malformed_label_is_usage_error(tmp_path, capsys):
    _write(tmp_path / "corpus" / "demo" / "app.py", "x = open('f')  # label: blockng\n")
    fake = _fake_detector(tmp_path, "print(json.dumps({'findings': []}))\n")
    assert eval_static.main(["--corpus", str(tmp_path / "corpus"), "--detector", str(fake)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{eval_static.PROG}: error: Unknown label kind 'blockng'")
