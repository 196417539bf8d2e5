"""The pinned bench environment: a virtual environment installed from ``requirements.txt`` with uv.

The environment lives under the data home (``.deer-flow/bench-libs/venv``, ignored by git). It is
reused when a marker inside it records the same requirements digest and Python version; otherwise
it is created again (``uv venv``) and filled with ``uv pip sync --require-hashes``, and the marker
is written last, so an interrupted install is never mistaken for a complete one. The detector
only reads the installed sources; nothing from the environment is imported.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = [
    "MARKER",
    "REQUIREMENTS_FILE",
    "BenchEnvironmentError",
    "Runner",
    "ensure_environment",
    "wanted_marker",
]

REQUIREMENTS_FILE = Path(__file__).with_name("requirements.txt")
# Written into the environment after a complete install.
MARKER = "bench-libraries.json"
# The environment is created from the interpreter running the bench (uv never downloads one), so
# its Python version is this one's.
_PYTHON = sys.version.split()[0]

Runner = Callable[[Sequence[str]], subprocess.CompletedProcess[str]]


class BenchEnvironmentError(RuntimeError):
    """The bench environment could not be created or installed."""


def _run(command: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), capture_output=True, text=True, check=False)


def wanted_marker(requirements: Path, python: str) -> dict[str, str]:
    """Return what the marker of an environment installed from these requirements holds."""
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()
    return {"requirements_sha256": digest, "python": python}


def _current_marker(venv: Path) -> dict[str, str] | None:
    try:
        loaded = json.loads((venv / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def ensure_environment(
    venv: Path,
    uv: Sequence[str],
    requirements: Path = REQUIREMENTS_FILE,
    *,
    run: Runner = _run,
) -> tuple[Path, bool]:
    """Return the bench environment and whether it was reused, installing it when needed.

    Args:
        venv: where the environment lives.
        uv: the command that runs uv (``["uv"]`` or ``["python3", "-m", "uv"]``).
        requirements: the pinned requirements, with hashes.
        run: runs a command and returns its completed process (tests pass a fake).

    Raises:
        BenchEnvironmentError: a uv command failed; the message names it and quotes its error.
    """
    wanted = wanted_marker(requirements, _PYTHON)
    if (venv / "bin" / "python").exists() and _current_marker(venv) == wanted:
        return venv, True
    if venv.exists():
        shutil.rmtree(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    steps = (
        [*uv, "venv", "--quiet", "--python", sys.executable, str(venv)],
        [
            *uv,
            "pip",
            "sync",
            "--quiet",
            "--require-hashes",
            "--python",
            str(venv / "bin" / "python"),
            str(requirements),
        ],
    )
    for command in steps:
        done = run(command)
        if done.returncode != 0:
            error = (done.stderr or done.stdout).strip().splitlines()[-5:]
            raise BenchEnvironmentError(
                f"`{' '.join(command)}` failed with status {done.returncode}: "
                f"{' / '.join(error) or 'no output'}; check the network and the pins in "
                f"{requirements.name}, or pass --python with an environment that has them."
            )
    (venv / MARKER).write_text(json.dumps(wanted, sort_keys=True) + "\n", encoding="utf-8")
    return venv, False
