"""Library summaries: the environment, the findings through libraries, their caches and config.

The fake environment is the `bio501_libraries` fixture: a virtual environment whose
site-packages holds `netlib` (calls reaching a socket, a subprocess and files in a few hops),
the namespace package `nsvendor.tools`, and a compiled-only `lmdb`.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import jsonschema
import pytest

from blocking_io.static import main, scan
from blocking_io.static.branches import Branches
from blocking_io.static.environment import BadEnvironment, find_environment
from blocking_io.static.render import render_text
from blocking_io.static.sarif import render_sarif
from blocking_io.static.schema import REPORT_SCHEMA

FIXTURE = Path(__file__).parent / "fixtures" / "bio501_libraries"
SARIF_SCHEMA = Path(__file__).parent / "sarif" / "sarif-2.1.0-rtm.5.json"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture as a project: `app/`, and the environment as `.venv`."""
    (tmp_path / ".git").mkdir()
    shutil.copytree(FIXTURE / "app", tmp_path / "app")
    shutil.copytree(FIXTURE / "env", tmp_path / ".venv")
    return tmp_path


def _scan(project: Path, cache: Path | None = None, **options: object) -> dict:
    roots = [project / "app"]
    environment = find_environment(project / ".venv", roots, project)
    return scan(roots, repo_root=project, cache_dir=cache, environment=environment, **options)


def _library_findings(report: dict) -> dict[str, dict]:
    """Return the library findings by called name (the first in file order for each)."""
    found: dict[str, dict] = {}
    for finding in sorted(report["findings"], key=lambda f: (f["path"], f["line"])):
        if finding["code"] == "BIO501":
            found.setdefault(finding["call"], finding)
    return found


def test_libraries_finding_shows_project_call_and_chain_inside_the_library(project: Path) -> None:
    report = _scan(project)
    jsonschema.validate(report, REPORT_SCHEMA)
    found = _library_findings(report)
    get = found["netlib.Client.get"]
    assert (get["path"], get["function"], get["priority"]) == ("app/service.py", "fetch", "high")
    library = get["library"]
    assert (library["distribution"], library["version"]) == ("netlib", "1.2.0")
    # The nearest blocking call that always runs: the send on the connected socket.
    assert library["call"] == "socket.socket.sendall"
    assert library["when"] == "always"
    assert library["reachable"] == 2  # the connect call is reached too
    steps = [
        (hop["function"], hop["path"].rpartition("site-packages/")[2]) for hop in library["chain"]
    ]
    assert steps == [
        ("netlib.client.Client.get", "netlib/client.py"),
        ("netlib.client.Transport.send", "netlib/client.py"),
    ]
    assert library["chain"][-1]["line"] == 10  # the socket call, file:line under site-packages
    assert found["netlib.render"]["library"]["call"] == "subprocess.run"
    assert found["netlib.save"]["library"]["call"] == "builtins.open"


def test_libraries_blocking_on_some_paths_ranks_low(project: Path) -> None:
    found = _library_findings(_scan(project))
    assert found["netlib.save"]["library"]["when"] == "always"
    assert found["netlib.save"]["priority"] == "medium"
    # `cached` reads the file only on a cache miss, after an early return.
    assert found["netlib.cached"]["library"]["when"] == "some-paths"
    assert found["netlib.cached"]["priority"] == "low"


def test_libraries_offloaded_call_and_clean_function_are_not_reported(project: Path) -> None:
    functions = {f["function"] for f in _scan(project)["findings"]}
    assert "fetch_offloaded" not in functions
    assert "tokens" not in functions  # netlib.parse only splits a string


def test_libraries_namespace_package_and_compiled_only_module(project: Path) -> None:
    report = _scan(project)
    found = _library_findings(report)
    listing = found["nsvendor.tools.disk.listing"]["library"]
    assert (listing["distribution"], listing["call"]) == ("nsvendor-tools", "os.listdir")
    assert report["libraries"]["compiled_only"] == ["lmdb"]
    fact = found["lmdb.open"]
    assert fact["library"]["chain"] == []
    assert (fact["library"]["distribution"], fact["library"]["version"]) == ("lmdb", "1.4.1")
    assert fact["priority"] == "medium"


