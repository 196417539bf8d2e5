"""Message templates of upload errors; the gateway and the tests import these, never retype them."""

from __future__ import annotations

__all__ = [
    "CONVERSION_FAILED",
    "EMPTY_UPLOAD",
    "INVALID_FILENAME",
    "PDF_ENCRYPTED",
    "TEXT_NOT_UTF8",
    "UNSUPPORTED_TYPE",
]

INVALID_FILENAME = (
    "Invalid `filename` {value}: {problem}; use 1 to {max_length} characters from"
    " [A-Za-z0-9._ -], starting with a letter or digit, without '..', and not the name of a"
    " Markdown copy."
)
UNSUPPORTED_TYPE = (
    "Unsupported upload type of `{filename}` (suffix {suffix!r}); send a file ending in one of:"
    " {choices}."
)
EMPTY_UPLOAD = "The upload `{filename}` is empty; send the file's bytes as the request body."
CONVERSION_FAILED = (
    "Could not convert `{filename}` to Markdown as {kind} ({problem}); nothing was stored:"
    " {remedy}."
)
PDF_ENCRYPTED = "the document is encrypted with a password"
TEXT_NOT_UTF8 = "not valid UTF-8 at byte {position}"
