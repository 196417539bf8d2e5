"""Uploaded documents: stored per thread with a Markdown copy the agent can read."""

from deerflow.uploads.converters import CONVERTERS, Converter, converter_for, supported_suffixes
from deerflow.uploads.errors import (
    ConversionError,
    EmptyUploadError,
    InvalidFilenameError,
    UnsupportedUploadError,
    UploadError,
)
from deerflow.uploads.names import FILENAME_MAX_LENGTH, markdown_name, validate_filename
from deerflow.uploads.store import (
    StoredUpload,
    save_upload,
    thread_upload_dir,
)

__all__ = [
    "CONVERTERS",
    "FILENAME_MAX_LENGTH",
    "ConversionError",
    "Converter",
    "EmptyUploadError",
    "InvalidFilenameError",
    "StoredUpload",
    "UnsupportedUploadError",
    "UploadError",
    "converter_for",
    "markdown_name",
    "save_upload",
    "supported_suffixes",
    "thread_upload_dir",
    "validate_filename",
]
