"""Prove the pre-commit hook works from another repository: `make check-pre-commit`.

Builds a scratch git repository holding one async file, runs
``pre-commit try-repo <this repository> blocking-io --all-files`` there, and expects the hook to
fail while ``time.sleep`` runs in an ``async def`` and to pass once it is awaited as
``asyncio.sleep``. pre-commit installs the hook into a fresh virtualenv with pip (this needs the
network) under a temporary ``PRE_COMMIT_HOME``, so the user's pre-commit cache is left alone.

Exit status: 0 when both runs behave as expected, 1 when one does not, 2 on a usage error.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from blocking_io.config import load_config
from blocking_io.usage import ArgumentParser, usage_error

__all__ = ["CASES", "PROG", "Case", "main"]

PROG = "check_pre_commit.py"
HOOK_ID = "blocking-io"
REPO_MISSING = "Repository `{path}` has no .pre-commit-hooks.yaml; pass --repo DIR"


@dataclass(frozen=True)
class Case:
    """One scratch file and whether the hook must pass on it."""

    name: str
    source: str
    passes: bool
    reason: str


CASES: tuple[Case, ...] = (
    Case(
        name="blocking",
        source="import time\n\n\nasync def tick():\n    time.sleep(1)\n",
        passes=False,
        reason="time.sleep in an async def blocks the loop; the hook must fail and name BIO101.",
    ),
    Case(
        name="clean",
        source="import asyncio\n\n\nasync def tick():\n    await asyncio.sleep(1)\n",
        passes=True,
        reason="The awaited asyncio.sleep never blocks; the hook must pass.",
    ),
)


def _git(cwd: Path, *args: str) -> None:
    command = ["git", "-c", "user.name=check", "-c", "user.email=check@localhost", *args]
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, timeout=60)


def _run_case(repo: Path, case: Case, home: Path, scratch: Path) -> tuple[bool, str]:
    """Write the case into a fresh scratch repository, run the hook, and judge the outcome."""
    project = scratch / case.name
    project.mkdir()
    _git(project, "init", "-q")
    (project / "app.py").write_text(case.source, encoding="utf-8")
    _git(project, "add", "app.py")
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(repo), HOOK_ID, "--all-files"]
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    result = subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, check=False, timeout=900
    )
    output = result.stdout + result.stderr
    passed = result.returncode == 0
    ok = passed == case.passes and (case.passes or "BIO101" in output)
    return ok, output


def main(argv: Sequence[str] | None = None) -> int:
    """Run every case and return the exit status."""
    parser = ArgumentParser(prog=PROG, description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--repo", type=Path, help="repository that holds the hook (default: this one)"
    )
    args = parser.parse_args(argv)
    repo = (args.repo or load_config(Path(__file__)).root).resolve()
    if not (repo / ".pre-commit-hooks.yaml").is_file():
        return usage_error(PROG, REPO_MISSING.format(path=repo))
    failures = 0
    with tempfile.TemporaryDirectory(prefix="check-pre-commit-") as temp:
        home, scratch = Path(temp) / "home", Path(temp) / "scratch"
        scratch.mkdir()
        for case in CASES:
            ok, output = _run_case(repo, case, home, scratch)
            expected = "pass" if case.passes else "fail"
            print(f"{'ok  ' if ok else 'FAIL'} {case.name}: hook must {expected}. {case.reason}")
            if not ok:
                failures += 1
                print(output, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
