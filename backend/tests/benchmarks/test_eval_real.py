"""Labels, sampling, scoring, wheel pinning and the CLI of scripts/eval_real.py, all offline."""

from __future__ import annotations

import hashlib
import json
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest

from benchmarks.real import apps as apps_module
from benchmarks.real.apps import App, AppsError, fetch, load_apps, verify_wheel
from benchmarks.real.labels import (
    LABELS_DIR,
    AppLabels,
    FindingKey,
    Label,
    LabelError,
    Missed,
    labels_path,
    read_labels,
)
from benchmarks.real.render import render_json, render_text
from benchmarks.real.sample import render_template, stratified_sample
from benchmarks.real.scoring import score_app
from scripts import eval_real


def _finding(
    line: int,
    priority: str = "medium",
    code: str = "BIO101",
    call: str = "builtins.open",
    path: str = "app/m.py",
) -> dict[str, Any]:
    return {
        "code": code,
        "path": path,
        "line": line,
        "call": call,
        "priority": priority,
        "exposure": "direct" if code == "BIO101" else "reachable",
        "function": "handler",
        "message": f"Blocking call `{call}` in async function `handler`",
        "chain": [{"function": "handler", "path": path, "line": line}],
        "snippet": "open(p)",
    }


def _labels(*entries: tuple[int, str], call: str = "builtins.open") -> AppLabels:
    found = {}
    for line, verdict in entries:
        key = FindingKey("app/m.py", line, call)
        found[key] = Label(key, verdict, "app/m.py:1 reason")
    return AppLabels(found, ())


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "app.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# Label files


def test_read_labels_parses_findings_and_missed(tmp_path):
    path = _write(
        tmp_path,
        """
        [[finding]]
        path = "app/m.py"
        line = 3
        call = "os.walk"
        label = "FALSE"
        evidence = "app/m.py:9 offloaded with to_thread"

        [[missed]]
        path = "app/n.py"
        line = 7
        call = "time.sleep"
        evidence = "app/n.py:2 async route sleeps through a helper"
        """,
    )
    labels = read_labels(path)
    key = FindingKey("app/m.py", 3, "os.walk")
    assert labels.findings[key].label == "FALSE"
    assert labels.missed == (
        Missed(
            FindingKey("app/n.py", 7, "time.sleep"),
            "app/n.py:2 async route sleeps through a helper",
        ),
    )


def test_read_labels_missing_file_means_nothing_labelled(tmp_path):
    assert read_labels(tmp_path / "absent.toml") == AppLabels({}, ())


def test_read_labels_rejects_unknown_label_naming_file_and_entry(tmp_path):
    path = _write(
        tmp_path,
        """
        [[finding]]
        path = "app/m.py"
        line = 3
        call = "os.walk"
        label = "MAYBE"
        evidence = "app/m.py:3 hmm"
        """,
    )
    with pytest.raises(LabelError) as error:
        read_labels(path)
    message = str(error.value)
    assert str(path) in message and "finding #1 (app/m.py:3 os.walk)" in message
    assert "'MAYBE'" in message and "TRUE, FALSE, UNSURE" in message


def test_read_labels_rejects_missing_evidence(tmp_path):
    path = _write(
        tmp_path,
        """
        [[finding]]
        path = "app/m.py"
        line = 3
        call = "os.walk"
        label = "TRUE"
        evidence = ""
        """,
    )
    with pytest.raises(LabelError, match=r"finding #1 .*missing or empty fields \['evidence'\]"):
        read_labels(path)


def test_read_labels_rejects_duplicate_key(tmp_path):
    entry = """
        [[finding]]
        path = "app/m.py"
        line = 3
        call = "os.walk"
        label = "TRUE"
        evidence = "app/m.py:1 async route"
        """
    path = _write(tmp_path, entry + entry)
    with pytest.raises(LabelError, match=r"finding #2 .*repeats the key `app/m.py:3 os.walk`"):
        read_labels(path)


