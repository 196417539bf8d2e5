"""Library reach under hostile environments: a scan never crashes or hangs on what is installed.

Each test builds a fake environment (`pyvenv.cfg` and `lib/python3.11/site-packages/`) under
`tmp_path` and scans a small project that calls into `netlib` (a socket behind one hop, BIO501)
and blocks on its own (`time.sleep`, BIO101). Whatever is wrong with the environment, the
project's own findings stay those of a scan without libraries, unreadable library files are
counted under `libraries.unreadable`, and a bad `--python` is a usage error naming the input.
Permission errors are simulated (the suite may run as root, which no mode bits stop): `deny`
makes `os` refuse to list or enter a directory, as mode 000 does for anyone else. A FIFO stands
for any file whose read never returns; `_finishes` fails the test instead of hanging it.
"""

from __future__ import annotations

import errno
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from blocking_io.static import environment as environment_module
from blocking_io.static import main, scan
from blocking_io.static.cache import write_sealed
from blocking_io.static.cli import EXIT_USAGE
from blocking_io.static.environment import BadEnvironment, find_environment

SITE = "lib/python3.11/site-packages"
DIST_INFO = "netlib-1.0.dist-info"
NETLIB = {
    "netlib/__init__.py": "import socket\n\n\ndef get():\n    socket.create_connection(('h', 1))\n",
    "netlib-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: netlib\nVersion: 1.0\n",
    "netlib-1.0.dist-info/RECORD": "netlib/__init__.py,,\n",
}
SERVICE = (
    "import time\n\nimport netlib\nimport extra\n\n\n"
    "async def fetch():\n    netlib.get()\n\n\n"
    "async def nap():\n    time.sleep(1)\n\n\n"
    "async def more():\n    extra.go()\n"
)
BLOCKING = "import os\n\n\ndef go():\n    os.listdir('.')\n"
EXPECTED = [("BIO101", "time.sleep"), ("BIO501", "netlib.get")]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with one module, `app/service.py`."""
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    (root / "app").mkdir()
    (root / "app/service.py").write_text(SERVICE, encoding="utf-8")
    return root


def _env(tmp_path: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """Return a fake virtual environment holding `netlib` and the given files."""
    root = tmp_path / "env"
    site = root / SITE
    site.mkdir(parents=True)
    (root / "pyvenv.cfg").write_text("home = /usr/bin\nversion = 3.11.7\n", encoding="utf-8")
    for name, data in {**NETLIB, **(files or {})}.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return root


def _scan(project: Path, python: Path, cache: Path | None = None) -> dict[str, Any]:
    roots = [project / "app"]
    environment = find_environment(python, roots, project)
    return scan(roots, repo_root=project, cache_dir=cache, environment=environment)


def _found(report: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((finding["code"], finding["call"]) for finding in report["findings"])


def _finishes(work: Callable[[], Any], fifos: list[Path], seconds: float = 10) -> Any:
    """Return what ``work`` returns; fail (and unblock it) if it is still running after
    ``seconds``, as a read of one of ``fifos`` would be."""
    result: list[Any] = []
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result.append(work())
        except BaseException as error:  # re-raised in the test's thread
            errors.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        while thread.is_alive():  # a writer that comes and goes gives a blocked reader EOF
            for fifo in fifos:
                try:
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                except OSError:  # nobody is reading this one
                    pass
            thread.join(0.1)
        pytest.fail(f"still running after {seconds} s")
    if errors:
        raise errors[0]
    return result[0]


@pytest.fixture
def deny(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Return a function that makes a directory unreadable (mode 000) for this process."""
    denied: list[str] = []

    def inside(path: Any, itself: bool) -> bool:
        if isinstance(path, int):
            return False
        text = os.path.abspath(os.fsdecode(path))
        return any(text.startswith(d + os.sep) or (itself and text == d) for d in denied)

    def wrap(name: str, itself: bool) -> None:
        original = getattr(os, name)

        def refusing(path: Any = ".", *args: Any, **kwargs: Any) -> Any:
            if inside(path, itself):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return original(path, *args, **kwargs)

        monkeypatch.setattr(os, name, refusing)

    for name in ("stat", "lstat"):
        wrap(name, itself=False)
    for name in ("scandir", "listdir", "open"):
        wrap(name, itself=True)
    yield lambda path: denied.append(str(path))


