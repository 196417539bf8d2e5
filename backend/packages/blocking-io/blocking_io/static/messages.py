"""Message templates of the detector: its command line, baselines, the changed-lines mode, and
inputs the scan could not analyse.

Each ``errors`` entry of a report has a ``reason`` built from one of the ``*_REASON`` templates;
each skipped directory (``skipped``) has the reason from ``layout.SKIPPED_DIR_REASONS``. Finding
messages live in the rule table (``rules``) and suppression-comment messages in ``suppress``.
Tests import these constants instead of retyping the text.
"""

from __future__ import annotations

__all__ = [
    "BASELINE_INVALID",
    "BASELINE_MISSING",
    "BASELINE_WRITTEN",
    "CANNOT_WRITE",
    "COMPARED",
    "DECODE_REASON",
    "DEEP_REASON",
    "ENTRY_NOT_FOUND",
    "ENVIRONMENT_INVALID",
    "FIXED_ITEM",
    "GIT_FAILED",
    "GIT_MISSING",
    "INPUT_REASONS",
    "LOOP_REASON",
    "MERGE_BASE_NOT_A_COMMIT",
    "MERGE_BASE_NO_HISTORY",
    "NOT_A_REPOSITORY",
    "OUTPUT_INVALID",
    "PARSE_REASON",
    "PROJECT_VENV_INVALID",
    "READ_REASON",
    "SHRINK_BASELINE",
    "SPECIAL_REASON",
    "TOO_BIG_REASON",
    "UNKNOWN_CODING_REASON",
    "UNLISTABLE_REASON",
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
ENVIRONMENT_INVALID = (
    "Invalid {named}: {problem}; expected a Python interpreter or a virtual environment "
    "directory (one holding lib/python3.X/site-packages)"
)
PROJECT_VENV_INVALID = (
    "The project's virtual environment `{path}` has no lib/python3.X/site-packages below it; "
    "name the environment to read with --python, or pass --no-libraries"
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
READ_REASON = "cannot be read ({error})"
LOOP_REASON = "is a symbolic link loop; fix or remove the link"
SPECIAL_REASON = "is not a regular file ({kind}); only regular files are read"
TOO_BIG_REASON = (
    "is {size} bytes, above the {limit}-byte file size limit; raise --max-file-size to scan it"
)
UNLISTABLE_REASON = "is a directory that cannot be listed ({error}); its files were not scanned"
DECODE_REASON = "is not valid {encoding} ({error} at byte {start}); expected {encoding} source"
UNKNOWN_CODING_REASON = "declares a source encoding Python does not know ({error})"
PARSE_REASON = (
    "does not parse with Python {python}: {error}; if it uses syntax newer than Python {python}, "
    "scan it with a newer Python"
)
DEEP_REASON = "is nested too deeply to analyse; expected ordinary source nesting"
INPUT_REASONS = (
    READ_REASON,
    LOOP_REASON,
    SPECIAL_REASON,
    TOO_BIG_REASON,
    UNLISTABLE_REASON,
    DECODE_REASON,
    UNKNOWN_CODING_REASON,
    PARSE_REASON,
    DEEP_REASON,
)
OUTPUT_INVALID = "Invalid --output '{output}' from the command line; expected {expected}"
