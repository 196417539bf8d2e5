"""The library benchmark, offline: expectations data, fake reports, environment reuse, CLI."""

from __future__ import annotations

import ast
import json
import subprocess
import textwrap
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from benchmarks.libraries import environment
from benchmarks.libraries.environment import (
    MARKER,
    BenchEnvironmentError,
    ensure_environment,
    wanted_marker,
)
from benchmarks.libraries.expectations import (
    APPS_DIR,
    FOUND,
    GAP_CLOSED,
    KNOWN_GAP,
    MISMATCH,
    MISSED,
    BenchApp,
    Expectation,
    ExpectationsError,
    check_report,
    load_expectations,
)
from benchmarks.libraries.render import (
    render_app,
    render_cache_checks,
    render_finding,
    render_timings,
    tally,
    under_site,
)
from benchmarks.libraries.timing import COLD, WARM, WARM_ANALYSIS, Measurement, prepare
from blocking_io.usage import USAGE_ERROR
from scripts import bench_libraries

ROOT = "backend/benchmarks/libraries/apps"


def _expectation(**changes: Any) -> Expectation:
    fields: dict[str, Any] = {
        "path": "kube/inventory.py",
        "function": "pod_names",
        "call": "kubernetes.client.CoreV1Api.list_namespaced_pod",
        "library": "kubernetes",
        "blocks_on": "urllib3.PoolManager.request",
        "when": "some-paths",
        "entry": "kube/routes.py:pods",
    }
    return Expectation(**{**fields, **changes})


def _app(*expectations: Expectation) -> BenchApp:
    return BenchApp("kube", "kube_offloaded", "a test app", expectations or (_expectation(),))


def _finding(
    path: str = "kube/inventory.py",
    function: str = "pod_names",
    call: str = "kubernetes.client.CoreV1Api.list_namespaced_pod",
    blocks_on: str = "urllib3.PoolManager.request",
    code: str = "BIO501",
    entry: tuple[str, str] = ("kube/routes.py", "pods"),
) -> dict[str, Any]:
    """Return a finding as the detector reports it, paths relative to the repository root."""
    chain = [
        {"function": entry[1], "path": f"{ROOT}/{entry[0]}", "line": 20},
        {"function": function, "path": f"{ROOT}/{path}", "line": 9},
    ]
    return {
        "code": code,
        "path": f"{ROOT}/{path}",
        "line": 9,
        "function": function,
        "call": call,
        "priority": "medium",
        "chain": chain,
        "entries": [{"entry": entry[1], "kind": "route", "chain": chain}],
        "library": {
            "distribution": "kubernetes",
            "version": "37.0.2",
            "function": "kubernetes.client.api.core_v1_api.CoreV1Api.list_namespaced_pod",
            "call": blocks_on,
            "when": "some-paths",
            "reachable": 10,
            "chain": [
                {
                    "function": "kubernetes.client.rest.RESTClientObject.request",
                    "path": "/venv/lib/python3.11/site-packages/kubernetes/client/rest.py",
                    "line": 308,
                }
            ],
        },
    }


def _report(*findings: dict[str, Any]) -> dict[str, Any]:
    return {"roots": [ROOT], "findings": list(findings)}


# Checking reports


def test_check_expected_library_call_is_found_with_paths_relative_to_apps() -> None:
    (result,) = check_report(_report(_finding()), [_app()])
    (outcome,) = result.outcomes
    assert outcome.status == FOUND
    assert outcome.finding is not None and outcome.finding["path"] == "kube/inventory.py"
    assert result.passed


def test_check_expectation_without_finding_is_missed() -> None:
    (result,) = check_report(_report(), [_app()])
    assert [outcome.status for outcome in result.outcomes] == [MISSED]
    assert not result.passed


def test_check_other_blocking_call_is_reported_differently_and_fails() -> None:
    (result,) = check_report(_report(_finding(blocks_on="builtins.open")), [_app()])
    (outcome,) = result.outcomes
    assert outcome.status == MISMATCH
    assert outcome.differences == (
        "blocks_on: reported builtins.open, expected urllib3.PoolManager.request",
    )
    assert not result.passed
    assert not result.unexpected  # the finding is accounted for by the expectation


def test_check_other_entry_is_reported_differently() -> None:
    finding = _finding(entry=("kube/routes.py", "startup"))
    (result,) = check_report(_report(finding), [_app()])
    (outcome,) = result.outcomes
    assert outcome.status == MISMATCH
    assert outcome.differences == (
        "entry: reported kube/routes.py:startup, expected kube/routes.py:pods",
    )