# the environment's files -------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [b"bad\x00path", b"a/" * 3000, b"\xff\xfe\x00garbage", b"loop", b"/", b"/proc"],
    ids=["nul", "too-long", "binary", "symlink-loop", "root", "proc"],
)
def test_libraries_pth_line_that_names_no_usable_directory_is_skipped(
    project: Path, tmp_path: Path, line: bytes
) -> None:
    python = _env(tmp_path)
    site = python / SITE
    os.symlink(site / "loop", site / "loop")
    (site / "hostile.pth").write_bytes(line + b"\n")
    assert _found(_scan(project, python)) == EXPECTED


@pytest.mark.parametrize("name", ["hostile.pth", f"{DIST_INFO}/METADATA", f"{DIST_INFO}/RECORD"])
def test_libraries_metadata_that_never_ends_does_not_hang_the_scan(
    project: Path, tmp_path: Path, name: str
) -> None:
    python = _env(tmp_path)
    fifo = python / SITE / name
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    report = _finishes(lambda: _scan(project, python), [fifo])
    assert ("BIO101", "time.sleep") in _found(report)


@pytest.mark.parametrize("name", ["dir.pth", f"{DIST_INFO}/METADATA", f"{DIST_INFO}/RECORD"])
def test_libraries_metadata_that_is_a_directory_is_skipped(
    project: Path, tmp_path: Path, name: str
) -> None:
    python = _env(tmp_path)
    path = python / SITE / name
    path.unlink(missing_ok=True)
    path.mkdir()
    assert _found(_scan(project, python)) == EXPECTED


def test_libraries_unlistable_package_directories_are_counted_not_fatal(
    project: Path, tmp_path: Path, deny: Callable[[Path], None]
) -> None:
    python = _env(tmp_path, {"extra/__init__.py": BLOCKING, "extra/sub/m.py": BLOCKING})
    deny(python / SITE / "extra/sub")
    report = _scan(project, python)
    assert _found(report) == sorted([*EXPECTED, ("BIO501", "extra.go")])
    assert report["libraries"]["unreadable"] == 1


@pytest.mark.parametrize("where", ["site", "pth-target", "package"])
def test_libraries_directories_that_cannot_be_entered_are_skipped(
    project: Path, tmp_path: Path, deny: Callable[[Path], None], where: str
) -> None:
    python = _env(tmp_path, {"extra/__init__.py": BLOCKING})
    site = python / SITE
    hidden = tmp_path / "hidden"
    (hidden / "inner").mkdir(parents=True)
    (site / "editable.pth").write_text(f"{hidden / 'inner'}\n", encoding="utf-8")
    deny({"site": site, "pth-target": hidden, "package": site / "extra"}[where])
    report = _scan(project, python)
    found = _found(report)
    assert ("BIO101", "time.sleep") in found
    if where == "pth-target":
        assert found == sorted([*EXPECTED, ("BIO501", "extra.go")])


def test_libraries_python_that_cannot_be_examined_is_a_usage_error(
    tmp_path: Path, deny: Callable[[Path], None]
) -> None:
    python = _env(tmp_path)
    deny(python)
    with pytest.raises(
        BadEnvironment,
        match=r"--python `.*bin/python` from the command line: cannot be examined \(Permission",
    ):
        find_environment(python / "bin/python", [], None)


def test_libraries_project_venv_that_cannot_be_entered_is_not_fatal(
    project: Path, tmp_path: Path, deny: Callable[[Path], None]
) -> None:
    (project / ".venv").mkdir()
    deny(project / ".venv")
    environment = find_environment(None, [project / "app"], project)
    assert environment.origin == "running interpreter"


# the cache ---------------------------------------------------------------------------------


def _cached(project: Path, python: Path, cache: Path) -> list[Path]:
    """Scan once to fill the cache; return its library files (the stored report removed)."""
    _scan(project, python, cache)
    for report in cache.glob("report-*"):
        report.unlink()
    return sorted((cache / "libraries").iterdir())


