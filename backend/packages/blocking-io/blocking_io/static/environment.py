"""The target environment: where the third-party packages a project imports are installed.

Nothing in it is imported. The environment is, in order of preference:

- ``--python PATH``: a virtual environment directory, or an interpreter (run once, isolated,
  to print its version and site directories; the packages themselves are not imported);
- the project's own ``.venv``: the nearest one in a scan root or any directory above it up to
  the project root;
- the running interpreter's site directories.

Its search path is the site directories plus the directories that ``.pth`` files in them add
(editable installs). Distributions come from ``*.dist-info`` metadata: ``METADATA`` gives the
name and version, ``RECORD`` the files, so each source file is attributed to the distribution
that installed it.

Whatever is installed, looking never fails and never waits: metadata is read like source
(opened without blocking, regular files only, up to a size), and a path that cannot be examined
(no permission, a symlink loop, a name too long or holding a NUL byte) counts as absent.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import site
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .messages import ENVIRONMENT_INVALID, PROJECT_VENV_INVALID
from .source import read_source

__all__ = [
    "BadEnvironment",
    "Distribution",
    "Environment",
    "Located",
    "find_environment",
    "locate_module",
]

_PROBE = (
    "import json, site, sys\n"
    "paths = list(site.getsitepackages())\n"
    "print(json.dumps({'version': '%d.%d' % sys.version_info[:2], 'site': paths}))\n"
)
_PROBE_SECONDS = 30
# The probe prints a few hundred bytes; an interpreter printing more than this is not answering.
_PROBE_MAX_BYTES = 1_000_000
# How long to wait, once the probe exited, for the rest of its output.
_DRAIN_SECONDS = 1.0
_POSIX = os.name == "posix"
# `.pth`, METADATA and RECORD files larger than this are not read (the biggest real RECORDs
# list tens of thousands of files in a few megabytes).
_METADATA_MAX_BYTES = 64_000_000


class BadEnvironment(ValueError):
    """The environment named with ``--python`` is not an interpreter or a virtual environment."""


@dataclass(frozen=True)
class Distribution:
    """An installed distribution: its normalised name and version."""

    name: str
    version: str


@dataclass
class Environment:
    """Site directories to find third-party sources in, and who installed each file."""

    origin: str  # how it was chosen: "--python", ".venv" or "running interpreter"
    location: str  # the interpreter or environment, as the user would name it
    version: str  # the target interpreter's "major.minor"
    site_dirs: list[Path]
    paths: list[Path] = field(default_factory=list)  # site dirs, then `.pth` directories
    _owners: dict[str, Distribution] | None = None
    _versions: dict[str, str] | None = None

    def fingerprint(self) -> str:
        """Return a digest of what is installed, read from directory listings only."""
        digest = hashlib.blake2b(digest_size=16)
        digest.update(repr((self.location, self.version, [str(p) for p in self.paths])).encode())
        for directory in self.site_dirs:
            try:
                names = sorted(
                    name
                    for name in os.listdir(directory)
                    if name.endswith((".dist-info", ".egg-info", ".pth"))
                )
            except OSError:
                names = []
            digest.update(repr(names).encode())
        return digest.hexdigest()

    def owner(self, path: Path) -> Distribution | None:
        """Return the distribution that installed a file (None: no metadata lists it)."""
        if self._owners is None:
            self._owners = _read_records(self.site_dirs)
        return self._owners.get(os.path.normpath(path))

    def version_of(self, distribution: str) -> str:
        """Return the installed version of a distribution ("" when it is not installed)."""
        if self._versions is None:
            self._versions = {}
            for directory in self.site_dirs:
                try:
                    names = os.listdir(directory)
                except OSError:
                    continue
                for name in names:
                    if name.endswith(".dist-info"):
                        project, _, version = name[: -len(".dist-info")].partition("-")
                        self._versions.setdefault(_normalised(project), version)
        return self._versions.get(_normalised(distribution), "")

    def describe(self) -> dict[str, object]:
        """Return the environment as the report's ``libraries`` block shows it."""
        return {
            "origin": self.origin,
            "python": self.location,
            "version": self.version,
            "site": [str(path) for path in self.site_dirs],
        }


def find_environment(
    python: Path | None,
    roots: list[Path],
    project_root: Path | None,
    given_in: Path | None = None,
) -> Environment:
    """Return the environment whose packages a scan summarises (see the module docstring).

    Args:
        python: the interpreter or environment the user named (None: find one).
        given_in: the configuration file that named it (None: the command line).

    Raises:
        BadEnvironment: the named one, or the project's ``.venv``, cannot be read; the message
            says which, where it came from and what was expected.
    """
    if python is not None:
        if given_in is None:
            named = f"--python `{python}` from the command line"
        else:
            named = f"`python` `{python}` from `{given_in}`"
        return _named(python, named)
    venv = _nearest_venv(roots, project_root)
    if venv is not None:
        try:
            return _venv(venv, ".venv")
        except _NoSitePackages:
            raise BadEnvironment(PROJECT_VENV_INVALID.format(path=venv)) from None
    dirs = [Path(p) for p in site.getsitepackages() if _is_dir(Path(p))]
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return _environment("running interpreter", sys.executable, version, dirs)


