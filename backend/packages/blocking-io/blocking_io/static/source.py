"""One source file: read it safely, decode it per its declared coding, and summarise it.

Reading opens without blocking and checks the opened file is regular and within the size limit,
so a FIFO or a device that replaced a file after discovery cannot hang the scan. Decoding
follows PEP 263 (``tokenize.detect_encoding``: a BOM or a ``# -*- coding: ... -*-`` line, else
UTF-8). Every failure becomes an ``errors`` entry whose reason comes from ``messages``.
"""

from __future__ import annotations

import io
import os
import platform
import tokenize
import warnings
from pathlib import Path

from .discovery import file_kind, input_error
from .messages import (
    DECODE_REASON,
    DEEP_REASON,
    PARSE_REASON,
    READ_REASON,
    SPECIAL_REASON,
    TOO_BIG_REASON,
    UNKNOWN_CODING_REASON,
)
from .summary import summarise

__all__ = [
    "LIBRARY_MAX_FILE_BYTES",
    "MARKER",
    "PYTHON_VERSION",
    "decode_source",
    "read_source",
    "report_text",
    "summarise_source",
]

PYTHON_VERSION = platform.python_version()
# What every suppression comment holds (``suppress``): a file without it has none.
MARKER = b"blocking-io:"
# Library files up to this size are read whatever the scan's own limit (generated API clients
# hold files of several megabytes: the Kubernetes client's `core_v1_api.py` is 4.5 MB).
LIBRARY_MAX_FILE_BYTES = 32_000_000
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def read_source(path: Path, limit: int | None) -> bytes | dict:
    """Return a file's bytes, or an ``errors`` entry if it cannot or must not be read.

    ``limit`` is the largest size read (None: no limit, for a file already read once within it).
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        return input_error(path, READ_REASON.format(error=error.strerror or error))
    try:
        info = os.fstat(descriptor)
        kind = file_kind(info.st_mode)
        if kind is not None:  # checked before wrapping: `open` refuses a directory's descriptor
            return input_error(path, SPECIAL_REASON.format(kind=kind))
        with open(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit + 1) if limit is not None else handle.read()
    except OSError as error:
        return input_error(path, READ_REASON.format(error=error.strerror or error))
    finally:
        os.close(descriptor)
    if limit is not None and len(data) > limit:
        return input_error(
            path, TOO_BIG_REASON.format(size=max(info.st_size, len(data)), limit=limit)
        )
    return data


def decode_source(path: Path, data: bytes) -> str | dict:
    """Return the text of a file per its PEP 263 coding, or an ``errors`` entry."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        # Also raised for first lines that are not UTF-8 and declare nothing: then say where.
        encoding, unknown = "utf-8", error
    else:
        unknown = None
    try:
        text = data.decode("utf-8-sig" if encoding == "utf-8-sig" else encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        reason = DECODE_REASON.format(
            encoding=_spelling(encoding), error=error.reason, start=error.start
        )
        return input_error(path, reason, line)
    except LookupError as error:  # a codec registered under the name but unusable
        return input_error(path, UNKNOWN_CODING_REASON.format(error=error))
    if unknown is not None:
        return input_error(path, UNKNOWN_CODING_REASON.format(error=unknown.msg), unknown.lineno)
    return text


def report_text(path: Path, data: bytes) -> bytes:
    """Return a file's bytes as UTF-8, for reports and suppressions (columns, snippets, comments).

    Only a file declaring another coding is decoded; a PEP 263 line can only be in the first two
    lines, so the others are returned as read.
    """
    if b"coding" not in data[:400]:
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        text = decode_source(path, data)
        if isinstance(text, str):
            return text.encode("utf-8")
    return data


def _spelling(encoding: str) -> str:
    return "UTF-8" if encoding in ("utf-8", "utf-8-sig") else encoding


def _marshal_safe(summary: dict) -> dict:
    """Return a summary holding plain data only, as the cache and the worker processes need.

    Workaround: the summariser stores a method's positional parameters as ``ast.arg`` nodes
    rather than names (functions get names). Names are what readers of ``positional`` compare,
    and nodes cannot be marshalled, so every file with a method would miss the cache.
    """
    for record in summary["functions"].values():
        positional = record.get("positional")
        if positional and not isinstance(positional[0], str):
            record["positional"] = [getattr(arg, "arg", arg) for arg in positional]
    return summary


def summarise_source(path: Path, text: str) -> tuple[dict | None, dict | None]:
    """Return (summary, None), or (None, an ``errors`` entry) if the file cannot be analysed."""
    # Parsing reports invalid escape sequences as warnings; they say nothing about blocking IO,
    # and under `-W error` they would turn a valid file into a parse error.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return _marshal_safe(summarise(text)), None
        except SyntaxError as error:
            reason = PARSE_REASON.format(python=PYTHON_VERSION, error=error.msg)
            return None, input_error(path, reason, error.lineno)
        except (RecursionError, MemoryError):
            return None, input_error(path, DEEP_REASON)
        except ValueError as error:  # null bytes, before Python 3.12
            reason = PARSE_REASON.format(python=PYTHON_VERSION, error=error)
            return None, input_error(path, reason)
