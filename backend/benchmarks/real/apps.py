"""Pinned applications: read the table, download each wheel, check its sha256 and unpack it.

Nothing is installed or imported: a wheel is a zip file, and only its Python sources are
extracted. Downloads and sources live in the cache directory (ignored by git) and are reused.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "APPS_FILE",
    "App",
    "AppsError",
    "FetchError",
    "fetch",
    "load_apps",
    "sha256_of",
    "verify_wheel",
]

APPS_FILE = Path(__file__).with_name("apps.toml")
_FIELDS = ("name", "version", "wheel", "sha256", "roots", "reason")
# Whether the app's dependencies are installed for `--libraries` (see `environments`), and why
# (or why not: too heavy, does not install).
_ENV_FIELDS = ("env", "env_note")
# Written into the source directory after a complete extraction, holding the wheel's sha256.
_DONE_MARKER = ".extracted"


class AppsError(ValueError):
    """The table of pinned applications is malformed, or a wheel does not match its pin."""


class FetchError(RuntimeError):
    """A wheel could not be downloaded."""


@dataclass(frozen=True)
class App:
    """One pinned application: a wheel by exact version and hash, and the directories to scan."""

    name: str
    version: str
    wheel: str
    sha256: str
    roots: tuple[str, ...]
    reason: str
    env: bool = False
    env_note: str = ""

    def wheel_path(self, cache: Path) -> Path:
        """Return where the downloaded wheel lives in the cache."""
        return cache / "wheels" / self.wheel

    def source_dir(self, cache: Path) -> Path:
        """Return the directory the wheel is unpacked into; findings are relative to it."""
        return cache / "src" / f"{self.name}-{self.version}"

    def root_paths(self, cache: Path) -> list[Path]:
        """Return the scanned directories inside the unpacked wheel."""
        return [self.source_dir(cache) / root for root in self.roots]

    def env_dir(self, cache: Path) -> Path:
        """Return the virtual environment holding the app and its dependencies (``env``)."""
        return cache / f"env-{self.name}"


def load_apps(path: Path = APPS_FILE) -> list[App]:
    """Read the pinned applications from a TOML table of ``[[app]]`` entries."""
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("app", [])
    except tomllib.TOMLDecodeError as exc:
        raise AppsError(f"{path} is not valid TOML ({exc}); fix the syntax.") from exc
    apps: list[App] = []
    for index, entry in enumerate(entries, start=1):
        where = f"{path}, app #{index} ({entry.get('name', 'unnamed')})"
        expected = (*_FIELDS, *_ENV_FIELDS)
        missing = [field for field in expected if entry.get(field) in (None, "", [])]
        unknown = sorted(set(entry) - set(expected))
        if missing or unknown:
            raise AppsError(
                f"{where} has missing fields {missing} and unknown fields {unknown}; "
                f"expected exactly: {', '.join(expected)}."
            )
        if not isinstance(entry["env"], bool):
            raise AppsError(f"{where}: env must be true or false, got {entry['env']!r}.")
        if len(entry["sha256"]) != 64:
            raise AppsError(f"{where}: sha256 must be 64 hex digits, got {entry['sha256']!r}.")
        apps.append(App(**{**entry, "roots": tuple(entry["roots"])}))
    names = [app.name for app in apps]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise AppsError(f"{path} pins {', '.join(duplicates)} more than once; keep one entry each.")
    return apps


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_wheel(app: App, wheel: Path) -> None:
    """Raise AppsError unless the wheel's sha256 is the pinned one."""
    actual = sha256_of(wheel)
    if actual != app.sha256:
        raise AppsError(
            f"Wheel `{wheel}` has sha256 {actual}, but apps.toml pins {app.name} {app.version} "
            f"to {app.sha256}; delete the file and rerun, or correct the pin."
        )


def _has_pip(python: str) -> bool:
    probe = [python, "-m", "pip", "--version"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


def _pip() -> list[str]:
    """Return a pip command: this environment's, a system Python's, or pip run by uv."""
    if importlib.util.find_spec("pip") is not None:
        return [sys.executable, "-m", "pip"]
    # The project environment (uv-managed) usually has no pip; look further along PATH.
    for directory in os.get_exec_path():
        python = Path(directory) / "python3"
        if python.is_file() and not python.is_relative_to(sys.prefix) and _has_pip(str(python)):
            return [str(python), "-m", "pip"]
    uv = shutil.which("uv")
    if uv is not None:
        return [uv, "tool", "run", "pip"]
    raise FetchError(
        "No pip found (not in this environment, on PATH, nor through uv); install pip."
    )


def _download(app: App, wheel: Path) -> None:
    wheel.parent.mkdir(parents=True, exist_ok=True)
    cmd = [*_pip(), "download", "--no-deps", "--only-binary", ":all:", "--quiet"]
    cmd += ["-d", str(wheel.parent), f"{app.name}=={app.version}"]
    print(f"downloading {app.name} {app.version} ...", file=sys.stderr)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not wheel.is_file():
        raise FetchError(
            f"Could not download {app.name}=={app.version} as `{wheel.name}` "
            f"(pip exit status {proc.returncode}): {proc.stderr.strip()[-800:]}"
        )


def _extract(app: App, wheel: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as archive:
        members = [name for name in archive.namelist() if name.endswith(".py")]
        archive.extractall(target, members)
    (target / _DONE_MARKER).write_text(app.sha256, encoding="utf-8")


def fetch(app: App, cache: Path) -> Path:
    """Make sure the app's verified sources are unpacked in the cache; return the source dir."""
    wheel, target = app.wheel_path(cache), app.source_dir(cache)
    marker = target / _DONE_MARKER
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == app.sha256:
        return target
    if not wheel.is_file():
        _download(app, wheel)
    verify_wheel(app, wheel)
    _extract(app, wheel, target)
    return target
