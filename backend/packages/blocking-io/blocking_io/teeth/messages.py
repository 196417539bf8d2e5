"""Message templates of the offload-revert codemod and the teeth check; tests import them."""

from __future__ import annotations

__all__ = [
    "BASELINE_FAILED",
    "IMPORT_ORIGIN_MISMATCH",
    "INVALID_JOBS",
    "INVALID_SITE",
    "LEFT_UNCHANGED",
    "NOT_FOUND_BY_CODEMOD",
    "NO_GATE_ERROR",
    "NO_SITE_AT",
    "PARSE_FAILED",
    "PROGRESS",
    "REASON_KEYWORD_CALLABLE",
    "REASON_NOT_AWAITED",
    "REASON_NO_CALLABLE",
    "REASON_OFFLOADER_KEYWORD",
    "REASON_STARRED",
    "STATIC_BLIND_SPOT",
    "STATIC_FILE_ERROR",
    "STATIC_SCAN_FAILED",
]

# Codemod warnings: LEFT_UNCHANGED wraps one of the REASON_* phrases.
LEFT_UNCHANGED = (
    "Offload `{offloader}` at line {line} is left unchanged because {reason}; revert it by hand"
)
REASON_NOT_AWAITED = "it is not awaited directly"
REASON_STARRED = "starred argument `{argument}` may hold the callable (position {index})"
REASON_KEYWORD_CALLABLE = "the callable is passed by keyword `{keyword}`"
REASON_NO_CALLABLE = "it has no positional argument at the callable's position {index}"
REASON_OFFLOADER_KEYWORD = "keyword `{keyword}` belongs to the offloader, not to the callable"
NO_SITE_AT = "No offload call at line {line}{column} of `{path}`; list the sites with `--list`"
PARSE_FAILED = "Cannot parse `{path}`: {error}; fix the syntax error first"

# Teeth check errors.
INVALID_SITE = (
    "Invalid --site '{value}' from the command line; expected PATH:LINE of a listed site, "
    "one of: {choices}"
)
INVALID_JOBS = (
    "Invalid --jobs '{value}' from the command line; expected a whole number of 1 or more"
)
BASELINE_FAILED = (
    "Anchors fail on the unmodified copy (pytest exit code {returncode}): {failed}; "
    "fix them before checking their teeth"
)
NO_GATE_ERROR = (
    "Anchor `{anchor}` failed without a blocking-call error from the gate; "
    "make it fail for the reverted offload, not for another reason"
)
IMPORT_ORIGIN_MISMATCH = (
    "Package `{package}` is imported from `{origin}` instead of the mutant copy `{copy}`; "
    "check PYTHONPATH"
)

# Static cross-check: a blind spot is listed for review, it does not fail the check.
STATIC_BLIND_SPOT = (
    "Static detector finds no new blocking call through `{callable}` at {location} ({status}); "
    "review whether the callable does blocking IO the detector cannot see"
)
STATIC_FILE_ERROR = "Static detector cannot analyse `{path}`: {reason}"
STATIC_SCAN_FAILED = "Static detector failed on the mutant: {error}"

# Progress, one line per finished site on stderr.
PROGRESS = "[{done}/{total}] {name}:{line} {status} ({seconds:.1f} s)"

# A site the thread-boundary inventory lists where the codemod finds no revertible offload.
NOT_FOUND_BY_CODEMOD = (
    "listed as an offload in the thread-boundary inventory, but the codemod finds no revertible "
    "offload call here; check the offloader table or the call's shape"
)
