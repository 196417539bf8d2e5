"""Message templates of the detector's command line, baselines and changed-lines mode.

Tests import these constants instead of retyping the text. Finding messages live in the rule
table (``rules``) and suppression-comment messages in ``suppress``.
"""

from __future__ import annotations

__all__ = [
    "BASELINE_INVALID",
    "BASELINE_MISSING",
    "BASELINE_WRITTEN",
    "CANNOT_WRITE",
    "COMPARED",
    "ENTRY_NOT_FOUND",
    "FIXED_ITEM",
    "GIT_FAILED",
    "GIT_MISSING",
    "MERGE_BASE_NOT_A_COMMIT",
    "MERGE_BASE_NO_HISTORY",
    "NOT_A_REPOSITORY",
    "SHRINK_BASELINE",
    "WARNING_LINE",
]

BASELINE_MISSING = "Baseline `{path}` does not exist; create it with --write-baseline {path}"
BASELINE_INVALID = (
    "Invalid baseline `{path}`: {problem}; expected a file written by --write-baseline "
    "(version {version})"
)
BASELINE_WRITTEN = "Baseline of {count} finding(s) written to {path}"
CANNOT_WRITE = "Cannot write the {what} to `{path}`: {problem}; choose a writable path"
COMPARED = "Compared with {against}: {new} new, {known} known, {fixed} fixed"
FIXED_ITEM = "  fixed: {path} {id} {message}"
SHRINK_BASELINE = "  shrink the baseline: --write-baseline {path}"
WARNING_LINE = "{prog}: warning: {path}:{line}: {message}"
ENTRY_NOT_FOUND = (
    "{prog}: warning: entry `{function}` from `{source}` names no function in the scanned code; "
    "check its module path and qualified name"
)

GIT_MISSING = "`git` is not on PATH; install git to use --changed-since"
GIT_FAILED = "`git {args}` failed in `{root}`: {problem}"
NOT_A_REPOSITORY = (
    "Cannot use --changed-since {rev}: the project root `{root}` is not in a git repository; "
    "run it in a clone"
)
_REMEDY = (
    "; fetch `{rev}` and enough history to reach it (`git fetch --unshallow`, or "
    "`fetch-depth: 0` in a workflow)"
)
MERGE_BASE_NOT_A_COMMIT = (
    "Cannot find the merge base of HEAD and `{rev}`: `{rev}` is not a commit in this clone of "
    "`{root}`" + _REMEDY
)
MERGE_BASE_NO_HISTORY = (
    "Cannot find the merge base of HEAD and `{rev}`: they share no history in this clone of "
    "`{root}`" + _REMEDY
)
