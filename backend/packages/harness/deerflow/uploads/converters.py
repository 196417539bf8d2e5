"""Converters from uploaded documents to Markdown, one per file-name suffix, kept as a table.

`CONVERTERS` lists the supported types; `converter_for` picks one by suffix and `to_markdown` runs
it. A converter reads the stored file itself (pypdf opens and reads the PDF), so every function
here that takes a path is blocking: run it through `asyncio.to_thread`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PyPdfError

from deerflow.uploads.errors import ConversionError, UnsupportedUploadError
from deerflow.uploads.messages import (
    CONVERSION_FAILED,
    PDF_ENCRYPTED,
    TEXT_NOT_UTF8,
    UNSUPPORTED_TYPE,
)

__all__ = [
    "CONVERTERS",
    "Converter",
    "converter_for",
    "pdf_to_markdown",
    "supported_suffixes",
    "text_to_markdown",
    "to_markdown",
]


class _Unreadable(Exception):
    """A converter's own, already worded, reason a document cannot be read."""


def pdf_to_markdown(path: Path, filename: str) -> str:
    """Return the text of each page of the PDF at `path` under a `## Page N` heading.

    Blocking: `PdfReader` opens and reads the whole file. A document encrypted with an empty
    user password (restrictions only) is read; one that needs a password is refused.
    """
    reader = PdfReader(path)
    try:
        texts = [page.extract_text().strip() for page in reader.pages]
    except FileNotDecryptedError:
        raise _Unreadable(PDF_ENCRYPTED) from None
    parts = [f"# {filename}"]
    for number, text in enumerate(texts, start=1):
        parts.append(f"## Page {number}\n\n{text}" if text else f"## Page {number}")
    return "\n\n".join(parts) + "\n"


def text_to_markdown(path: Path, filename: str) -> str:
    """Return the UTF-8 text at `path` unchanged: plain text and Markdown read as Markdown.

    Blocking: reads the whole file.
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Unreadable(TEXT_NOT_UTF8.format(position=exc.start)) from None


@dataclass(frozen=True)
class Converter:
    """How uploads whose name ends in `suffix` become Markdown, and what to do when one fails.

    `errors` are the exceptions `convert` raises on a document it cannot read: the upload's fault,
    reported as a `ConversionError`. Anything else propagates (an `OSError` is the server's fault).
    """

    suffix: str
    kind: str
    convert: Callable[[Path, str], str]
    errors: tuple[type[Exception], ...]
    remedy: str
    reason: str


# pypdf raises its own errors on most damaged files, but on some (truncated objects, broken
# cross-references, bad numbers) a KeyError, ValueError and the like escape from its parser.
_PDF_ERRORS: tuple[type[Exception], ...] = (
    _Unreadable,
    PyPdfError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    ZeroDivisionError,
    RecursionError,
)
_SAVE_AS_UTF8 = "save the file as UTF-8 and upload it again"

CONVERTERS = (
    Converter(
        suffix=".pdf",
        kind="PDF",
        convert=pdf_to_markdown,
        errors=_PDF_ERRORS,
        remedy="upload an undamaged PDF without a password",
        reason="Reports and papers arrive as PDF; pypdf extracts their text layer, page by page.",
    ),
    Converter(
        suffix=".txt",
        kind="UTF-8 text",
        convert=text_to_markdown,
        errors=(_Unreadable,),
        remedy=_SAVE_AS_UTF8,
        reason="Plain text is already readable Markdown.",
    ),
    Converter(
        suffix=".md",
        kind="UTF-8 Markdown",
        convert=text_to_markdown,
        errors=(_Unreadable,),
        remedy=_SAVE_AS_UTF8,
        reason="Markdown is kept as it is.",
    ),
)


def supported_suffixes() -> tuple[str, ...]:
    """Return the suffixes of the supported types, in table order."""
    return tuple(converter.suffix for converter in CONVERTERS)


def converter_for(filename: str) -> Converter:
    """Return the converter for `filename`'s suffix (case-insensitive).

    Raises:
        UnsupportedUploadError: no converter handles the suffix; the message lists those that do.
    """
    suffix = PurePath(filename).suffix.lower()
    for converter in CONVERTERS:
        if converter.suffix == suffix:
            return converter
    choices = ", ".join(supported_suffixes())
    raise UnsupportedUploadError(
        UNSUPPORTED_TYPE.format(filename=filename, suffix=suffix, choices=choices)
    )


def to_markdown(path: Path, filename: str) -> str:
    """Convert the upload stored at `path`, named `filename` by the client, to Markdown.

    Blocking: the converter reads the file.

    Raises:
        UnsupportedUploadError: no converter handles `filename`'s suffix.
        ConversionError: the converter could not read the document.
        OSError: the stored file could not be read (a fault of the server, not of the upload).
    """
    converter = converter_for(filename)
    try:
        return converter.convert(path, filename)
    except converter.errors as exc:
        problem = str(exc) if isinstance(exc, _Unreadable) else f"{type(exc).__name__}: {exc}"
        message = CONVERSION_FAILED.format(
            filename=filename, kind=converter.kind, problem=problem, remedy=converter.remedy
        )
        raise ConversionError(message) from exc