class _NoSitePackages(Exception):
    """A directory taken for a virtual environment holds no site-packages directory."""


def _named(python: Path, named: str) -> Environment:
    def bad(problem: str) -> BadEnvironment:
        return BadEnvironment(ENVIRONMENT_INVALID.format(named=named, problem=problem))

    try:
        mode = python.stat().st_mode
    except (OSError, ValueError) as error:
        problem = getattr(error, "strerror", None) or str(error)
        raise bad(f"cannot be examined ({problem})") from None
    if stat.S_ISDIR(mode):
        try:
            return _venv(python, "--python")
        except _NoSitePackages:
            raise bad("no lib/python3.X/site-packages below it") from None
    if not (stat.S_ISREG(mode) and os.access(python, os.X_OK)):
        raise bad("neither an executable file nor a directory")
    try:
        version, dirs = _probe(python)
    except _ProbeFailed as failed:
        raise bad(str(failed)) from None
    return _environment("--python", str(python), version, dirs)


def _nearest_venv(roots: list[Path], project_root: Path | None) -> Path | None:
    top = project_root.resolve() if project_root is not None else None
    for root in roots:
        directory = root.resolve()
        if _is_file(directory):
            directory = directory.parent
        while True:
            candidate = directory / ".venv"
            if _is_file(candidate / "pyvenv.cfg"):
                return candidate
            if top is None or directory == top or directory.parent == directory:
                break
            if not directory.is_relative_to(top):
                break
            directory = directory.parent
    return None


def _venv(directory: Path, origin: str) -> Environment:
    found = sorted(directory.glob("lib/python3*/site-packages")) + sorted(
        directory.glob("Lib/site-packages")
    )
    found = [path for path in found if _is_dir(path)]
    if not found:
        raise _NoSitePackages(directory)
    name = found[0].parent.name
    version = name[len("python") :] if name.startswith("python") else ""
    return _environment(origin, str(directory), version, found)


class _ProbeFailed(Exception):
    """The interpreter did not tell its version and site directories; the text says why."""


def _probe(python: Path) -> tuple[str, list[Path]]:
    """Return an interpreter's "major.minor" and its site directories, by running it once."""
    status, stdout, stderr = _run_probe(python)
    output = stdout.decode("utf-8", errors="replace").strip()
    if status != 0:
        lines = stderr.decode("utf-8", errors="replace").strip().splitlines()
        said = f": {lines[-1][:200]}" if lines else ""
        raise _ProbeFailed(f"exited with status {status} when asked for its site directories{said}")
    try:
        answer = json.loads(output)
        paths, version = answer["site"], answer["version"]
    except (ValueError, KeyError, TypeError):
        paths = version = None
    if not (isinstance(paths, list) and all(isinstance(p, str) for p in paths)):
        raise _ProbeFailed(f"printed no list of site directories ({output[:80]!r})")
    return str(version), [Path(p) for p in paths if _is_dir(Path(p))]


