"""The static detector in CI: pinned hosted workflow with SARIF upload, `.ci/run`, the baseline."""

from __future__ import annotations

import re
import subprocess
from typing import Any

import pytest
import yaml

from blocking_io.static.baseline import read_baseline
from tests.support.paths import REPO_ROOT

WORKFLOW = REPO_ROOT / ".github" / "workflows" / "blocking-io-static.yml"
BASELINE = REPO_ROOT / ".deer-flow" / "blocking-io-baseline.json"
GATE = (
    'make detect-blocking-io ARGS="--baseline .deer-flow/blocking-io-baseline.json '
    '--fail-on medium"'
)


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    """Return the parsed workflow."""
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return workflow["jobs"]["detect"]["steps"]


def test_static_workflow_pins_every_action_by_commit(workflow: dict[Any, Any]) -> None:
    uses = [step["uses"] for step in _steps(workflow) if "uses" in step]
    assert uses, "the workflow uses no action"
    for action in uses:
        if action.startswith("./"):
            continue  # the repository's own composite action, versioned with the workflow
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), action


def test_static_workflow_checkout_keeps_no_credentials(workflow: dict[Any, Any]) -> None:
    checkout = next(s for s in _steps(workflow) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False


def test_static_workflow_grants_security_events_to_the_detector_job_only(
    workflow: dict[Any, Any],
) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    jobs = workflow["jobs"]
    assert jobs["detect"]["permissions"] == {"contents": "read", "security-events": "write"}
    assert all("permissions" not in job for name, job in jobs.items() if name != "detect")


def test_static_workflow_caches_uv_fails_on_new_findings_and_uploads_sarif(
    workflow: dict[Any, Any],
) -> None:
    steps = _steps(workflow)
    # The shared setup action restores the uv cache keyed on uv.lock.
    assert any(s.get("uses") == "./.github/actions/setup-backend" for s in steps)
    # Library summaries are keyed on the distributions and on the detector that wrote them.
    libraries = next(
        s for s in steps if s.get("with", {}).get("path") == ".deer-flow/cache/libraries"
    )
    assert "'backend/uv.lock'" in libraries["with"]["key"]
    assert "'backend/packages/blocking-io/blocking_io/static/**'" in libraries["with"]["key"]
    assert libraries["with"]["restore-keys"] == "blocking-io-libraries-${{ runner.os }}-"
    action = (REPO_ROOT / ".github" / "actions" / "setup-backend" / "action.yml").read_text()
    assert "~/.cache/uv" in action and "hashFiles('backend/uv.lock')" in action
    runs = [step["run"] for step in steps if "run" in step]
    assert any("--baseline $BASELINE --fail-on medium" in run for run in runs)
    assert (
        workflow["jobs"]["detect"]["env"]["BASELINE"] == "../.deer-flow/blocking-io-baseline.json"
    )
    sarif_run = next(run for run in runs if "--format sarif" in run)
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert "--output ../blocking-io.sarif" in sarif_run
    assert upload["with"]["sarif_file"] == "blocking-io.sarif"
    assert upload["if"].startswith("always()")


def test_ci_run_gates_on_the_committed_baseline() -> None:
    script = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert GATE in script.splitlines()


def test_committed_baseline_is_tracked_and_valid() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(BASELINE)], cwd=REPO_ROOT, check=False
    )
    assert ignored.returncode == 1, "the baseline is ignored by git"
    assert isinstance(read_baseline(BASELINE), list)
