"""The pre-commit hook other repositories use: its manifest, its installable root and its command.

Installing the hook for real needs the network (pre-commit builds a virtualenv with pip), so that
end-to-end run is `make check-pre-commit`; these tests check the same contract offline.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.paths import BACKEND_DIR, REPO_ROOT

MANIFEST = REPO_ROOT / ".pre-commit-hooks.yaml"
PACKAGE_DIR = BACKEND_DIR / "packages" / "blocking-io"


@pytest.fixture(scope="module")
def hook() -> dict[str, Any]:
    """Return the one hook the manifest defines."""
    hooks = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["blocking-io"]
    return hooks[0]


def _toml(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_hook_scans_the_whole_project_not_the_staged_files(hook: dict[str, Any]) -> None:
    # Whole-program: a chain through unchanged files must be seen, so no file names are passed.
    assert hook["pass_filenames"] is False
    assert hook["types"] == ["python"]
    assert hook["language"] == "python"


def test_hook_entry_is_the_packages_console_script(hook: dict[str, Any]) -> None:
    scripts = _toml(PACKAGE_DIR / "pyproject.toml")["project"]["scripts"]
    assert hook["entry"] in scripts


def test_root_install_pulls_in_the_package_from_this_checkout() -> None:
    project = _toml(REPO_ROOT / "pyproject.toml")["project"]
    package = _toml(PACKAGE_DIR / "pyproject.toml")["project"]["name"]
    assert project["dependencies"] == [f"{package} @ {{root:uri}}/backend/packages/blocking-io"]
    assert "blocking-io" not in project.get("scripts", {}), "the script comes from the package"


def _hook_command(hook: dict[str, Any], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the hook's entry with its arguments, as pre-commit would in `cwd`."""
    command = [sys.executable, "-m", "blocking_io", *hook["args"]]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, timeout=120
    )


@pytest.mark.parametrize(
    ("source", "status"),
    [
        ("import time\n\n\nasync def tick():\n    time.sleep(1)\n", 1),
        ("import asyncio\n\n\nasync def tick():\n    await asyncio.sleep(1)\n", 0),
    ],
    ids=["blocking-fails", "clean-passes"],
)
def test_hook_command_fails_on_a_blocking_call_and_passes_clean_code(
    hook: dict[str, Any], tmp_path: Path, source: str, status: int
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "app.py").write_text(source, encoding="utf-8")
    result = _hook_command(hook, tmp_path)
    assert result.returncode == status, result.stdout + result.stderr
    assert ("app.py:5:5: BIO101" in result.stdout) == (status == 1)
