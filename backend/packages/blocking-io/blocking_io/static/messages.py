"""Message templates for inputs the scan could not analyse, and for the command line's failures.

Each ``errors`` entry of a report has a ``reason`` built from one of the ``*_REASON`` templates;
each skipped directory (``skipped``) has the reason from ``layout.SKIPPED_DIR_REASONS``. Tests
import these constants rather than retyping the text.
"""

from __future__ import annotations

__all__ = [
    "DECODE_REASON",
    "DEEP_REASON",
    "INPUT_REASONS",
    "LOOP_REASON",
    "OUTPUT_INVALID",
    "OUTPUT_WRITE_FAILED",
    "PARSE_REASON",
    "READ_REASON",
    "SHADOWED_REASON",
    "SPECIAL_REASON",
    "TOO_BIG_REASON",
    "UNKNOWN_CODING_REASON",
    "UNLISTABLE_REASON",
]

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

SHADOWED_REASON = (
    "defines `{function}`, whose qualified name `{key}` is also a definition in `{other}`; "
    "it is not analysed: rename the class or the module"
)

# Every reason an `errors` entry can give.
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
    SHADOWED_REASON,
)

OUTPUT_INVALID = "Invalid --output '{output}' from the command line; expected {expected}"
OUTPUT_WRITE_FAILED = "Cannot write the report to `{output}` ({error}); choose another --output"