def test_read_labels_rejects_unknown_field_and_bad_line(tmp_path):
    path = _write(
        tmp_path,
        """
        [[missed]]
        path = "app/m.py"
        line = 3
        call = "os.walk"
        evidence = "x"
        chain = "a -> b"
        """,
    )
    with pytest.raises(LabelError, match=r"missed #1 .*unknown fields \['chain'\]"):
        read_labels(path)
    path.write_text(
        '[[missed]]\npath = "a.py"\nline = "3"\ncall = "c"\nevidence = "e"\n', encoding="utf-8"
    )
    with pytest.raises(LabelError, match="line must be a positive integer"):
        read_labels(path)


def test_committed_labels_parse_and_belong_to_pinned_apps():
    names = {app.name for app in load_apps()}
    files = sorted(LABELS_DIR.glob("*.toml"))
    assert {path.stem for path in files} <= names
    for path in files:
        labels = read_labels(path)
        assert labels.findings, f"{path} holds no labels"
        roots = {app.roots for app in load_apps() if app.name == path.stem}.pop()
        for key in [*labels.findings, *(m.key for m in labels.missed)]:
            assert key.path.split("/")[0] in roots, f"{path}: {key} is outside the scan roots"


# The stratified sample


def _population() -> list[dict[str, Any]]:
    findings = [_finding(n, "high") for n in range(1, 11)]
    findings += [_finding(n, "medium") for n in range(100, 160)]
    return findings + [_finding(n, "low") for n in range(200, 230)]


def test_sample_takes_every_high_and_the_rest_in_proportion():
    keys = stratified_sample(_population(), size=40, seed=7)
    lines = [key.line for key in keys]
    assert len(keys) == 40
    assert set(range(1, 11)) <= set(lines)
    assert sum(100 <= n < 160 for n in lines) == 20  # 30 left, medium:low = 60:30
    assert sum(200 <= n < 230 for n in lines) == 10


def test_sample_is_deterministic_and_order_independent():
    population = _population()
    first = stratified_sample(population, size=25, seed=3)
    assert stratified_sample(list(reversed(population)), size=25, seed=3) == first
    assert stratified_sample(population, size=25, seed=4) != first


def test_sample_keeps_all_high_even_past_the_size_and_all_when_few():
    many_high = [_finding(n, "high") for n in range(50)] + [_finding(99, "low")]
    assert len(stratified_sample(many_high, size=40)) == 50
    few = [_finding(1, "low"), _finding(2, "medium"), _finding(2, "medium")]
    assert [key.line for key in stratified_sample(few, size=40)] == [1, 2]


def test_sample_rejects_a_size_below_one():
    with pytest.raises(ValueError, match="at least 1, got 0"):
        stratified_sample(_population(), size=0)


def test_sample_template_once_filled_is_a_valid_labels_file(tmp_path):
    findings = [_finding(3), _finding(3), _finding(8, "low", call="os.stat")]
    template = render_template("app", findings, [FindingKey("app/m.py", 3, "builtins.open")])
    assert template.count("[[finding]]") == 1 and "# chain:" in template
    path = tmp_path / "app.toml"
    path.write_text(
        template.replace('label = ""', 'label = "TRUE"').replace('evidence = ""', 'evidence = "e"'),
        encoding="utf-8",
    )
    assert list(read_labels(path).findings) == [FindingKey("app/m.py", 3, "builtins.open")]


# Scoring


