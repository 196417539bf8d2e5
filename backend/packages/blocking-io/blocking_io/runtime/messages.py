"""Message templates of the runtime blocking-IO gate and its pytest wiring.

Tests import these constants and format them; they never retype the text.
"""

from __future__ import annotations

__all__ = [
    "BLOCKING_CALL",
    "CAUGHT_BLOCKING_CALLS",
    "GATE_NOT_NESTED",
    "MARKER_HELP",
    "MARKER_MISSING_REASON",
    "MARKER_UNEXPECTED_ARGS",
    "NO_SCANNED_FRAME",
    "UNKNOWN_EXEMPTION_TARGET",
]

# Raised from the patched primitive; `location` is `<path relative to the project>:<line>`.
BLOCKING_CALL = (
    "Blocking call to `{primitive}` on the event loop from {location}; offload it with "
    "`await asyncio.to_thread(...)`, or mark the test `@pytest.mark.allow_blocking_io(reason=...)`"
)

# Reported when the code under test caught the gate's error instead of letting it reach the test.
CAUGHT_BLOCKING_CALLS = (
    "The code under test caught {count} blocking-call error(s) raised by the gate, "
    "so they never reached the test; each is still a blocking call on the event loop:"
)

GATE_NOT_NESTED = (
    "Blocking-IO gate activations must end in reverse order of their start; "
    "end the innermost `detect_blocking_io_strict()` first."
)

UNKNOWN_EXEMPTION_TARGET = (
    "Exemption for unknown target `{target}` in `{table}`; expected one of: {choices}."
)

MARKER_HELP = (
    "allow_blocking_io(reason): run this test in tests/blocking_io/ without the blocking-IO gate; "
    "`reason=` is required and says why blocking IO on the event loop is acceptable here."
)

MARKER_MISSING_REASON = (
    "Marker `allow_blocking_io` on {nodeid} needs a non-empty string `reason=...`; got {got}."
)

MARKER_UNEXPECTED_ARGS = (
    "Marker `allow_blocking_io` on {nodeid} takes only `reason=...`; got unexpected {unexpected}."
)

# The location when no frame of a scanned package is on the stack (only the gate's own tests).
NO_SCANNED_FRAME = "<no frame inside a scanned package>"
