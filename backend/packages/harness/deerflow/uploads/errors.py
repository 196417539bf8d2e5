"""Upload errors: each is a client error, and its message names the file and the remedy."""

from __future__ import annotations

__all__ = [
    "ConversionError",
    "EmptyUploadError",
    "InvalidFilenameError",
    "UnsupportedUploadError",
    "UploadError",
]


class UploadError(ValueError):
    """An upload was refused; nothing was stored and no earlier upload was touched."""


class InvalidFilenameError(UploadError):
    """The file name is empty, too long, or could escape or hide in the thread's directory."""


class UnsupportedUploadError(UploadError):
    """No converter handles the file name's suffix."""


class EmptyUploadError(UploadError):
    """The upload has no bytes."""


class ConversionError(UploadError):
    """The converter could not read the document (damaged, encrypted or mis-encoded)."""