def test_libraries_cache_files_that_never_end_are_misses(project: Path, tmp_path: Path) -> None:
    python, cache = _env(tmp_path), tmp_path / "cache"
    _scan(project, python, cache)
    fifos = sorted(path for path in cache.rglob("*") if path.is_file())
    for path in fifos:
        path.unlink()
        os.mkfifo(path)
    report = _finishes(lambda: _scan(project, python, cache), fifos)
    assert _found(report) == EXPECTED


@pytest.mark.parametrize(
    ("summaries", "effects"),
    [
        ({"netlib": {"bogus": 1}}, {"netlib.get": ("too", "short")}),
        ({"netlib": "text"}, {"netlib.get": ("a", "b", "nosuch.call", (), True, 1, "d", "v")}),
        (
            {"netlib": {"bindings": {}, "stars": [], "functions": {}}},
            {"netlib.get": ("a", "b", "os.listdir", ((1, 2),), 1, 1, "", "")},
        ),
        (["not", "a", "dict"], ["not", "a", "dict"]),
        ({"netlib": {"bindings": 1, "stars": 2, "functions": 3, "classes": 4}}, {}),
    ],
    ids=["keys", "types", "chain", "lists", "values"],
)
def test_libraries_cache_of_another_shape_is_a_miss(
    project: Path, tmp_path: Path, summaries: object, effects: object
) -> None:
    """A sealed file of the right tool and Python but another layout (written by a development
    build, or by another kind of cache) is rebuilt, never trusted."""
    python, cache = _env(tmp_path), tmp_path / "cache"
    for path in _cached(project, python, cache):
        write_sealed(path, effects if path.name.startswith("effects-") else summaries)
    assert _found(_scan(project, python, cache)) == EXPECTED
    assert _found(_scan(project, python, cache)) == EXPECTED  # and after the rebuild


def test_libraries_source_replaced_after_caching_does_not_hang(
    project: Path, tmp_path: Path
) -> None:
    """The chain's confidence reads library files again: one that became a FIFO since its
    summary was cached (same distribution and version) must not stall the scan."""
    python, cache = _env(tmp_path), tmp_path / "cache"
    for path in _cached(project, python, cache):
        if path.name.startswith("effects-"):
            path.unlink()
    fifo = python / SITE / "netlib/__init__.py"
    fifo.unlink()
    os.mkfifo(fifo)
    report = _finishes(lambda: _scan(project, python, cache), [fifo])
    assert _found(report) == EXPECTED
    library = next(f["library"] for f in report["findings"] if f["code"] == "BIO501")
    assert library["when"] == "some-paths"  # unread, so not known to run every time


def test_libraries_editable_source_edited_in_place_is_read_again(
    project: Path, tmp_path: Path
) -> None:
    """Files no RECORD lists (an editable install's source) change without a new version: an
    edit must reach the next cached scan, through the stored effects and the stored report."""
    python, cache = _env(tmp_path), tmp_path / "cache"
    source = tmp_path / "src/extra/__init__.py"
    source.parent.mkdir(parents=True)
    source.write_text("def go():\n    return 1\n", encoding="utf-8")
    (python / SITE / "__editable__.extra.pth").write_text(f"{source.parent.parent}\n")
    os.utime(project / "app/service.py", ns=(10**18, 10**18))  # not racy: the report is stored
    assert _found(_scan(project, python, cache)) == EXPECTED
    assert _scan(project, python, cache)["scan"]["reused_report"]
    source.write_text(BLOCKING, encoding="utf-8")
    os.utime(source, ns=(1_000_000_000, 1_000_000_000))  # whatever the clock's resolution
    expected = sorted([*EXPECTED, ("BIO501", "extra.go")])
    assert _found(_scan(project, python, cache)) == expected
    assert _found(_scan(project, python, cache)) == expected
    stored = _scan(project, python, cache)
    assert stored["scan"]["reused_report"] and _found(stored) == expected


# a bad --python ----------------------------------------------------------------------------


