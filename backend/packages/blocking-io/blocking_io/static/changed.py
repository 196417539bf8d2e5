"""Changed-lines mode: what a pull request adds, measured against the merge base with a revision.

`added_lines` reads ``git diff -U0 <merge-base>`` (the working tree against the merge base, so
uncommitted edits count) plus untracked files, as line numbers per path relative to the project
root. `base_checkout` checks the merge base out in a temporary ``git worktree`` so the same scan
can run on it; findings whose id the base scan does not have are new even on unchanged lines
(a new caller put an old helper on the loop).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .messages import (
    GIT_FAILED,
    GIT_MISSING,
    MERGE_BASE_NO_HISTORY,
    MERGE_BASE_NOT_A_COMMIT,
    NOT_A_REPOSITORY,
)

__all__ = ["ChangedError", "added_lines", "base_checkout", "merge_base"]

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


class ChangedError(RuntimeError):
    """Git cannot give the merge base or the diff (no repository, unknown or missing revision)."""


def _git(root: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ChangedError(GIT_MISSING) from None
    if done.returncode != 0:
        problem = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no output"
        raise ChangedError(GIT_FAILED.format(args=" ".join(args), root=root, problem=problem))
    return done.stdout


def _toplevel(root: Path) -> Path:
    return Path(_git(root, "rev-parse", "--show-toplevel").strip())


def merge_base(root: Path, rev: str) -> str:
    """Return the merge base of HEAD and `rev`.

    Raises:
        ChangedError: `rev` is unknown here or shares no history with HEAD (a shallow clone
            without it, say); the message names `rev` and the fix.
    """
    try:
        _toplevel(root)
    except ChangedError:
        raise ChangedError(NOT_A_REPOSITORY.format(rev=rev, root=root)) from None
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except ChangedError:
        raise ChangedError(MERGE_BASE_NOT_A_COMMIT.format(rev=rev, root=root)) from None
    try:
        return _git(root, "merge-base", "HEAD", rev).strip()
    except ChangedError:
        raise ChangedError(MERGE_BASE_NO_HISTORY.format(rev=rev, root=root)) from None


def added_lines(root: Path, base: str) -> dict[str, set[int]]:
    """Return the lines added since `base` (working tree included), by project-relative path."""
    top = _toplevel(root)
    prefix = Path(os.path.relpath(top, root)).as_posix()

    def shown(path: str) -> str:
        return os.path.normpath(f"{prefix}/{path}").replace(os.sep, "/")

    added: dict[str, set[int]] = {}
    current: set[int] | None = None
    diff = _git(
        top,
        "diff",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "--no-renames",
        "--src-prefix=a/",
        "--dst-prefix=b/",
        base,
        "--",
    )
    for line in diff.splitlines():
        if line.startswith("+++ "):
            target = line[4:]
            current = added.setdefault(shown(target[2:]), set()) if target != "/dev/null" else None
        elif current is not None and (hunk := _HUNK.match(line)):
            start, count = int(hunk.group(1)), int(hunk.group(2) or 1)
            current.update(range(start, start + count))
    for path in _git(top, "ls-files", "--others", "--exclude-standard").splitlines():
        file = top / path
        if path.endswith(".py") and file.is_file():
            count = len(file.read_bytes().splitlines())
            added[shown(path)] = set(range(1, count + 1))
    return added


@contextmanager
def base_checkout(root: Path, base: str) -> Iterator[Path]:
    """Yield the project root as it was at `base`, checked out in a temporary worktree."""
    top = _toplevel(root)
    holder = Path(tempfile.mkdtemp(prefix="blocking-io-base-"))
    tree = holder / "tree"
    _git(top, "worktree", "add", "--detach", "--quiet", str(tree), base)
    try:
        yield tree / os.path.relpath(root, top)
    finally:
        try:
            _git(top, "worktree", "remove", "--force", str(tree))
        finally:
            shutil.rmtree(holder, ignore_errors=True)
