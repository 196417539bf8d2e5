"""`save_upload`: the upload and its Markdown copy land together; a refused one stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from deerflow.uploads import (
    ConversionError,
    EmptyUploadError,
    InvalidFilenameError,
    UnsupportedUploadError,
    markdown_name,
    save_upload,
    thread_upload_dir,
)
from deerflow.uploads.messages import EMPTY_UPLOAD
from tests.support.pdf import make_pdf

THREAD = "thread-up"


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


async def test_save_upload_stores_the_file_and_its_markdown_copy(tmp_path: Path) -> None:
    data = make_pdf("Hello from page one")

    stored = await save_upload(tmp_path, THREAD, "hello.pdf", data)

    directory = tmp_path / "threads" / THREAD
    assert thread_upload_dir(tmp_path, THREAD) == directory
    assert (stored.path, stored.markdown_path) == (
        directory / "hello.pdf",
        directory / "hello.pdf.md",
    )
    assert _files(directory) == {
        "hello.pdf": data,
        "hello.pdf.md": b"# hello.pdf\n\n## Page 1\n\nHello from page one\n",
    }
    assert (stored.size, stored.replaced) == (len(data), False)
    assert stored.markdown_chars == len(stored.markdown_path.read_text(encoding="utf-8"))


async def test_save_upload_replaces_an_earlier_upload_of_the_same_name(tmp_path: Path) -> None:
    await save_upload(tmp_path, THREAD, "notes.txt", b"first")

    stored = await save_upload(tmp_path, THREAD, "notes.txt", b"second")

    assert stored.replaced is True
    assert _files(stored.path.parent) == {"notes.txt": b"second", "notes.txt.md": b"second"}


async def test_save_upload_conversion_failure_keeps_the_earlier_upload(tmp_path: Path) -> None:
    good = make_pdf("the good version")
    earlier = await save_upload(tmp_path, THREAD, "report.pdf", good)
    before = _files(earlier.path.parent)

    with pytest.raises(ConversionError, match=r"`report\.pdf`"):
        await save_upload(tmp_path, THREAD, "report.pdf", b"%PDF-1.4 damaged")

    assert _files(earlier.path.parent) == before  # nothing replaced, no staging file left


async def test_save_upload_conversion_failure_of_a_new_name_stores_nothing(tmp_path: Path) -> None:
    with pytest.raises(ConversionError):
        await save_upload(tmp_path, THREAD, "latin.txt", b"\xff")

    assert _files(thread_upload_dir(tmp_path, THREAD)) == {}


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("../escape.pdf", b"x", InvalidFilenameError),
        ("slides.pptx", b"x", UnsupportedUploadError),
        ("empty.pdf", b"", EmptyUploadError),
    ],
    ids=["bad name", "unsupported", "empty"],
)
async def test_save_upload_refuses_before_any_file_work(
    tmp_path: Path, name: str, data: bytes, error: type[Exception]
) -> None:
    with pytest.raises(error):
        await save_upload(tmp_path, THREAD, name, data)

    assert not (tmp_path / "threads").exists()


async def test_save_upload_empty_message_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(EmptyUploadError) as caught:
        await save_upload(tmp_path, THREAD, "empty.pdf", b"")

    assert str(caught.value) == EMPTY_UPLOAD.format(filename="empty.pdf")


async def test_save_upload_refuses_an_invalid_thread_id(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="`thread_id`"):
        await save_upload(tmp_path, "../other", "a.txt", b"x")


def test_markdown_name_appends_md_so_copies_never_collide() -> None:
    assert markdown_name("report.pdf") != markdown_name("report.txt")
    assert markdown_name("notes.md") == "notes.md.md"
