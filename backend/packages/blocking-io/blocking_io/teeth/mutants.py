"""Build one mutant copy of the backend per offload site and run the anchors in it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..config import load_config
from .messages import IMPORT_ORIGIN_MISMATCH
from .sites import Site, revert_site

__all__ = [
    "ANCHOR_COMMAND",
    "COPY_IGNORED",
    "NOT_ANCHORS",
    "AnchorRun",
    "NotAnchor",
    "copy_backend",
    "failed_tests",
    "import_origins",
    "mutant_env",
    "run_anchors",
    "verify_import_origins",
    "write_mutant",
]

# Caches, virtual environments and generated reports: not needed by the anchors, and `.venv`
# is large; the copy runs with the real venv's interpreter instead.
COPY_IGNORED = (
    ".venv",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    ".hypothesis",
    ".deer-flow",
    "*.pyc",
)
ANCHOR_COMMAND = ("-m", "pytest", "tests/blocking_io", "-q", "-x", "-p", "no:cacheprovider")
_SUMMARY_HEADER = re.compile(r"^=+ short test summary info =+$", re.MULTILINE)
_SUMMARY_LINE = re.compile(r"^(?:FAILED|ERROR) (?P<node>.+?)(?: - .*)?$", re.MULTILINE)


@dataclass(frozen=True)
class NotAnchor:
    """A test file under tests/blocking_io that the teeth check does not run."""

    path: str
    reason: str


# Test files under tests/blocking_io that are not anchors, and why they are left out of the runs.
NOT_ANCHORS = (
    NotAnchor(
        "tests/blocking_io/test_gate_health.py",
        "Checks the gate itself with probe code, never a production offload; its inner pytest "
        "run pins PYTHONPATH to the backend directory, so in a copy it imports the real deerflow.",
    ),
)


@dataclass(frozen=True)
class AnchorRun:
    """The outcome of one anchor run: pytest's exit code, the failed test ids, and the output."""

    returncode: int
    failed: tuple[str, ...]
    output: str


def copy_backend(source: Path, destination: Path) -> Path:
    """Copy the backend tree at `source` to `destination`, skipping `COPY_IGNORED`."""
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns(*COPY_IGNORED))
    return destination


def write_mutant(copy: Path, site: Site) -> list[str]:
    """Revert `site` in the copy's file in place; return the codemod's warnings."""
    file = copy / site.path
    new_source, warnings = revert_site(file.read_text(encoding="utf-8"), site)
    if not warnings:
        file.write_text(new_source, encoding="utf-8")
    return warnings


def _package_dirs(copy: Path) -> dict[str, Path]:
    """Return the packages whose copies must shadow the venv's editable installs, and their dirs."""
    return load_config(copy).packages


def mutant_env(copy: Path) -> dict[str, str]:
    """Return the environment that makes the copy's `app` and `deerflow` win over the venv's."""
    env = dict(os.environ)
    paths = [str(directory) for directory in dict.fromkeys(_package_dirs(copy).values())]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def import_origins(copy: Path, python: str = sys.executable) -> dict[str, Path]:
    """Return the directory each scanned package is imported from when run in the copy."""
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n"
    script += "    print(importlib.import_module(name).__path__[0])\n"
    packages = list(_package_dirs(copy))
    result = subprocess.run(
        [python, "-c", script, *packages],
        cwd=copy,
        env=mutant_env(copy),
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(zip(packages, map(Path, result.stdout.splitlines()), strict=True))


def verify_import_origins(copy: Path, python: str = sys.executable) -> None:
    """Raise RuntimeError unless `app` and `deerflow` are imported from the copy."""
    for package, origin in import_origins(copy, python).items():
        if not origin.resolve().is_relative_to(copy.resolve()):
            raise RuntimeError(
                IMPORT_ORIGIN_MISMATCH.format(package=package, origin=origin, copy=copy)
            )


def run_anchors(copy: Path, python: str = sys.executable) -> AnchorRun:
    """Run the anchors in the copy with its packages first on the path."""
    ignored = [f"--ignore={entry.path}" for entry in NOT_ANCHORS]
    result = subprocess.run(
        [python, *ANCHOR_COMMAND, *ignored],
        cwd=copy,
        env=mutant_env(copy),
        capture_output=True,
        text=True,
        check=False,
    )
    output = result.stdout + result.stderr
    return AnchorRun(result.returncode, failed_tests(result.stdout), output)


def failed_tests(stdout: str) -> tuple[str, ...]:
    """Return the failed and errored test ids from the outer run's short test summary.

    Only the last summary counts: an anchor's inner pytest run prints its own summary inside
    the captured output of a failure, before the outer one.
    """
    headers = list(_SUMMARY_HEADER.finditer(stdout))
    if not headers:
        return ()
    summary = stdout[headers[-1].end() :]
    return tuple(dict.fromkeys(m["node"] for m in _SUMMARY_LINE.finditer(summary)))
