"""Violations of the runtime blocking-IO gate: the record, the errors, and how they are located.

`BlockingCallError` is what a blocking call raises while the gate is active; the gate records a
`Violation` for each one, and `BlockingCallsCaughtError` reports those the code under test caught.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

from blockbuster import BlockingError

from blocking_io.runtime.messages import CAUGHT_BLOCKING_CALLS, NO_SCANNED_FRAME

__all__ = [
    "BlockingCallError",
    "BlockingCallsCaughtError",
    "Violation",
    "first_scanned_frame",
    "reraising_handle_error",
    "surfaced",
]


@dataclass(frozen=True)
class Violation:
    """One blocking call the gate raised on: the primitive, where it came from, and the message.

    `layer` says what saw it: `patch` (a patched function) or `audit` (the audit hook).
    """

    primitive: str
    location: str
    message: str
    layer: str = "patch"


class BlockingCallError(BlockingError):
    """A blocking call on the event loop from a frame of a scanned package."""

    def __init__(self, violation: Violation) -> None:
        Exception.__init__(self, violation.message)
        self.violation = violation


class BlockingCallsCaughtError(BlockingError):
    """Blocking calls the gate raised on but the code under test caught before they surfaced."""

    def __init__(self, violations: list[Violation]) -> None:
        lines = [CAUGHT_BLOCKING_CALLS.format(count=len(violations))]
        lines += [f"  - {violation.message}" for violation in violations]
        Exception.__init__(self, "\n".join(lines))
        self.violations = violations


def first_scanned_frame(frame: FrameType | None, prefixes: tuple[str, ...], base: str) -> str:
    """Return `<path relative to base>:<line>` of the innermost frame inside `prefixes`.

    `base` is a directory path ending with a separator; frames outside it keep their full path.
    """
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(prefixes):
            if filename.startswith(base):
                filename = filename[len(base) :]
            return f"{filename.replace(os.sep, '/')}:{frame.f_lineno}"
        frame = frame.f_back
    return NO_SCANNED_FRAME


def surfaced(violation: Violation, exc: BaseException | None) -> bool:
    """Tell whether `violation` is the error (or a cause or context of the error) propagating."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, BlockingCallError) and exc.violation is violation:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def reraising_handle_error(
    original: Callable[[logging.Handler, logging.LogRecord], None],
) -> Callable[[logging.Handler, logging.LogRecord], None]:
    """Wrap `logging.Handler.handleError` so a `BlockingError` from `emit` is not swallowed."""

    def handle_error(self: logging.Handler, record: logging.LogRecord) -> None:
        if isinstance(sys.exc_info()[1], BlockingError):
            raise  # called from emit's `except` block: re-raise the error it is handling
        original(self, record)

    return handle_error
