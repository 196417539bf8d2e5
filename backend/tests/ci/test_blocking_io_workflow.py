"""The blocking-IO CI workflow: triggers, scope, permissions, concurrency and its command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.paths import REPO_ROOT

REPO_DIR = REPO_ROOT
WORKFLOW = REPO_DIR / ".github" / "workflows" / "backend-blocking-io-tests.yml"
BACKEND_MAKEFILE = REPO_DIR / "backend" / "Makefile"
PATHS = ["backend/**", ".github/workflows/backend-blocking-io-tests.yml"]
LINT_WORKFLOWS = (
    "uv run --locked check-jsonschema --builtin-schema vendor.github-workflows"
    " ../.github/workflows/*.yml"
)


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    """Return the parsed workflow."""
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1).
    return workflow.get("on", workflow.get(True))


def _job(workflow: dict[Any, Any], name: str = "blocking-io") -> dict[str, Any]:
    return workflow["jobs"][name]


def test_workflow_runs_on_push_and_ready_pull_requests_touching_backend(
    workflow: dict[Any, Any],
) -> None:
    triggers = _triggers(workflow)
    assert set(triggers) == {"push", "pull_request"}
    assert triggers["push"]["paths"] == PATHS
    assert triggers["pull_request"]["paths"] == PATHS
    assert triggers["pull_request"]["types"] == [
        "opened",
        "synchronize",
        "reopened",
        "ready_for_review",
    ]


def test_workflow_skips_draft_pull_requests_but_not_pushes(workflow: dict[Any, Any]) -> None:
    condition = _job(workflow)["if"]
    assert "github.event.pull_request.draft == false" in condition
    # A bare draft check is null == false on push events, which would skip every push.
    assert "github.event_name != 'pull_request'" in condition


def test_workflow_reads_contents_only_and_cancels_superseded_runs(
    workflow: dict[Any, Any],
) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["cancel-in-progress"] is True
    assert "github.ref" in workflow["concurrency"]["group"]


def test_workflow_installs_locked_env_and_runs_make_target(workflow: dict[Any, Any]) -> None:
    job = _job(workflow)
    assert job["defaults"]["run"]["working-directory"] == "backend"
    steps = job["steps"]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    runs = [step["run"] for step in steps if "run" in step]
    assert uses == ["actions/checkout", "actions/setup-python"]
    setup_python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert setup_python["with"]["python-version"] == "3.11"
    assert runs == [
        "python -m pip install uv",
        "uv sync --locked",
        LINT_WORKFLOWS,
        "make test-blocking-io",
    ]


def test_workflow_teeth_job_runs_after_the_gate_and_reverts_offloads(
    workflow: dict[Any, Any],
) -> None:
    assert set(workflow["jobs"]) == {"blocking-io", "anchor-teeth"}
    job = _job(workflow, "anchor-teeth")
    # Depending on the gate job also inherits its draft skip.
    assert job["needs"] == "blocking-io"
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == ["python -m pip install uv", "uv sync --locked", "make check-teeth"]


def test_make_lint_validates_every_workflow_file_like_the_hosted_job() -> None:
    makefile = BACKEND_MAKEFILE.read_text(encoding="utf-8")
    target = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "ruff check" in target
    assert "ruff format --check" in target
    assert LINT_WORKFLOWS.removeprefix("uv run --locked ") in target


def test_make_target_runs_the_blocking_io_directory() -> None:
    makefile = BACKEND_MAKEFILE.read_text(encoding="utf-8")
    target = makefile.split("\ntest-blocking-io:", 1)[1].split("\n\n", 1)[0]
    assert "pytest tests/blocking_io" in target


def _check_schema(path: Path) -> subprocess.CompletedProcess[str]:
    """Validate `path` against the vendored GitHub workflow schema."""
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema"]
    command += ["vendor.github-workflows", str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


def test_workflow_passes_github_workflow_schema(tmp_path: Path) -> None:
    result = _check_schema(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8").replace("contents: read", "contents: reed")
    broken.write_text(text, encoding="utf-8")
    assert _check_schema(broken).returncode != 0