def test_score_precision_per_priority_and_kind():
    findings = [
        _finding(1, "high"),
        _finding(2, "high", code="BIO201"),
        _finding(3, "low", code="BIO201"),
        _finding(4, "low"),
    ]
    labels = _labels((1, "TRUE"), (2, "FALSE"), (3, "TRUE"), (4, "UNSURE"))
    score = score_app("app", findings, labels)
    assert score.precision["high"]["direct"].precision == 1.0
    assert score.precision["high"]["reachable"].precision == 0.0
    assert score.precision["high"]["all"].precision == 0.5
    assert score.precision["low"]["all"].precision == 1.0
    assert score.precision["low"]["all"].unsure == 1
    assert score.precision["all"]["all"].precision == pytest.approx(2 / 3)
    assert (score.total, score.labelled) == (4, 4)
    assert score.by_exposure == {"direct": 2, "reachable": 2}


def test_score_strict_counts_metadata_checks_as_false():
    findings = [_finding(1, call="os.path.exists"), _finding(2, call="builtins.open")]
    labels = AppLabels(
        {
            FindingKey("app/m.py", 1, "os.path.exists"): Label(
                FindingKey("app/m.py", 1, "os.path.exists"), "TRUE", "e"
            ),
            FindingKey("app/m.py", 2, "builtins.open"): Label(
                FindingKey("app/m.py", 2, "builtins.open"), "TRUE", "e"
            ),
        },
        (),
    )
    score = score_app("app", findings, labels)
    assert score.precision["all"]["all"].precision == 1.0
    assert score.strict["all"]["all"].precision == 0.5


def test_score_lists_unlabelled_regressions_and_resolved():
    findings = [_finding(1), _finding(5)]
    labels = _labels((1, "TRUE"), (2, "TRUE"), (3, "FALSE"), (4, "UNSURE"))
    score = score_app("app", findings, labels)
    assert [f["line"] for f in score.unlabelled] == [5]
    assert [label.key.line for label in score.regressions] == [2]
    assert [label.key.line for label in score.resolved] == [3, 4]


def test_score_label_applies_to_every_finding_with_its_key():
    score = score_app("app", [_finding(1), _finding(1)], _labels((1, "FALSE")))
    assert (score.labelled, score.precision["all"]["all"].false) == (2, 2)


def test_score_weighted_precision_reweights_by_priority_counts():
    findings = [_finding(1, "high")] + [_finding(n, "low") for n in range(10, 19)]
    score = score_app("app", findings, _labels((1, "FALSE"), (10, "TRUE")))
    assert score.precision["all"]["all"].precision == 0.5
    assert score.weighted_precision == pytest.approx(0.9)


def test_score_marks_missed_alarms_that_are_now_reported():
    labels = AppLabels(
        {},
        (
            Missed(FindingKey("app/m.py", 1, "requests.get"), "e"),
            Missed(FindingKey("app/m.py", 9, "requests.get"), "e"),
            Missed(FindingKey("app/m.py", 1, "os.path.samefile"), "e"),
        ),
    )
    score = score_app("app", [_finding(1, call="requests.get")], labels)
    assert [now for _, now in score.missed] == [True, False, False]


def test_render_puts_the_command_first_and_counts_the_work_left():
    scores = [
        score_app("a 1.0", [_finding(1), _finding(2)], _labels((1, "TRUE"))),
        score_app("b 2.0", [_finding(1, "high")], _labels((1, "FALSE"), (7, "TRUE"))),
    ]
    text = render_text("scripts/eval_real.py --app a", "blocking-io 0", scores, False)
    assert text.splitlines()[0] == "$ scripts/eval_real.py --app a"
    assert "== overall" in text and "unlabelled findings to review: 1" in text
    assert "regressions (TRUE labels no longer reported): 1" in text
    doc = json.loads(render_json("cmd", "blocking-io 0", scores))
    assert doc["overall"]["findings"] == 3
    assert doc["apps"]["b 2.0"]["regressions"] == ["app/m.py:7 builtins.open"]
    assert doc["apps"]["a 1.0"]["precision"]["medium"]["direct"]["precision"] == 1.0


# Pinned wheels