def _run_probe(python: Path) -> tuple[int, bytes, bytes]:
    """Run the probe; return its exit status, standard output and standard error.

    Bounded whatever runs: it gets no input, is killed after ``_PROBE_SECONDS`` or once it has
    printed more than ``_PROBE_MAX_BYTES``, and its answer counts once it has exited, even if a
    process it started still holds its output open.
    """
    try:
        process = subprocess.Popen(
            [str(python), "-I", "-c", _PROBE],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=_POSIX,  # its own process group, so its children can be killed
        )
    except OSError as error:
        raise _ProbeFailed(f"cannot be run ({error.strerror or error})") from None
    outputs = (bytearray(), bytearray())
    overflow = threading.Event()
    readers = [
        threading.Thread(target=_drain, args=(stream, output, overflow), daemon=True)
        for stream, output in zip((process.stdout, process.stderr), outputs, strict=True)
    ]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + _PROBE_SECONDS
    try:
        while process.poll() is None and not overflow.is_set():
            if time.monotonic() > deadline:
                raise _ProbeFailed(
                    f"did not answer within {_PROBE_SECONDS} s when asked for its site directories"
                )
            try:
                process.wait(0.05)
            except subprocess.TimeoutExpired:
                pass
        drained = min(time.monotonic() + _DRAIN_SECONDS, deadline)
        for reader in readers:  # what it printed before it exited
            reader.join(max(0.0, drained - time.monotonic()))
    finally:
        if process.poll() is None:
            _kill(process)
    if overflow.is_set():
        raise _ProbeFailed(
            f"printed more than {_PROBE_MAX_BYTES} bytes when asked for its site directories"
        )
    return process.returncode, bytes(outputs[0]), bytes(outputs[1])


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the probe and whatever it started (a wrapper script's interpreter, say)."""
    if _POSIX:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:  # gone meanwhile
            pass
    process.kill()
    process.wait()


def _drain(stream: Any, into: bytearray, overflow: threading.Event) -> None:
    """Read a pipe into ``into`` until it ends or holds more than ``_PROBE_MAX_BYTES``."""
    with stream:  # closed here, by its only reader
        while chunk := stream.read1(65536):
            into += chunk
            if len(into) > _PROBE_MAX_BYTES:
                overflow.set()
                return


def _environment(origin: str, location: str, version: str, dirs: list[Path]) -> Environment:
    paths = list(dirs)
    for directory in dirs:
        for extra in _pth_directories(directory):
            if extra not in paths:
                paths.append(extra)
    return Environment(origin, location, version, dirs, paths)


def _pth_directories(directory: Path) -> list[Path]:
    """Return the directories the ``.pth`` files of a site directory add (code lines skipped)."""
    found = []
    try:
        names = sorted(n for n in os.listdir(directory) if n.endswith(".pth"))
    except OSError:
        return []
    for name in names:
        for line in _text(directory / name).splitlines():
            line = line.strip()
            if not line or line.startswith(("#", "import ", "import\t")):
                continue
            try:
                path = (directory / line).resolve()
            except (OSError, ValueError, RuntimeError):  # RuntimeError: a symlink loop
                continue
            if _is_dir(path):
                found.append(path)
    return found


def _is_dir(path: Path) -> bool:
    """Tell whether ``path`` is a directory; one that cannot be examined is not."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _is_file(path: Path) -> bool:
    """Tell whether ``path`` is a regular file; one that cannot be examined is not."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _text(path: Path) -> str:
    """Return a metadata file's text ("" when it is missing, special or too big)."""
    data = read_source(path, _METADATA_MAX_BYTES)
    return data.decode("utf-8", errors="replace") if isinstance(data, bytes) else ""


def _metadata(info: Path) -> Distribution | None:
    name = version = ""
    for line in _text(info / "METADATA").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        if key == "Name":
            name = value.strip()
        elif key == "Version":
            version = value.strip()
    if not name:
        return None
    return Distribution(_normalised(name), version)


def _normalised(name: str) -> str:
    """Return a distribution name in its normal form (PEP 503: lower case, runs of -_. as -)."""
    return "-".join(part for part in re.split(r"[-_.]+", name.lower()) if part)


def _read_records(dirs: list[Path]) -> dict[str, Distribution]:
    owners: dict[str, Distribution] = {}
    for directory in dirs:
        try:
            infos = sorted(directory.glob("*.dist-info"))
        except OSError:
            continue
        for info in infos:
            dist = _metadata(info)
            if dist is None:
                continue
            for line in _text(info / "RECORD").splitlines():
                relative = line.rsplit(",", 2)[0] if line.count(",") >= 2 else line
                if relative.endswith(".py"):
                    owners.setdefault(os.path.normpath(directory / relative), dist)
    return owners


@dataclass(frozen=True)
class Located:
    """The source files of a top-level module, as (path, module name) pairs."""

    files: list[tuple[Path, str]]
    compiled: bool  # only a compiled form (an extension module without source) was found
    unlistable: int  # directories of its packages that could not be listed


def locate_module(top: str, paths: list[Path]) -> Located:
    """Return the source files of a top-level module.

    A package's files are all its ``.py`` files; a namespace package spread over several
    directories contributes each directory's files.
    """
    files: list[tuple[Path, str]] = []
    compiled = False
    unlistable: list[OSError] = []
    for directory in paths:
        package = directory / top
        if _is_dir(package):
            files.extend(_package_files(package, top, unlistable.append))
            continue
        single = directory / f"{top}.py"
        if _is_file(single):
            files.append((single, top))
            break
        try:
            if any(
                name.startswith(f"{top}.") and name.endswith((".so", ".pyd"))
                for name in os.listdir(directory)
            ):
                compiled = True
        except OSError:
            continue
    return Located(files, compiled and not files, len(unlistable))


def _package_files(
    package: Path, top: str, onerror: Callable[[OSError], object]
) -> list[tuple[Path, str]]:
    found = []
    for current, subdirs, names in os.walk(package, onerror=onerror):
        subdirs[:] = sorted(d for d in subdirs if d.isidentifier())
        base = Path(current)
        parts = base.relative_to(package).parts
        prefix = ".".join((top, *parts))
        for name in sorted(names):
            if not name.endswith(".py"):
                continue
            stem = name[:-3]
            if stem == "__init__":
                found.append((base / name, prefix))
            elif stem.isidentifier():
                found.append((base / name, f"{prefix}.{stem}"))
    return found
