"""Findings through libraries in eval-real: scoring, sample, environments and the CLI, offline.

Reports and labels are small fakes; the environment tests replace the uv commands; the one scan
runs the real detector on a tiny app whose installed copy sits in a fake site-packages.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from benchmarks.real import environments
from benchmarks.real.apps import App, AppsError, load_apps
from benchmarks.real.environments import EnvError, ensure_env, read_lock, scan_cache_dir
from benchmarks.real.labels import AppLabels, FindingKey, Label, read_labels
from benchmarks.real.libraries import installed_copy_hops, non_library_changes
from benchmarks.real.render import merge_scores, render_json, render_text
from benchmarks.real.sample import render_template
from benchmarks.real.scoring import score_app
from blocking_io.static import scan
from blocking_io.static.environment import find_environment
from scripts import eval_real

SITE = "/envs/demo/lib/python3.11/site-packages"


def _finding(
    line: int,
    priority: str = "medium",
    code: str = "BIO101",
    call: str = "builtins.open",
    when: str = "some-paths",
) -> dict[str, Any]:
    finding: dict[str, Any] = {
        "code": code,
        "path": "app/m.py",
        "line": line,
        "call": call,
        "priority": priority,
        "exposure": "direct",
        "production": True,
        "function": "handler",
        "message": f"Call `{call}` in async function `handler`",
        "chain": [{"function": "handler", "path": "app/m.py", "line": line}],
        "snippet": f"{call}(p)",
    }
    if code == "BIO501":
        finding["library"] = {
            "distribution": "netx",
            "version": "1.0",
            "function": "netx.client.fetch",
            "call": "socket.create_connection",
            "when": when,
            "reachable": 2,
            "chain": [
                {"function": "netx.client.fetch", "path": f"{SITE}/netx/client.py", "line": 4},
                {"function": "netx.client._dial", "path": f"{SITE}/netx/client.py", "line": 9},
            ],
        }
    return finding


def _library(line: int, priority: str = "low", when: str = "some-paths", call: str = "netx.fetch"):
    return _finding(line, priority, "BIO501", call, when)


def _labels(*entries: tuple[int, str, str]) -> AppLabels:
    found = {}
    for line, call, verdict in entries:
        key = FindingKey("app/m.py", line, call)
        found[key] = Label(key, verdict, "app/m.py:1 reason")
    return AppLabels(found, ())


# Scoring


def test_library_findings_are_scored_apart_and_leave_the_other_figures_unchanged():
    own = [_finding(1, "high"), _finding(2, "low", code="BIO201")]
    labels = _labels((1, "builtins.open", "TRUE"), (2, "builtins.open", "FALSE"))
    plain = score_app("app", own, labels)
    libraries = [_library(5, "medium", "always"), _library(6), _library(7, "high", "first-use")]
    labels.findings.update(_labels((5, "netx.fetch", "TRUE"), (6, "netx.fetch", "FALSE")).findings)
    score = score_app("app", own + libraries, labels, followed=True)
    assert (score.total, score.labelled, score.by_priority) == (2, 2, plain.by_priority)
    assert score.precision == plain.precision and score.regressions == []
    lib = score.libraries
    assert (lib.total, lib.labelled, lib.followed) == (3, 2, True)
    assert lib.by_priority == {"high": 1, "medium": 1, "low": 1}
    assert lib.by_when == {"always": 1, "some-paths": 1, "first-use": 1}
    assert lib.precision["all"].precision == 0.5
    assert (lib.precision["medium"].true, lib.precision["low"].false) == (1, 1)
    assert lib.when_precision["always"].precision == 1.0
    assert [f["line"] for f in lib.unlabelled] == [7]


def test_library_regressions_need_the_environment_except_for_library_facts():
    labels = _labels(
        (5, "netx.fetch", "TRUE"),
        (6, "tiktoken.get_encoding", "TRUE"),
        (7, "netx.fetch", "FALSE"),
        (8, "builtins.open", "TRUE"),
    )
    plain = score_app("app", [], labels)
    assert [label.key.line for label in plain.libraries.regressions] == [6]
    assert plain.libraries.resolved == []
    assert [label.key.line for label in plain.regressions] == [8]  # a non-library label
    followed = score_app("app", [], labels, followed=True)
    assert [label.key.line for label in followed.libraries.regressions] == [5, 6]
    assert [label.key.line for label in followed.libraries.resolved] == [7]


def test_library_weighted_precision_and_over_all_join_both_kinds():
    findings = [_finding(1, "high"), _library(5, "high", "always")]
    findings += [_library(n) for n in range(10, 19)]
    labels = _labels(
        (1, "builtins.open", "TRUE"), (5, "netx.fetch", "FALSE"), (10, "netx.fetch", "TRUE")
    )
    score = score_app("app", findings, labels, followed=True)
    assert score.libraries.weighted_precision == pytest.approx(0.9)
    high = score.over_all("high")
    assert (high.true, high.false, high.precision) == (1, 1, 0.5)


def test_non_library_changes_compare_what_the_figures_count():
    before = [_finding(1), _finding(2, "low"), _library(5)]
    assert non_library_changes(before, [*before, _library(6)]) == []
    after = [_finding(1), _finding(2, "high")]
    changes = non_library_changes(before, after)
    assert [line[0] for line in changes] == ["+", "-"]
    assert "'high'" in changes[0] and "'low'" in changes[1]


def test_render_shows_the_library_block_per_app_and_overall():
    first = score_app(
        "a 1.0",
        [_finding(1), _library(5, "medium")],
        _labels((5, "netx.fetch", "TRUE")),
        followed=True,
    )
    first.libraries.summary = {
        "loaded": True,
        "distributions": 3,
        "lines": 1200,
        "modules": 40,
        "seconds": 1.5,
        "cache_hits": 1,
        "cache_misses": 2,
        "site": [SITE],
    }
    second = score_app("b 2.0", [_library(7, "high", "first-use")], _labels())
    second.libraries.note = "no environment (too heavy)"
    text = render_text("cmd", "blocking-io 0", [first, second], False)
    assert "findings through libraries (BIO501) 1: high 0, medium 1, low 0" in text
    assert "summarised 3 distributions, 1200 lines (40 modules) in 1.5 s" in text
    assert f"library files under {SITE}" in text
    assert "non-library findings: the same as the scan without --libraries" in text
    assert "calls not followed into packages: no environment (too heavy)" in text
    assert "over all findings, through libraries or not: HIGH n/a (0/0), MEDIUM 100% (1/1)" in text
    overall = merge_scores([first, second]).libraries
    assert (overall.total, overall.labelled, overall.by_when["first-use"]) == (2, 1, 1)
    doc = json.loads(render_json("cmd", "blocking-io 0", [first, second]))
    assert doc["apps"]["a 1.0"]["findings"] == 1
    assert doc["apps"]["a 1.0"]["libraries"]["precision"]["medium"]["precision"] == 1.0
    assert doc["overall"]["libraries"]["by_priority"] == {"high": 1, "medium": 1, "low": 0}
    assert doc["overall"]["over_all"]["medium"]["true"] == 1


# The sample template


def test_library_sample_entry_shows_both_chains_and_parses_once_filled(tmp_path):
    findings = [_library(5), _finding(6)]
    fact = _library(7, "high", "first-use", call="tiktoken.get_encoding")
    fact["library"]["chain"] = []
    keys = [FindingKey("app/m.py", 5, "netx.fetch"), FindingKey("app/m.py", 7, fact["call"])]
    template = render_template("app", [*findings, fact], keys, [SITE])
    assert f"# Library files are under {SITE}" in template
    assert "# library: netx 1.0 `netx.client.fetch` blocks on `socket.create_connection`" in (
        template
    )
    assert "#   netx/client.py:9 netx.client._dial" in template
    assert "#   app/m.py:5 handler" in template
    assert "# library chain: none, a library fact" in template
    path = tmp_path / "app.toml"
    filled = template.replace('label = ""', 'label = "TRUE"')
    filled = filled.replace('evidence = ""', 'evidence = "e"')
    path.write_text(filled, encoding="utf-8")
    assert sorted(read_labels(path).findings) == sorted(keys)


# Environments


def _app(env: bool = True) -> App:
    return App("demo", "1.0", "demo-1.0.whl", "0" * 64, ("demo",), "r", env, "small")


def test_read_lock_requires_the_pinned_version_of_the_app(tmp_path):
    with pytest.raises(EnvError, match=r"No lock .*demo.txt.*--libraries --lock"):
        read_lock(_app(), tmp_path / "demo.txt")
    lock = tmp_path / "demo.txt"
    lock.write_text("anyio==4.0\n    # via demo\ndemo==0.9\n", encoding="utf-8")
    with pytest.raises(EnvError, match=r"pins demo 0\.9, but apps\.toml pins 1\.0"):
        read_lock(_app(), lock)
    lock.write_text("Demo==1.0 ; python_version >= '3.11'\n", encoding="utf-8")
    assert read_lock(_app(), lock).startswith("Demo==1.0")


def test_ensure_env_installs_the_lock_without_resolving_and_reuses_it(tmp_path, monkeypatch):
    commands: list[list[str]] = []

    def run(cmd: list[str], what: str, stdin: str | None = None) -> None:
        commands.append(cmd)
        if "venv" in cmd:
            (Path(cmd[-1]) / "lib" / "python3.11" / "site-packages").mkdir(parents=True)

    monkeypatch.setattr(environments, "_run", run)
    locks = tmp_path / "envs"
    locks.mkdir()
    (locks / "demo.txt").write_text("demo==1.0\n", encoding="utf-8")
    env = ensure_env(_app(), tmp_path / "cache", "/usr/bin/python3.11", locks)
    assert env == tmp_path / "cache" / "env-demo"
    install = commands[-1]
    assert install[-4:] == ["--python", str(env / "bin" / "python"), "-r", str(locks / "demo.txt")]
    assert "--no-deps" in install
    assert ensure_env(_app(), tmp_path / "cache", "/usr/bin/python3.11", locks) == env
    assert len(commands) == 2  # reused: nothing run again
    (locks / "demo.txt").write_text("demo==1.0\nanyio==4.0\n", encoding="utf-8")
    ensure_env(_app(), tmp_path / "cache", "/usr/bin/python3.11", locks)
    assert len(commands) == 4  # a changed lock rebuilds it
    assert environments.site_packages(env).name == "site-packages"


def test_scan_cache_dir_is_keyed_by_the_detector_source_and_drops_others(tmp_path):
    stale = tmp_path / "scan-cache" / "0123456789abcdef"
    stale.mkdir(parents=True)
    current = scan_cache_dir(tmp_path)
    assert current.parent == tmp_path / "scan-cache" and current != stale
    assert not stale.exists()
    assert scan_cache_dir(tmp_path) == current


def test_load_apps_requires_env_to_be_a_boolean(tmp_path):
    entry = 'name = "x"\nversion = "1"\nwheel = "x.whl"\nroots = ["x"]\nreason = "r"\n'
    entry += f'sha256 = "{"0" * 64}"\nenv_note = "n"\n'
    path = tmp_path / "apps.toml"
    path.write_text(f'[[app]]\n{entry}env = "yes"\n', encoding="utf-8")
    with pytest.raises(AppsError, match="env must be true or false, got 'yes'"):
        load_apps(path)
    path.write_text(f"[[app]]\n{entry}env = false\n", encoding="utf-8")
    assert load_apps(path)[0].env is False


def test_pinned_apps_with_an_environment_have_a_lock_pinning_them():
    apps = load_apps()
    assert any(app.env for app in apps)
    for app in apps:
        if app.env:
            read_lock(app, environments.lock_path(app))


# The installed copy of the scanned app does not shadow its unpacked sources


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def _installed_app(tmp_path: Path) -> tuple[Path, Path, Path]:
    """An unpacked app `demo`, and an environment holding a blocking copy of it and `netx`."""
    source = tmp_path / "src"
    _tree(
        source,
        {
            "demo/__init__.py": "",
            "demo/core.py": "def helper():\n    return 1\n",
            "demo/app.py": """
                import netx
                from demo.core import helper

                async def handler():
                    helper()
                    return netx.fetch()
                """,
            "other/__init__.py": "",
            "other/use.py": "from demo.core import helper\n\nasync def run():\n    helper()\n",
        },
    )
    env = tmp_path / "env"
    site = env / "lib" / "python3.11" / "site-packages"
    (env / "pyvenv.cfg").parent.mkdir(parents=True)
    (env / "pyvenv.cfg").write_text("version_info = 3.11\n", encoding="utf-8")
    blocking = "import socket\n\ndef helper():\n    return socket.create_connection(('h', 1))\n"
    _tree(
        site,
        {
            "demo/__init__.py": "",
            "demo/core.py": blocking,
            "demo-1.0.dist-info/METADATA": "Name: demo\nVersion: 1.0\n",
            "demo-1.0.dist-info/RECORD": "demo/__init__.py,,\ndemo/core.py,,\n",
            "netx/__init__.py": "def fetch():\n    return open('/etc/hosts').read()\n",
            "netx-2.0.dist-info/METADATA": "Name: netx\nVersion: 2.0\n",
            "netx-2.0.dist-info/RECORD": "netx/__init__.py,,\n",
        },
    )
    return source, env, site


def test_installed_copy_of_the_app_does_not_shadow_the_scanned_sources(tmp_path):
    source, env, site = _installed_app(tmp_path)
    roots = [source / "demo"]
    report = scan(roots, repo_root=source, environment=find_environment(env, roots, source))
    calls = {f["call"] for f in report["findings"] if f["code"] == "BIO501"}
    assert calls == {"netx.fetch"}  # the scanned demo.core.helper does not block
    assert installed_copy_hops(report["findings"], ("demo",), [str(site)]) == []
    # Negative twin: scanning a root that does not own `demo` follows the installed copy.
    others = [source / "other"]
    twin = scan(others, repo_root=source, environment=find_environment(env, others, source))
    hops = installed_copy_hops(twin["findings"], ("demo",), [str(site)])
    assert hops and "demo/core.py" in hops[0]


# The command line


def _fake_reports(monkeypatch, tmp_path: Path, apps: list[App]) -> None:
    plain = {"findings": [_finding(1), _library(7, "high", "first-use")], "scan": {}}
    followed = {
        "findings": [*plain["findings"], _library(5), _library(6, "medium")],
        "scan": {},
        "libraries": {"site": [SITE], "loaded": False},
    }
    monkeypatch.setattr(eval_real, "load_apps", lambda: apps)
    monkeypatch.setattr(eval_real, "_scan", lambda app, cache: plain)
    monkeypatch.setattr(eval_real, "_scan_libraries", lambda app, args: followed)
    monkeypatch.setattr(eval_real, "read_labels", lambda path: AppLabels({}, ()))


def test_cli_sample_with_libraries_writes_library_findings_only(tmp_path, monkeypatch, capsys):
    _fake_reports(monkeypatch, tmp_path, [_app()])
    assert eval_real.main(["--libraries", "--sample", "--cache", str(tmp_path)]) == 0
    written = (tmp_path / "sample-libraries-demo.toml").read_text(encoding="utf-8")
    assert written.count("[[finding]]") == 3 and "builtins.open" not in written
    out = capsys.readouterr().out
    assert "demo: 3 keys sampled from 3 library findings, 3 still to label" in out
    assert eval_real.main(["--sample", "--cache", str(tmp_path)]) == 0
    plain = (tmp_path / "sample-demo.toml").read_text(encoding="utf-8")
    assert plain.count("[[finding]]") == 1 and 'call = "builtins.open"' in plain


def test_cli_libraries_reports_apps_without_an_environment(tmp_path, monkeypatch, capsys):
    _fake_reports(monkeypatch, tmp_path, [_app(env=False)])
    assert eval_real.main(["--libraries", "--cache", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "findings through libraries (BIO501) 1: high 1" in out
    assert "calls not followed into packages: no environment (small)" in out


def test_cli_libraries_compares_with_the_scan_without_them(tmp_path, monkeypatch, capsys):
    _fake_reports(monkeypatch, tmp_path, [_app()])
    assert eval_real.main(["--libraries", "--json", "--cache", str(tmp_path)]) == 0
    doc = json.loads(capsys.readouterr().out)
    lib = doc["apps"]["demo 1.0"]["libraries"]
    assert (lib["findings"], lib["followed"], lib["non_library_changes"]) == (3, True, [])
