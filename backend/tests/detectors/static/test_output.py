"""Output formats: GitHub workflow commands, SARIF against the vendored schema, terminal text."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from blocking_io.static import main, scan
from blocking_io.static.console import Palette, safe_text, use_color
from blocking_io.static.github import escape_data, escape_property, render_github
from blocking_io.static.render import render_text
from blocking_io.static.rules import RULES, rule_help_uri
from blocking_io.static.sarif import SRCROOT, render_sarif

SARIF_SCHEMA = Path(__file__).parent / "sarif" / "sarif-2.1.0-rtm.5.json"
DOCS = "https://docs.example.org/deer-flow/"

CHAIN = """import os


def _purge(path):
    os.remove(path)


def _sweep(path):
    _purge(path)


async def handler(path):
    _sweep(path)
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "chain.py").write_text(CHAIN, encoding="utf-8")
    (tmp_path / "svc" / "broken.py").write_text("def f(:\n", encoding="utf-8")
    (tmp_path / "svc" / "odd.py").write_text(
        "def f():\n    return 1  # blocking-io: ignore[BIO999] typo\n", encoding="utf-8"
    )
    return tmp_path


def _validate_sarif(sarif: dict) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_output_sarif_validates_and_carries_links_flows_and_notifications(project: Path) -> None:
    report = scan([project / "svc"], repo_root=project)
    sarif = json.loads(render_sarif(report, project, DOCS))
    _validate_sarif(sarif)
    run = sarif["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["informationUri"] == f"{DOCS}static-detector.html"
    assert [rule["helpUri"] for rule in driver["rules"]] == [
        rule_help_uri(r.code, DOCS) for r in RULES
    ]
    assert run["originalUriBaseIds"][SRCROOT]["uri"] == project.resolve().as_uri() + "/"
    (result,) = run["results"]
    artifact = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "svc/chain.py", "uriBaseId": SRCROOT}
    flow = result["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [
        (
            step["location"]["message"]["text"],
            step["location"]["physicalLocation"]["region"]["startLine"],
        )
        for step in flow
    ] == [
        ("handler", 13),
        ("_sweep", 9),
        ("_purge", 5),
    ]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [
        (n["level"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for n in notes
    ] == [
        ("error", "svc/broken.py"),
        ("warning", "svc/odd.py"),
    ]


def test_output_sarif_uses_entries_when_the_report_lists_them(project: Path) -> None:
    report = scan([project / "svc"], repo_root=project)
    finding = report["findings"][0]
    other = [{"function": "other", "path": "svc/chain.py", "line": 9}, finding["chain"][-1]]
    finding["entries"] = [
        {"entry": "handler", "kind": "direct", "chain": finding["chain"]},
        {"entry": "other", "kind": "direct", "chain": other},
    ]
    sarif = json.loads(render_sarif(report, project))
    _validate_sarif(sarif)
    assert len(sarif["runs"][0]["results"][0]["codeFlows"]) == 2


def test_output_sarif_without_a_docs_url_has_no_links_and_validates(project: Path) -> None:
    report = scan([project / "svc"], repo_root=project)
    sarif = json.loads(render_sarif(report, project))
    _validate_sarif(sarif)
    driver = sarif["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver
    assert not [rule for rule in driver["rules"] if "helpUri" in rule]
    assert [rule["help"]["text"] for rule in driver["rules"]]  # the help itself is inline


def test_output_sarif_from_the_cli_validates(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main([str(project / "svc"), "--format", "sarif", "--output", "-", "--no-cache"])
    assert status == 0
    _validate_sarif(json.loads(capsys.readouterr().out))


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("50% done", "50%25 done", "50%25 done"),
        ("a\nb\r", "a%0Ab%0D", "a%0Ab%0D"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
    ],
)
def test_output_github_escapes_data_and_properties(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_output_github_commands_per_finding_error_and_warning(project: Path) -> None:
    report = scan([project / "svc"], repo_root=project)
    lines = render_github(report).splitlines()
    assert lines[0] == (
        "::warning file=svc/chain.py,line=5,col=5,title=BIO201 blocking-call-reachable::"
        + escape_data(report["findings"][0]["message"])
    )
    assert lines[1].startswith("::error file=svc/broken.py,line=1,title=parse error::")
    assert lines[2].startswith("::warning file=svc/odd.py,line=2,title=suppression::Unknown code")
    assert len(lines) == 3


def test_output_text_on_an_ascii_stream_transliterates_arrows(project: Path) -> None:
    report = scan([project / "svc"], repo_root=project)
    text = render_text(report)
    assert "`_sweep → _purge`" in text
    assert "`_sweep -> _purge`" in safe_text(text, "ascii")
    assert safe_text("snowman ☃", "ascii") == "snowman ?"


def test_output_cli_never_crashes_on_an_ascii_stdout(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    monkeypatch.setattr("sys.stdout", stdout)
    status = main([str(project / "svc"), "--format", "text", "--no-cache"])
    stdout.flush()
    assert status == 0
    assert b"via `_sweep -> _purge`" in raw.getvalue()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "environ", "expected"),
    [
        (_Tty(), {}, True),
        (_Tty(), {"NO_COLOR": "1"}, False),
        (_Tty(), {"TERM": "dumb"}, False),
        (io.StringIO(), {}, False),
        (io.StringIO(), {"FORCE_COLOR": "1"}, True),
        (io.StringIO(), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ],
)
def test_output_colour_only_on_a_terminal(
    stream: io.StringIO, environ: dict, expected: bool
) -> None:
    assert use_color(stream, environ) is expected


def test_output_text_colours_the_code_by_priority(project: Path) -> None:
    report = scan([project / "svc"], repo_root=project)
    coloured = render_text(report, Palette(True))
    assert "\x1b[1msvc/chain.py\x1b[0m" in coloured
    assert "\x1b[33mBIO201\x1b[0m" in coloured
    assert "\x1b[" not in render_text(report, Palette(False))


def test_output_sarif_passes_check_jsonschema_with_python_regexes(
    project: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.sarif"
    main([str(project / "svc"), "--format", "sarif", "--output", str(target), "--no-cache"])
    command = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(SARIF_SCHEMA)]
    done = subprocess.run(
        [*command, "--regex-variant", "python", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_output_malformed_suppression_is_warned_on_stderr(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main([str(project / "svc"), "--format", "concise", "--no-cache"])
    err = capsys.readouterr().err
    # Outside a repository the scanned directory is the project root.
    assert "blocking-io: warning: odd.py:2: Unknown code `BIO999`" in err
