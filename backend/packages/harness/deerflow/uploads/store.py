"""Store uploaded documents, each with a Markdown copy the agent can read, per thread.

Layout: `<base_dir>/threads/<thread_id>/<filename>`, and `<filename>.md` next to it. An upload is
written under a hidden staging name first (`.<filename>.<token>.part`: a leading dot is never
valid in an upload name), converted from that file, and moved into place with `os.replace` only
when the conversion succeeded, its Markdown copy first. So a refused upload (bad name,
unsupported type, empty, unconvertible) stores nothing, and an earlier upload of the same name
stays as it was. A staging file left by a crash stays hidden and is never taken for an upload.
Two uploads of the same name at the same time each replace the files atomically, but the pair
is not: the original and the copy may then come from different uploads.

`save_upload` is the async entry point: it checks the name and type on the loop (string work
only) and offloads the file work and the conversion, each with a direct `await asyncio.to_thread`.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from deerflow.runtime.events.store import validate_id
from deerflow.uploads.converters import converter_for, to_markdown
from deerflow.uploads.errors import EmptyUploadError
from deerflow.uploads.messages import EMPTY_UPLOAD
from deerflow.uploads.names import MARKDOWN_SUFFIX, markdown_name, validate_filename

__all__ = [
    "StoredUpload",
    "publish_upload",
    "save_upload",
    "stage_upload",
    "thread_upload_dir",
]


@dataclass(frozen=True)
class StoredUpload:
    """An upload in place: the original, its Markdown copy, and whether it replaced another."""

    path: Path
    markdown_path: Path
    size: int
    markdown_chars: int
    replaced: bool


def thread_upload_dir(base_dir: Path, thread_id: str) -> Path:
    """Return the directory holding `thread_id`'s uploads (string work only; creates nothing).

    Raises:
        ValueError: `thread_id` is not a valid id (see `validate_id`).
    """
    return base_dir / "threads" / validate_id(thread_id, "thread_id")


def stage_upload(directory: Path, filename: str, data: bytes) -> Path:
    """Write `data` to a new hidden staging file in `directory` (created if missing); blocking."""
    directory.mkdir(parents=True, exist_ok=True)
    staged = directory / f".{filename}.{uuid.uuid4().hex}.part"
    with open(staged, "xb") as file:
        file.write(data)
    return staged


def publish_upload(staged: Path, filename: str) -> StoredUpload:
    """Convert the staged upload, then move it and its Markdown copy into place; blocking.

    The conversion reads the staged file before anything else is written. On any failure the
    staging files are removed and the error propagates; files already in place are untouched.
    """
    directory = staged.parent
    target = directory / filename
    markdown_target = directory / markdown_name(filename)
    markdown_staged = staged.with_name(staged.name + MARKDOWN_SUFFIX)
    try:
        markdown = to_markdown(staged, filename)
        markdown_staged.write_text(markdown, encoding="utf-8")
        replaced = target.exists()
        os.replace(markdown_staged, markdown_target)
        os.replace(staged, target)
    except BaseException:
        staged.unlink(missing_ok=True)
        markdown_staged.unlink(missing_ok=True)
        raise
    return StoredUpload(
        path=target,
        markdown_path=markdown_target,
        size=target.stat().st_size,
        markdown_chars=len(markdown),
        replaced=replaced,
    )


async def save_upload(base_dir: Path, thread_id: str, filename: str, data: bytes) -> StoredUpload:
    """Store `data` as `filename` among `thread_id`'s uploads, with its Markdown copy next to it.

    Raises:
        ValueError: `thread_id` is not a valid id.
        InvalidFilenameError, UnsupportedUploadError, EmptyUploadError: checked before any IO.
        ConversionError: the document could not be read; nothing was stored.
    """
    directory = thread_upload_dir(base_dir, thread_id)
    validate_filename(filename)
    converter_for(filename)
    if not data:
        raise EmptyUploadError(EMPTY_UPLOAD.format(filename=filename))
    staged = await asyncio.to_thread(stage_upload, directory, filename, data)
    return await asyncio.to_thread(publish_upload, staged, filename)
