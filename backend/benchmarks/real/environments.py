"""Library environments: one virtual environment per pinned application, installed from a lock.

``--libraries`` follows the applications' calls into their dependencies, so those must be
installed somewhere the detector can read them. Each app with ``env = true`` in ``apps.toml``
has a committed lock, ``envs/<app>.txt``: the ``uv pip compile`` output for the app at its
pinned version (universal, for ``ENV_PYTHON_VERSION``), written by ``--lock``. Its environment,
``env-<app>`` in the cache, is created with ``uv venv`` and filled with
``uv pip install --no-deps -r envs/<app>.txt``: the lock is the whole dependency set, so nothing
is resolved at install time and a later release of a dependency changes nothing. A marker file
in the environment holds the lock's digest and the interpreter; the environment is reused while
both match and rebuilt otherwise. The scan reads its site-packages as source; nothing is imported.

Scans that follow libraries cache their summaries under ``scan-cache/<digest>``, where the
digest covers the detector's own source: a changed detector never reuses a stale summary.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import blocking_io

from .apps import App

__all__ = [
    "ENV_PYTHON_VERSION",
    "LOCKS_DIR",
    "EnvError",
    "ensure_env",
    "lock_path",
    "read_lock",
    "scan_cache_dir",
    "site_packages",
    "write_lock",
]

LOCKS_DIR = Path(__file__).with_name("envs")
# The Python the locks are resolved for (and the environments are meant to run).
ENV_PYTHON_VERSION = "3.11"
LOCK_COMMAND = "make eval-real ARGS='--libraries --lock'"
_MARKER = ".eval-real-env.json"


class EnvError(RuntimeError):
    """An environment could not be locked or installed, or its lock does not pin the app."""


def lock_path(app: App, locks_dir: Path = LOCKS_DIR) -> Path:
    """Return the committed lock of an application's environment."""
    return locks_dir / f"{app.name}.txt"


def _uv() -> list[str]:
    found = shutil.which("uv")
    if found is not None:
        return [found]
    return [sys.executable, "-m", "uv"]


def _run(cmd: list[str], what: str, stdin: str | None = None) -> None:
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise EnvError(
            f"Could not {what} (`{shlex.join(cmd)}` exit status {proc.returncode}): "
            f"{proc.stderr.strip()[-800:]}"
        )


def _normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def write_lock(app: App, locks_dir: Path = LOCKS_DIR) -> Path:
    """Resolve the app at its pinned version with its dependencies and write the lock."""
    target = lock_path(app, locks_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    cmd = [*_uv(), "pip", "compile", "-", "--universal", "--quiet"]
    cmd += ["--python-version", ENV_PYTHON_VERSION, "--custom-compile-command", LOCK_COMMAND]
    cmd += ["-o", str(target)]
    _run(cmd, f"lock the dependencies of {app.name}=={app.version}", f"{app.name}=={app.version}\n")
    read_lock(app, target)
    return target


def read_lock(app: App, path: Path) -> str:
    """Return a lock's text; raise EnvError unless it exists and pins the app's version."""
    if not path.is_file():
        raise EnvError(
            f"No lock `{path}` for {app.name}, which apps.toml marks env = true; "
            f"write it with `{LOCK_COMMAND}` and commit it."
        )
    text = path.read_text(encoding="utf-8")
    pins = {
        _normalise(line.partition("==")[0].strip()): line.partition("==")[2].split(";")[0].strip()
        for line in text.splitlines()
        if "==" in line and not line.startswith((" ", "#"))
    }
    if pins.get(_normalise(app.name)) != app.version:
        raise EnvError(
            f"Lock `{path}` pins {app.name} {pins.get(_normalise(app.name), 'nowhere')}, but "
            f"apps.toml pins {app.version}; rewrite it with `{LOCK_COMMAND}`."
        )
    return text


def site_packages(env: Path) -> Path:
    """Return the site-packages directory of a virtual environment made by ``ensure_env``."""
    found = sorted(env.glob("lib/python3*/site-packages"))
    if not found:
        raise EnvError(f"Environment `{env}` has no lib/python3.X/site-packages; delete it.")
    return found[0]


def ensure_env(app: App, cache: Path, python: str, locks_dir: Path = LOCKS_DIR) -> Path:
    """Return the app's environment, built from its lock unless an up-to-date one exists."""
    lock = lock_path(app, locks_dir)
    text = read_lock(app, lock)
    env = app.env_dir(cache)
    identity = {"lock": hashlib.sha256(text.encode()).hexdigest(), "python": python}
    marker = env / _MARKER
    try:
        if json.loads(marker.read_text(encoding="utf-8")) == identity:
            return env
    except (OSError, ValueError):
        pass
    if env.exists():
        shutil.rmtree(env)
    started = time.perf_counter()
    print(f"installing the dependencies of {app.name} {app.version} ...", file=sys.stderr)
    _run([*_uv(), "venv", "--quiet", "--python", python, str(env)], f"create `{env}`")
    install = [*_uv(), "pip", "install", "--quiet", "--no-deps"]
    _run([*install, "--python", str(env / "bin" / "python"), "-r", str(lock)], f"install `{lock}`")
    marker.write_text(json.dumps(identity), encoding="utf-8")
    seconds = time.perf_counter() - started
    print(f"  {env} ready in {seconds:.0f} s", file=sys.stderr)
    return env


def _detector_digest() -> str:
    digest = hashlib.blake2b(digest_size=8)
    package = Path(blocking_io.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def scan_cache_dir(cache: Path) -> Path:
    """Return the scan cache for library scans by this detector's source (others are removed)."""
    base = cache / "scan-cache"
    current = base / _detector_digest()
    if base.is_dir():
        for old in base.iterdir():
            if old != current and old.is_dir():
                shutil.rmtree(old)
    return current
