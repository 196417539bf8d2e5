"""Command line with a `[tool.blocking-io]` table: it is obeyed, options win, errors exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from blocking_io.config import DOCS_URL_EXPECTED, MSG_INVALID_VALUE
from blocking_io.static import main
from blocking_io.static.describe import explain
from blocking_io.static.messages import ENTRY_NOT_FOUND, OUTPUT_INVALID
from blocking_io.static.rules import RULES_BY_CODE

SLEEPY = "import time\n\n\nasync def tick():\n    time.sleep(1)\n"
REACH = "import os\n\n\ndef _rm(p):\n    os.remove(p)\n\n\nasync def purge(p):\n    _rm(p)\n"
VENDOR = "from vendor import client\n\n\nasync def refresh():\n    client.fetch_sync()\n"

TABLE = """[tool.blocking-io]
roots = ["src"]
exclude = ["src/generated"]
per-path-ignores = { "src/scripts/*" = ["BIO101"] }

[[tool.blocking-io.primitives]]
name = "vendor.client.fetch_sync"
operation = "http"
priority = "high"
hint = "await client.fetch(...)"
reason = "Blocks on the vendor's HTTP API."
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(TABLE, encoding="utf-8")
    for name, source in {
        "src/app.py": SLEEPY,
        "src/reach.py": REACH,
        "src/vendor_use.py": VENDOR,
        "src/generated/api.py": SLEEPY,
        "src/scripts/seed.py": SLEEPY,
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main([*argv, "--no-cache"])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _located(out: str) -> list[str]:
    return [line.split(": ")[0] for line in out.splitlines()]


def test_cli_config_table_excludes_ignores_and_adds_primitives(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "--format", "concise")
    assert status == 0
    assert _located(out) == ["src/app.py:5:5", "src/reach.py:5:5", "src/vendor_use.py:5:5"]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--select", "BIO201"], ["src/reach.py:5:5"]),
        (["--ignore", "BIO101"], ["src/reach.py:5:5"]),
        (["--exclude", "src/vendor_use.py"], ["src/app.py:5:5", "src/reach.py:5:5"]),
    ],
)
def test_cli_config_options_narrow_the_table(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], expected: list[str]
) -> None:
    assert _located(_run(capsys, "--format", "concise", *argv)[1]) == expected


def test_cli_config_fail_on_from_the_table(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = project / "pyproject.toml"
    table.write_text(TABLE.replace('roots = ["src"]', 'roots = ["src"]\nfail-on = "high"'), "utf-8")
    assert _run(capsys, "--format", "concise")[0] == 1
    assert _run(capsys, "--format", "concise", "--fail-on", "high", "--select", "BIO201")[0] == 0


def test_cli_config_bad_table_exits_2_naming_file_and_key(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = TABLE.replace('roots = ["src"]', 'roots = ["src"]\nselect = ["BIO999"]')
    (project / "pyproject.toml").write_text(bad, encoding="utf-8")
    status, _, err = _run(capsys)
    message = MSG_INVALID_VALUE.format(
        key="select",
        value=["BIO999"],
        table="blocking-io",
        source=project / "pyproject.toml",
        expected=f"a list of rule codes from: {', '.join(RULES_BY_CODE)}",
    )
    assert (status, err) == (2, f"blocking-io: error: {message}\n")


def test_cli_config_show_config_names_each_origin(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "--show-config", "--ignore", "BIO901")
    assert status == 0
    rows = {line.split()[0]: line for line in out.splitlines()}
    assert rows["exclude"].endswith(f"[{project / 'pyproject.toml'}]")
    assert rows["ignore"].endswith("BIO901  [command line]")
    assert rows["fail-on"].endswith("none  [default]")
    assert rows["docs-url"].endswith("none (SARIF and --explain carry no docs links)  [default]")
    assert "vendor.client.fetch_sync" in rows["primitives"]


def test_cli_config_explain_prints_the_rule_table_entry(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "--explain", "BIO201")
    assert status == 0
    assert out == explain("BIO201")
    assert "Docs:" not in out  # this repository publishes its docs nowhere it knows of
    rule = RULES_BY_CODE["BIO201"]
    for part in (
        rule.name,
        rule.summary,
        rule.example.splitlines()[0],
        rule.instead.splitlines()[0],
    ):
        assert part in out
    assert _run(capsys, "--explain", "BIO999")[0] == 2


def test_cli_config_statistics_count_by_code_and_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "--statistics", "--output", str(project / "r.json"))
    assert status == 0
    assert "    2  BIO101  blocking-call-in-async" in out
    assert "    1  BIO201  blocking-call-reachable" in out
    assert "    1  src/app.py" in out


def test_cli_config_default_run_lists_findings_and_summary(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys)
    assert status == 0
    assert out.splitlines()[:2] == [
        "src/app.py",
        "  5:5  BIO101  Blocking call `time.sleep` in async function `tick`; "
        "use `await asyncio.sleep(...)`",
    ]
    assert "Blocking IO on the event loop: 3 finding(s)" in out
    quiet = _run(capsys, "--quiet")[1]
    assert "Report written to" in quiet
    assert "BIO101  Blocking call" not in quiet


def test_cli_config_sarif_goes_next_to_the_json_report(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "--format", "sarif")
    target = project / ".blocking-io" / "blocking-io-findings.sarif"
    assert status == 0
    assert f"Report written to {target}" in out
    assert target.read_text(encoding="utf-8").startswith('{\n  "$schema"')


def test_cli_config_warns_about_an_entry_that_names_no_function(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = project / "pyproject.toml"
    entry = '\n[[tool.blocking-io.entries]]\nfunction = "src.app.gone"\nreason = "renamed"\n'
    table.write_text(TABLE + entry, encoding="utf-8")
    status, _, err = _run(capsys, "--format", "concise")
    message = ENTRY_NOT_FOUND.format(prog="blocking-io", function="src.app.gone", source=table)
    assert status == 0
    assert message in err


def test_cli_config_unwritable_output_exits_2_naming_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "taken").write_text("a file, not a directory", encoding="utf-8")
    target = project / "taken" / "report.json"
    status, _, err = _run(capsys, "--output", str(target))
    # Checked before the scan: a path under a regular file can never be written.
    prefix = OUTPUT_INVALID.split("{expected}")[0].format(output=target)
    assert (status, err.startswith(f"blocking-io: error: {prefix}")) == (2, True)


def test_cli_config_docs_url_links_explain_and_is_shown(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = TABLE.replace('roots = ["src"]', 'roots = ["src"]\ndocs-url = "https://d.example/x/"')
    (project / "pyproject.toml").write_text(table, encoding="utf-8")
    status, out, _ = _run(capsys, "--explain", "BIO201")
    assert status == 0
    assert out.splitlines()[-1] == "Docs: https://d.example/x/static-rules.html#bio201"
    status, out, _ = _run(capsys, "--show-config")
    rows = {line.split()[0]: line for line in out.splitlines()}
    assert rows["docs-url"].endswith(f"https://d.example/x/  [{project / 'pyproject.toml'}]")


def test_cli_config_bad_docs_url_exits_2_naming_file_and_key(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = TABLE.replace('roots = ["src"]', 'roots = ["src"]\ndocs-url = "docs/"')
    (project / "pyproject.toml").write_text(table, encoding="utf-8")
    status, _, err = _run(capsys, "--explain", "BIO201")
    message = MSG_INVALID_VALUE.format(
        key="docs-url",
        value="docs/",
        table="blocking-io",
        source=project / "pyproject.toml",
        expected=DOCS_URL_EXPECTED,
    )
    assert (status, err) == (2, f"blocking-io: error: {message}\n")