def test_check_entry_may_start_any_of_the_findings_chains() -> None:
    finding = _finding(entry=("kube/routes.py", "startup"))
    other = [{"function": "pods", "path": f"{ROOT}/kube/routes.py", "line": 3}]
    finding["entries"].append({"entry": "pods", "kind": "route", "chain": other})
    (result,) = check_report(_report(finding), [_app()])
    assert result.outcomes[0].status == FOUND


def test_check_same_site_with_another_code_is_not_a_library_finding() -> None:
    (result,) = check_report(_report(_finding(code="BIO201")), [_app()])
    assert result.outcomes[0].status == MISMATCH
    assert "code: reported BIO201, expected BIO501" in result.outcomes[0].differences


def test_check_finding_no_expectation_accounts_for_is_unexpected() -> None:
    extra = _finding(function="replica_counts", call="kubernetes.client.AppsV1Api.list")
    (result,) = check_report(_report(_finding(), extra), [_app()])
    assert result.outcomes[0].status == FOUND
    assert [finding["function"] for finding in result.unexpected] == ["replica_counts"]
    assert not result.passed


def test_check_finding_in_the_twin_fails_the_app() -> None:
    twin = _finding(path="kube_offloaded/inventory.py", entry=("kube_offloaded/routes.py", "pods"))
    (result,) = check_report(_report(_finding(), twin), [_app()])
    assert result.outcomes[0].status == FOUND
    assert [finding["path"] for finding in result.twin_findings] == ["kube_offloaded/inventory.py"]
    assert not result.passed


def test_check_known_gap_passes_while_open_and_fails_once_closed() -> None:
    gap = _expectation(known_gap="the detector cannot follow the callable")
    (open_gap,) = check_report(_report(_finding(blocks_on="tempfile.mkstemp")), [_app(gap)])
    (closed,) = check_report(_report(_finding()), [_app(gap)])
    (absent,) = check_report(_report(), [_app(gap)])
    assert [r.outcomes[0].status for r in (open_gap, closed, absent)] == [
        KNOWN_GAP,
        GAP_CLOSED,
        KNOWN_GAP,
    ]
    assert open_gap.passed and absent.passed
    assert not closed.passed


def test_check_apps_scanned_as_the_project_root_keep_their_paths() -> None:
    finding = _finding()
    report = json.loads(json.dumps(_report(finding)).replace(f"{ROOT}/", ""))
    report["roots"] = ["."]
    (result,) = check_report(report, [_app()])
    assert result.outcomes[0].status == FOUND


def test_summary_line_counts_met_gaps_unexpected_and_clean_twins() -> None:
    gap = _expectation(function="other", known_gap="why")
    results = check_report(_report(_finding()), [_app(_expectation(), gap)])
    assert bench_libraries.summary_line(results) == (
        "PASS: expectations 1 of 2 met, 1 known gap(s); 0 unexpected finding(s), "
        "1 of 1 offloaded twins clean"
    )
    failed = check_report(_report(), [_app()])
    assert bench_libraries.summary_line(failed).startswith("FAIL: expectations 0 of 1 met;")


# Rendering


def test_render_finding_shows_project_chain_and_library_chain_under_the_site() -> None:
    (result,) = check_report(_report(_finding()), [_app()])
    lines = render_finding(result.findings[0], ["/venv/lib/python3.11/site-packages"])
    assert lines[2] == "      project: kube/routes.py:20 pods -> kube/inventory.py:9 pod_names"
    assert lines[3] == "      library: kubernetes/client/rest.py:308 RESTClientObject.request"


def test_render_library_fact_has_no_library_chain() -> None:
    finding = _finding(call="tiktoken.get_encoding", blocks_on="tiktoken.get_encoding")
    finding["library"].update(chain=[], version="", when="first-use")
    (result,) = check_report(_report(finding), [_app()])
    lines = render_finding(result.findings[0], [])
    assert lines[-1] == "      library: `tiktoken.get_encoding` is a library fact"


def test_under_site_matches_a_site_shown_relative_to_the_project_root() -> None:
    site = "/repo/.deer-flow/bench-libs/venv/lib/python3.11/site-packages"
    shown = ".deer-flow/bench-libs/venv/lib/python3.11/site-packages/kubernetes/watch/watch.py"
    assert str(under_site(PurePosixPath(shown), [site])) == "kubernetes/watch/watch.py"
    assert str(under_site(PurePosixPath(f"{site}/six.py"), [site])) == "six.py"


