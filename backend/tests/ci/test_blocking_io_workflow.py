"""The hosted workflows, their shared setup action and the Makefiles they call."""

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
WORKFLOWS = sorted((REPO_DIR / ".github" / "workflows").glob("*.yml"))
SETUP_ACTION = REPO_DIR / ".github" / "actions" / "setup-backend" / "action.yml"
SETUP_STEP = "./.github/actions/setup-backend"
BACKEND_MAKEFILE = REPO_DIR / "backend" / "Makefile"
PATHS = [
    "backend/**",
    ".github/workflows/backend-blocking-io-tests.yml",
    ".github/actions/setup-backend/**",
]
LINT_WORKFLOWS = (
    "uv run --locked check-jsonschema --builtin-schema vendor.github-workflows"
    " ../.github/workflows/*.yml"
)
LINT_ACTIONS = (
    "uv run --locked check-jsonschema --builtin-schema vendor.github-actions"
    " ../.github/actions/*/action.yml"
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
    assert uses == ["actions/checkout", SETUP_STEP]
    assert runs == ["make lint", "make test-blocking-io"]


def test_workflow_teeth_job_runs_after_the_gate_and_reverts_offloads(
    workflow: dict[Any, Any],
) -> None:
    assert set(workflow["jobs"]) == {"blocking-io", "teeth-check"}
    job = _job(workflow, "teeth-check")
    # Depending on the gate job also inherits its draft skip.
    assert job["needs"] == "blocking-io"
    uses = [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert uses == ["actions/checkout", SETUP_STEP]
    assert runs == ["make check-teeth"]


def test_make_lint_validates_every_workflow_file_like_the_hosted_job() -> None:
    makefile = BACKEND_MAKEFILE.read_text(encoding="utf-8")
    target = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    prerequisites = target.split("\n", 1)[0].split("##", 1)[0].split()
    assert "typecheck" in prerequisites
    assert "ruff check" in target
    assert "ruff format --check" in target
    assert LINT_WORKFLOWS.removeprefix("uv run --locked ") in target
    assert LINT_ACTIONS.removeprefix("uv run --locked ") in target


def test_make_target_runs_the_blocking_io_directory() -> None:
    makefile = BACKEND_MAKEFILE.read_text(encoding="utf-8")
    target = makefile.split("\ntest-blocking-io:", 1)[1].split("\n\n", 1)[0]
    assert "pytest tests/blocking_io" in target


def _check_schema(
    path: Path, schema: str = "vendor.github-workflows"
) -> subprocess.CompletedProcess[str]:
    """Validate `path` against a vendored GitHub schema."""
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


def test_workflow_passes_github_workflow_schema(tmp_path: Path) -> None:
    result = _check_schema(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "broken.yml"
    text = WORKFLOW.read_text(encoding="utf-8").replace("contents: read", "contents: reed")
    broken.write_text(text, encoding="utf-8")
    assert _check_schema(broken).returncode != 0


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_sets_up_the_backend_through_the_shared_action(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    for name, job in workflow["jobs"].items():
        uses = [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]
        runs = " ".join(step["run"] for step in job["steps"] if "run" in step)
        assert SETUP_STEP in uses, f"{path.name}: job {name} does not use {SETUP_STEP}"
        assert "actions/setup-python" not in uses, f"{path.name}: job {name} sets up Python again"
        assert "pip install uv" not in runs and "uv sync" not in runs, f"{path.name}: job {name}"


def test_setup_action_installs_python_uv_cache_and_the_locked_env() -> None:
    action = yaml.safe_load(SETUP_ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert action["inputs"]["python-version"]["default"] == "3.11"
    steps = action["runs"]["steps"]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses == ["actions/setup-python", "actions/cache"]
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert "hashFiles('backend/uv.lock')" in cache["with"]["key"]
    install = steps[-1]
    assert (install["run"], install["working-directory"]) == ("make install", "backend")
    assert install["env"]["UV_PYTHON_DOWNLOADS"] == "never"


def test_setup_action_passes_github_action_schema(tmp_path: Path) -> None:
    result = _check_schema(SETUP_ACTION, "vendor.github-actions")
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "action.yml"
    text = SETUP_ACTION.read_text(encoding="utf-8").replace("using: composite", "usin: composite")
    broken.write_text(text, encoding="utf-8")
    assert _check_schema(broken, "vendor.github-actions").returncode != 0