def test_libraries_second_scan_loads_no_summary_and_a_new_call_reuses_the_distribution_cache(
    project: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = _scan(project, cache)
    assert first["libraries"]["loaded"] and first["libraries"]["cache_misses"] > 0
    reused = _scan(project, cache)
    assert reused["scan"]["reused_report"] and reused["findings"] == first["findings"]
    assert not reused["libraries"]["loaded"] and reused["libraries"]["cache_misses"] == 0
    for report_file in cache.glob("report*"):
        report_file.unlink()  # force the analysis, not the stored report
    second = _scan(project, cache)
    assert not second["libraries"]["loaded"], "stored effects should answer every library call"
    assert second["findings"] == first["findings"]
    service = project / "app" / "service.py"
    service.write_text(
        service.read_text(encoding="utf-8")
        + "\n\nasync def more(host):\n    return Client(host).close()\n",
        encoding="utf-8",
    )
    third = _scan(project, cache)
    assert third["libraries"]["loaded"]
    assert third["libraries"]["cache_misses"] == 0 and third["libraries"]["cache_hits"] > 0
    assert {f["id"] for f in first["findings"]} <= {f["id"] for f in third["findings"]}


def test_libraries_damaged_cache_files_are_rebuilt_with_the_same_findings(
    project: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = _scan(project, cache)
    for stored in (cache / "libraries").iterdir():
        data = bytearray(stored.read_bytes())
        data[len(data) // 2] ^= 0xFF
        stored.write_bytes(bytes(data))
    for report_file in cache.glob("report*"):
        report_file.unlink()
    again = _scan(project, cache)
    assert again["findings"] == first["findings"]
    assert again["libraries"]["loaded"] and again["libraries"]["cache_hits"] == 0


def test_libraries_cli_uses_the_project_venv_and_can_be_turned_off(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    assert main(["app", "--no-cache", "--format", "concise"]) == 0
    out = capsys.readouterr().out
    assert "BIO501 Library call `netlib.Client.get`" in out
    assert main(["app", "--no-cache", "--format", "concise", "--no-libraries"]) == 0
    out = capsys.readouterr().out
    assert "netlib.Client.get" not in out
    assert "lmdb.open" in out  # a library fact needs no summary


def test_libraries_cli_rejects_a_python_that_is_not_an_environment(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    (project / "empty").mkdir()
    for bad in ("empty", "missing-python", "app/service.py"):
        assert main(["app", "--no-cache", "--python", bad]) == 2
        err = capsys.readouterr().err
        assert f"--python {bad}" in err or f"{bad}" in err
        assert "expected" in err


def test_libraries_environment_of_an_interpreter_is_asked_without_importing() -> None:
    environment = find_environment(Path(sys.executable), [], None)
    assert environment.origin == "--python"
    assert environment.version == f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert environment.site_dirs and all(path.is_dir() for path in environment.site_dirs)
    with pytest.raises(BadEnvironment, match="expected a Python interpreter"):
        find_environment(Path("/nonexistent/python3"), [], None)


def test_libraries_pth_directories_are_searched(project: Path, tmp_path: Path) -> None:
    editable = tmp_path / "editable-src"
    shutil.move(project / ".venv/lib/python3.11/site-packages/netlib", editable / "netlib")
    site = project / ".venv/lib/python3.11/site-packages"
    (site / "__editable__.netlib.pth").write_text(f"{editable}\nimport os\n", encoding="utf-8")
    found = _library_findings(_scan(project))
    assert found["netlib.Client.get"]["library"]["call"] == "socket.socket.sendall"
    # No RECORD lists the moved files: they belong to no distribution, and say so.
    assert found["netlib.Client.get"]["library"]["distribution"] == ""


def test_libraries_nonblocking_declaration_drops_the_call(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    table = (
        "[tool.blocking-io]\nroots = ['app']\n\n[[tool.blocking-io.nonblocking]]\n"
        "name = 'netlib.render'\nreason = 'Our pandoc runs from a RAM disk in tests.'\n"
    )
    (project / "pyproject.toml").write_text(table, encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["--no-cache", "--format", "concise"]) == 0
    out = capsys.readouterr().out
    assert "netlib.render" not in out and "netlib.Client.get" in out
    (project / "pyproject.toml").write_text(
        table.replace("'netlib.render'", "'not a name'"), encoding="utf-8"
    )
    assert main(["--no-cache"]) == 2
    assert "nonblocking[0]" in capsys.readouterr().err


def test_libraries_text_and_sarif_show_where_the_library_blocks(project: Path) -> None:
    report = _scan(project)
    text = render_text(report)
    assert "blocks at netlib/client.py:10 in `netlib.client.Transport.send`" in text
    sarif = json.loads(render_sarif(report, project))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    result = next(
        r for r in sarif["runs"][0]["results"] if "netlib.Client.get" in r["message"]["text"]
    )
    steps = result["codeFlows"][0]["threadFlows"][0]["locations"]
    last = steps[-1]["location"]["physicalLocation"]
    assert last["artifactLocation"]["uri"].endswith("site-packages/netlib/client.py")
    assert last["region"]["startLine"] == 10


@pytest.mark.parametrize(
    ("source", "line", "always"),
    [
        ("def f(p):\n    x = 1\n    return open(p)\n", 3, True),
        ("def f(p):\n    if p:\n        return open(p)\n", 3, False),
        ("def f(p):\n    if p in C:\n        return C[p]\n    return open(p)\n", 4, False),
        ("def f(p):\n    try:\n        open(p)\n    except OSError:\n        pass\n", 3, True),
        ("def f(p):\n    try:\n        pass\n    except OSError:\n        open(p)\n", 5, False),
        ("def f(ps):\n    for p in ps:\n        open(p)\n", 3, False),
        ("def f(p):\n    with lock:\n        open(p)\n", 3, True),
        ("def f(p):\n    return p and open(p)\n", 2, False),
        ("def f(p):\n    return open(p) if p else None\n", 2, False),
    ],
)
def test_libraries_branches_tell_always_from_some_paths(
    tmp_path: Path, source: str, line: int, always: bool
) -> None:
    path = tmp_path / "mod.py"
    path.write_text(source, encoding="utf-8")
    assert Branches().always(path, 1, line) is always


@pytest.mark.parametrize(
    ("source", "line", "windows"),
    [
        ('def f():\n    if sys.platform == "win32":\n        spawn()\n', 3, True),
        ('def f():\n    if os.name == "nt":\n        pass\n    else:\n        spawn()\n', 5, False),
        (
            'def f():\n    if sys.platform != "win32":\n        pass\n    else:\n        spawn()\n',
            5,
            True,
        ),
        ('def f():\n    if not sys.platform.startswith("win"):\n        spawn()\n', 3, False),
        (
            'def f():\n    try:\n        if os.name == "nt":\n            spawn()\n'
            "    finally:\n        pass\n",
            4,
            True,
        ),
        ("def f():\n    if posix:\n        spawn()\n", 3, False),
    ],
)
def test_libraries_branches_tell_windows_only_lines(
    tmp_path: Path, source: str, line: int, windows: bool
) -> None:
    path = tmp_path / "mod.py"
    path.write_text(source, encoding="utf-8")
    assert Branches().windows_only(path, 1, line) is windows


def test_libraries_windows_only_paths_are_not_reported(tmp_path: Path) -> None:
    site = tmp_path / "env" / "lib" / "python3.11" / "site-packages"
    (site / "spawnlib").mkdir(parents=True)
    (tmp_path / "env" / "pyvenv.cfg").write_text("version = 3.11\n", encoding="utf-8")
    (site / "spawnlib" / "__init__.py").write_text(
        "import subprocess\nimport sys\n\n\ndef start(cmd):\n"
        '    if sys.platform == "win32":\n        return subprocess.Popen(cmd)\n'
        "    return None\n\n\ndef always(cmd):\n    return subprocess.Popen(cmd)\n",
        encoding="utf-8",
    )
    app = tmp_path / "app"
    app.mkdir()
    (app / "svc.py").write_text(
        "import spawnlib\n\n\nasync def run(cmd):\n"
        "    spawnlib.start(cmd)\n    spawnlib.always(cmd)\n",
        encoding="utf-8",
    )
    environment = find_environment(tmp_path / "env", [app], None)
    report = scan([app], repo_root=tmp_path, environment=environment)
    assert [f["call"] for f in report["findings"]] == ["spawnlib.always"]


def test_libraries_callable_handed_to_a_library_shows_its_own_chain(project: Path) -> None:
    found = _library_findings(_scan(project))
    retried = found["netlib.retry"]["library"]
    # `retry` blocks on nothing itself; it calls the bound method it is handed, in a loop.
    assert (retried["call"], retried["when"]) == ("socket.socket.sendall", "some-paths")
    functions = [hop["function"] for hop in retried["chain"]]
    assert functions == [
        "netlib.tools.retry",
        "netlib.client.Client.get",
        "netlib.client.Transport.send",
    ]
