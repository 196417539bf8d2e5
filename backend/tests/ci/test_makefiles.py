"""The Makefiles: the root delegates every goal to backend/; `make help` describes each target."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.support.paths import BACKEND_DIR, REPO_ROOT

BACKEND_MAKEFILE = BACKEND_DIR / "Makefile"
_RULE = re.compile(r"^([a-z][a-z-]*):(.*)$", re.MULTILINE)


def backend_targets() -> dict[str, str]:
    """Return each target of backend/Makefile with the rest of its rule line."""
    return dict(_RULE.findall(BACKEND_MAKEFILE.read_text(encoding="utf-8")))


# Under `make test` the variables of the outer make (BLOCKING_IO_CALLER_DIR among them) reach
# this process through MAKEFLAGS; the make run here must start as a person's would.
_OUTER_MAKE = (
    "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "BLOCKING_IO_CALLER_DIR",
)  # fmt: skip


def _make(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    command = ["make", "--no-print-directory", *args]
    env = {name: value for name, value in os.environ.items() if name not in _OUTER_MAKE}
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False, timeout=60
    )


def test_every_backend_target_has_a_help_description() -> None:
    missing = [name for name, rest in backend_targets().items() if "## " not in rest]
    assert not missing, f"targets without a `## ` description: {missing}"


@pytest.mark.parametrize("cwd", [REPO_ROOT, BACKEND_DIR], ids=["root", "backend"])
def test_make_help_lists_every_target_with_its_description(cwd: Path) -> None:
    result = _make("help", cwd=cwd)
    assert result.returncode == 0, result.stderr
    listed = dict(line.strip().split(None, 1) for line in result.stdout.splitlines() if line)
    for name, rest in backend_targets().items():
        assert listed.get(name) == rest.split("## ", 1)[1].strip(), name


def test_make_without_a_goal_prints_help() -> None:
    assert _make().stdout == _make("help").stdout


@pytest.mark.parametrize("target", sorted(backend_targets()))
def test_root_makefile_delegates_each_target_to_backend(target: str) -> None:
    result = _make("-n", target)
    assert result.returncode == 0, result.stderr
    assert f"-C backend {target}" in result.stdout.splitlines()[0]


def test_root_makefile_delegates_a_goal_that_names_a_directory() -> None:
    # docs/ exists at the root; without the forced prerequisite `make docs` would be "up to date".
    assert (REPO_ROOT / "docs").is_dir()
    assert "-C backend docs" in _make("-n", "docs").stdout


@pytest.mark.parametrize("cwd", [REPO_ROOT, BACKEND_DIR], ids=["root", "backend"])
def test_detector_reads_relative_paths_in_args_from_where_make_ran(cwd: Path) -> None:
    # The target runs in backend/; `.deer-flow/...` typed at the root must not mean backend/'s.
    result = _make("-n", "detect-blocking-io", "ARGS=--baseline x.json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    [command] = [line for line in result.stdout.splitlines() if "detect_blocking_io_static" in line]
    assert f'--invoked-from "{cwd}" --baseline x.json' in command


def test_detector_caller_dir_is_not_taken_from_the_environment() -> None:
    env_make = ["make", "--no-print-directory", "-n", "detect-blocking-io"]
    env = {name: value for name, value in os.environ.items() if name not in _OUTER_MAKE}
    env["BLOCKING_IO_CALLER_DIR"] = "/elsewhere"
    result = subprocess.run(
        env_make, cwd=BACKEND_DIR, env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert f'--invoked-from "{BACKEND_DIR}"' in result.stdout