def _interpreter(tmp_path: Path, script: str) -> Path:
    """Return an executable that stands for an interpreter and runs a shell script."""
    path = tmp_path / "python3"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.mark.parametrize(
    ("script", "problem"),
    [
        ("exec sleep 60", "did not answer within 1 s"),
        (
            "echo 'no module named site' >&2; exit 7",
            "exited with status 7 when asked for its site directories: no module named site",
        ),
        ('echo \'{"version": "3.11", "site": "/tmp"}\'', "printed no list of site"),
        ("echo 'Python 2.7'", "printed no list of site"),
        ("exec yes", "printed more than 1000000 bytes"),
    ],
    ids=["hangs", "fails", "site-not-a-list", "garbage", "endless-output"],
)
def test_libraries_interpreter_that_does_not_answer_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, problem: str
) -> None:
    monkeypatch.setattr(environment_module, "_PROBE_SECONDS", 1)
    python = _interpreter(tmp_path, script)
    with pytest.raises(BadEnvironment) as raised:
        find_environment(python, [], None)
    message = str(raised.value)
    assert message.startswith(f"Invalid --python `{python}` from the command line: ")
    assert problem in message
    assert "import json" not in message  # the probe's source is not the user's business


def test_libraries_interpreter_that_leaves_a_child_behind_answers(tmp_path: Path) -> None:
    """Its answer counts once it has exited, even if a process it started keeps the pipes."""
    site = tmp_path / "site"
    site.mkdir()
    answer = json.dumps({"version": "3.11", "site": [str(site)]})
    python = _interpreter(tmp_path, f"sleep 20 &\necho '{answer}'")
    environment = _finishes(lambda: find_environment(python, [], None), [], seconds=5)
    assert environment.site_dirs == [site]


def test_libraries_site_packages_that_is_not_a_directory_is_a_usage_error(
    tmp_path: Path,
) -> None:
    python = tmp_path / "env"
    (python / "lib/python3.11").mkdir(parents=True)
    (python / SITE).write_text("", encoding="utf-8")
    with pytest.raises(BadEnvironment, match=r"no lib/python3\.X/site-packages below it"):
        find_environment(python, [], None)


def test_libraries_bad_python_names_where_it_came_from(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    (project / "pyproject.toml").write_text("[tool.blocking-io]\npython = 'nowhere'\n")
    assert main(["app", "--no-cache"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"Invalid `python` `{project / 'nowhere'}` from `{project / 'pyproject.toml'}`" in err
    assert main(["app", "--no-cache", "--python", ""]) == EXIT_USAGE
    assert "Invalid --python '' from the command line; expected" in capsys.readouterr().err


def test_libraries_broken_project_venv_says_how_to_go_on(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A `.venv` nobody named (half created, or for another platform) is not `--python`."""
    monkeypatch.chdir(project)
    (project / ".venv").mkdir()
    (project / ".venv/pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    assert main(["app", "--no-cache"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"The project's virtual environment `{project / '.venv'}` has no" in err
    assert "--python" in err and "--no-libraries" in err
    assert main(["app", "--no-cache", "--no-libraries"]) == 0


def test_libraries_environment_path_that_is_not_utf8_is_written_as_an_escape(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path is bytes on POSIX; the report names the environment, so a name that is not
    UTF-8 must still make a valid report, with the byte escaped."""
    python = _env(tmp_path).rename(tmp_path / os.fsdecode(b"env-\xff"))
    output = tmp_path / "report.json"
    monkeypatch.chdir(project)
    assert main(["app", "--no-cache", "--python", str(python), "--output", str(output)]) == 0
    report = json.loads(output.read_text(encoding="utf-8"))
    assert report["libraries"]["python"] == str(python)
    assert _found(report) == EXPECTED


def test_libraries_interpreter_killed_for_hanging_takes_its_children_along(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrapper script that hangs in a child (not `exec`) must not leave it running."""
    monkeypatch.setattr(environment_module, "_PROBE_SECONDS", 1)
    pid_file = tmp_path / "child.pid"
    python = _interpreter(tmp_path, f"sleep 60 &\necho $! > {pid_file}\nwait")
    with pytest.raises(BadEnvironment, match="did not answer within 1 s"):
        _finishes(lambda: find_environment(python, [], None), [], seconds=5)
    child = Path(f"/proc/{pid_file.read_text(encoding='utf-8').strip()}/stat")
    for _ in range(50):  # killed: gone, or a zombie until its new parent reaps it
        if not child.exists() or child.read_text(encoding="utf-8").split()[2] == "Z":
            break
        threading.Event().wait(0.1)
    else:
        pytest.fail(f"the interpreter's child {child.parent.name} is still running")