def _wheel(tmp_path: Path) -> Path:
    wheel = tmp_path / "cache" / "wheels" / "demo-1.0-py3-none-any.whl"
    wheel.parent.mkdir(parents=True)
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("demo/__init__.py", "async def main():\n    pass\n")
        archive.writestr("demo/static/app.js", "console.log(1)")
    return wheel


def _app(wheel: Path, sha256: str | None = None) -> App:
    digest = sha256 or hashlib.sha256(wheel.read_bytes()).hexdigest()
    return App("demo", "1.0", wheel.name, digest, ("demo",), "test")


def test_fetch_verifies_and_unpacks_python_sources_only(tmp_path):
    wheel = _wheel(tmp_path)
    app = _app(wheel)
    source = fetch(app, tmp_path / "cache")
    assert (source / "demo" / "__init__.py").is_file()
    assert not (source / "demo" / "static").exists()
    (source / "demo" / "__init__.py").write_text("# kept\n", encoding="utf-8")
    assert fetch(app, tmp_path / "cache") == source  # reused, not unpacked again
    assert (source / "demo" / "__init__.py").read_text(encoding="utf-8") == "# kept\n"


def test_fetch_refuses_a_wheel_whose_sha256_differs_from_the_pin(tmp_path):
    wheel = _wheel(tmp_path)
    app = _app(wheel, sha256="0" * 64)
    with pytest.raises(AppsError) as error:
        fetch(app, tmp_path / "cache")
    message = str(error.value)
    assert str(wheel) in message and "0" * 64 in message and "demo 1.0" in message
    assert not app.source_dir(tmp_path / "cache").exists()
    verify_wheel(_app(wheel), wheel)  # the right pin passes


def test_load_apps_rejects_missing_fields_and_bad_hash(tmp_path):
    path = tmp_path / "apps.toml"
    path.write_text('[[app]]\nname = "x"\nversion = "1"\n', encoding="utf-8")
    with pytest.raises(AppsError, match=r"app #1 \(x\) has missing fields \['wheel', 'sha256'"):
        load_apps(path)
    entry = 'name = "x"\nversion = "1"\nwheel = "x.whl"\nroots = ["x"]\nreason = "r"\n'
    entry += 'env = false\nenv_note = "n"\n'
    path.write_text(f'[[app]]\n{entry}sha256 = "abc"\n', encoding="utf-8")
    with pytest.raises(AppsError, match="sha256 must be 64 hex digits"):
        load_apps(path)


def test_pinned_apps_include_one_with_labels_each():
    apps = load_apps()
    assert len(apps) >= 3
    for app in apps:
        assert labels_path(app.name).is_file(), f"{app.name} has no labels file"


def test_cli_unknown_app_is_a_usage_error(capsys):
    assert eval_real.main(["--app", "nonesuch"]) == 2
    err = capsys.readouterr().err
    assert "Unknown app nonesuch from --app; expected one of: letta" in err


def _fake_tool(directory: Path, name: str, status: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    tool = directory / name
    tool.write_text(f"#!/bin/sh\nexit {status}\n", encoding="utf-8")
    tool.chmod(0o755)
    return tool


def test_pip_falls_back_to_a_python_on_path_then_to_uv(tmp_path, monkeypatch):
    monkeypatch.setattr(apps_module.importlib.util, "find_spec", lambda name: None)
    broken = _fake_tool(tmp_path / "broken", "python3", 1)  # no pip: skipped
    working = _fake_tool(tmp_path / "good", "python3", 0)
    monkeypatch.setenv("PATH", f"{broken.parent}:{working.parent}")
    assert apps_module._pip() == [str(working), "-m", "pip"]
    uv = _fake_tool(tmp_path / "uvbin", "uv", 0)
    monkeypatch.setenv("PATH", f"{broken.parent}:{uv.parent}")
    assert apps_module._pip() == [str(uv), "tool", "run", "pip"]
    monkeypatch.setenv("PATH", str(broken.parent))
    with pytest.raises(apps_module.FetchError, match="No pip found"):
        apps_module._pip()