def test_render_app_reports_an_unclean_twin_and_tally_counts_gaps() -> None:
    twin = _finding(path="kube_offloaded/inventory.py", entry=("kube_offloaded/routes.py", "pods"))
    (result,) = check_report(_report(twin), [_app()])
    text = "\n".join(render_app(result, []))
    assert "twin kube_offloaded: NOT CLEAN, 1 finding(s) (false findings)" in text
    assert "expectations: 0 of 1 met" in text
    assert tally(result.outcomes) == "0 of 1 met"


# The committed expectations and apps


def test_committed_expectations_cover_every_app_package_and_name_real_functions() -> None:
    apps = load_expectations()
    packages = {path.name for path in APPS_DIR.iterdir() if (path / "__init__.py").exists()}
    assert packages == {name for app in apps for name in (app.name, app.twin)}
    for app in apps:
        for expectation in app.expectations:
            assert expectation.function in _functions(APPS_DIR / expectation.path), expectation
            if expectation.entry is not None:
                path, _, function = expectation.entry.partition(":")
                assert _functions(APPS_DIR / path)[function] == "async", expectation


def test_committed_expectations_hide_a_call_behind_helpers_in_other_modules() -> None:
    apps = load_expectations()
    hidden = {
        app.name
        for app in apps
        for expectation in app.expectations
        if expectation.entry and not expectation.entry.startswith(f"{expectation.path}:")
    }
    assert hidden == {app.name for app in apps}


def _functions(path: Path) -> dict[str, str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name: "async" if isinstance(node, ast.AsyncFunctionDef) else "sync"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "expectations.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


_APP = """
    [[app]]
    name = "kube"
    twin = "kube_offloaded"
    about = "a test app"
"""
_EXPECT = """
    [[app.expect]]
    path = "kube/inventory.py"
    function = "pod_names"
    call = "kubernetes.client.CoreV1Api.list_namespaced_pod"
    library = "kubernetes"
    blocks_on = "urllib3.PoolManager.request"
"""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            'when = "sometimes"',
            "when = 'sometimes'; expected one of: always, some-paths, first-use",
        ),
        ('when = "always"\nentry = "routes.pods"', "expected `path:function`"),
        ('when = "always"\nline = 3', "unknown fields ['line']"),
        ("", "missing fields ['when']"),
    ],
)
def test_load_expectations_rejects_malformed_entries_naming_them(
    tmp_path: Path, extra: str, message: str
) -> None:
    path = _write(tmp_path, _APP + _EXPECT + textwrap.indent(extra, "    ") + "\n")
    with pytest.raises(ExpectationsError, match="expectation #1") as excinfo:
        load_expectations(path)
    assert message in str(excinfo.value)


def test_load_expectations_rejects_a_package_named_twice(tmp_path: Path) -> None:
    entry = _APP + _EXPECT + '    when = "always"\n'
    path = _write(tmp_path, entry + entry)
    with pytest.raises(ExpectationsError, match="kube, kube_offloaded more than once"):
        load_expectations(path)


# The pinned environment


class _FakeUv:
    """Records commands; `uv venv` creates the interpreter file, `uv pip sync` succeeds."""

    def __init__(self, fail: str | None = None) -> None:
        self.commands: list[list[str]] = []
        self.fail = fail

    def __call__(self, command: Sequence[str]) -> subprocess.CompletedProcess[str]:
        self.commands.append(list(command))
        if self.fail and self.fail in command:
            return subprocess.CompletedProcess(list(command), 2, "", "error: no network\n")
        if "venv" in command:
            python = Path(command[-1]) / "bin" / "python"
            python.parent.mkdir(parents=True)
            python.touch()
        return subprocess.CompletedProcess(list(command), 0, "", "")


def _requirements(tmp_path: Path) -> Path:
    path = tmp_path / "requirements.txt"
    path.write_text("six==1.17.0 --hash=sha256:00\n", encoding="utf-8")
    return path


def test_environment_is_installed_then_reused_while_it_matches(tmp_path: Path) -> None:
    uv, requirements, venv = _FakeUv(), _requirements(tmp_path), tmp_path / "venv"
    assert ensure_environment(venv, ["uv"], requirements, run=uv) == (venv, False)
    assert [command[:3] for command in uv.commands] == [
        ["uv", "venv", "--quiet"],
        ["uv", "pip", "sync"],
    ]
    assert "--require-hashes" in uv.commands[1]
    assert ensure_environment(venv, ["uv"], requirements, run=uv) == (venv, True)
    assert len(uv.commands) == 2  # reused: uv not run again


def test_environment_is_rebuilt_when_the_requirements_change(tmp_path: Path) -> None:
    uv, requirements, venv = _FakeUv(), _requirements(tmp_path), tmp_path / "venv"
    ensure_environment(venv, ["uv"], requirements, run=uv)
    requirements.write_text("six==1.16.0 --hash=sha256:11\n", encoding="utf-8")
    assert ensure_environment(venv, ["uv"], requirements, run=uv) == (venv, False)
    assert len(uv.commands) == 4
    marker = json.loads((venv / MARKER).read_text(encoding="utf-8"))
    assert marker == wanted_marker(requirements, environment._PYTHON)


def test_environment_failed_install_raises_and_leaves_no_marker(tmp_path: Path) -> None:
    uv, requirements, venv = _FakeUv(fail="sync"), _requirements(tmp_path), tmp_path / "venv"
    with pytest.raises(BenchEnvironmentError, match=r"failed with status 2: error: no network"):
        ensure_environment(venv, ["uv"], requirements, run=uv)
    assert not (venv / MARKER).exists()


# Timing helpers (no timed assertions)


def test_measurement_median_spread_and_noise() -> None:
    steady = Measurement("warm", (1.0, 1.1, 1.05), {})
    noisy = Measurement("warm", (1.0, 2.0, 1.1), {})
    assert steady.median == 1.05 and not steady.noisy
    assert noisy.noisy
    assert Measurement("cold", (3.0,), {}).spread == 0.0
    assert steady.joined(noisy).seconds == (1.0, 1.1, 1.05, 1.0, 2.0, 1.1)


def test_prepare_empties_the_cache_cold_and_drops_only_the_report_for_warm_analysis(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    (cache / "libraries").mkdir(parents=True)
    for name in ("report-0.4.0-c2-cpython311.bin", "summaries-x.bin", "libraries/effects-1.bin"):
        (cache / name).touch()
    prepare(WARM_ANALYSIS, cache)
    assert sorted(p.name for p in cache.rglob("*.bin")) == ["effects-1.bin", "summaries-x.bin"]
    prepare(COLD, cache)
    assert cache.is_dir() and not any(cache.iterdir())


def _libraries_block(loaded: bool) -> dict[str, Any]:
    return {"loaded": loaded, "cache_hits": 40, "cache_misses": 7, "effects": 12, "seconds": 1.0}


def test_render_timings_compares_each_scenario_with_no_libraries() -> None:
    pairs = [
        (Measurement(COLD, (30.0,), {}), Measurement(COLD, (0.3,), {})),
        (Measurement(WARM, (0.26,), {}), Measurement(WARM, (0.25,), {})),
        (Measurement(WARM_ANALYSIS, (0.5,), {}), Measurement(WARM_ANALYSIS, (0.4,), {})),
    ]
    lines = render_timings(pairs)
    assert lines[2].split()[-1] == "100.00x"  # cold has no target
    assert lines[3].endswith("1.04x  within 10% of --no-libraries: yes")
    assert lines[4].endswith("1.25x  within 10% of --no-libraries: NO")


def test_render_cache_checks_flags_a_warm_analysis_that_loaded_summaries() -> None:
    report = {"libraries": _libraries_block(True), "scan": {"reused_report": False}}
    pair = (Measurement(WARM_ANALYSIS, (9.0,), report), Measurement(WARM_ANALYSIS, (0.4,), {}))
    (line,) = render_cache_checks([pair])
    assert line.startswith("  warm analysis: LOADED library summaries (40 cached, 7 summarised")


# Command line


def test_bench_libraries_bad_repeat_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_libraries.main(["--repeat", "0"]) == 2
    message = bench_libraries.BAD_REPEAT.format(value=0)
    assert (
        capsys.readouterr().err
        == USAGE_ERROR.format(prog=bench_libraries.PROG, message=message) + "\n"
    )


def test_bench_libraries_missing_environment_is_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    assert bench_libraries.main(["--python", str(missing), "--no-timing"]) == 2
    message = bench_libraries.NO_ENVIRONMENT.format(path=missing)
    assert (
        capsys.readouterr().err
        == USAGE_ERROR.format(prog=bench_libraries.PROG, message=message) + "\n"
    )
