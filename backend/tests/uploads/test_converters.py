"""Converters: PDF pages and UTF-8 text become Markdown; damaged input is a `ConversionError`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfWriter

from deerflow.uploads import (
    CONVERTERS,
    ConversionError,
    UnsupportedUploadError,
    converter_for,
    supported_suffixes,
)
from deerflow.uploads.converters import to_markdown
from deerflow.uploads.messages import (
    CONVERSION_FAILED,
    PDF_ENCRYPTED,
    TEXT_NOT_UTF8,
    UNSUPPORTED_TYPE,
)
from tests.support.pdf import make_pdf


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "stored.part"
    path.write_bytes(data)
    return path


def _encrypted_pdf(user_password: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_to_markdown_gives_each_pdf_page_a_heading(tmp_path: Path) -> None:
    path = _write(tmp_path, make_pdf("Quarterly results (draft)", "Next steps"))

    markdown = to_markdown(path, "q3.pdf")

    assert markdown == (
        "# q3.pdf\n\n## Page 1\n\nQuarterly results (draft)\n\n## Page 2\n\nNext steps\n"
    )


def test_to_markdown_keeps_a_pdf_page_without_text_as_a_bare_heading(tmp_path: Path) -> None:
    path = _write(tmp_path, _encrypted_pdf(user_password=""))

    assert to_markdown(path, "scan.pdf") == "# scan.pdf\n\n## Page 1\n"


def test_to_markdown_refuses_a_pdf_that_needs_a_password(tmp_path: Path) -> None:
    path = _write(tmp_path, _encrypted_pdf(user_password="secret"))

    with pytest.raises(ConversionError) as caught:
        to_markdown(path, "locked.pdf")

    pdf = converter_for("locked.pdf")
    assert str(caught.value) == CONVERSION_FAILED.format(
        filename="locked.pdf", kind="PDF", problem=PDF_ENCRYPTED, remedy=pdf.remedy
    )


@pytest.mark.parametrize(
    "data", [b"", b"%PDF-1.4 not really", make_pdf("cut short")[:-60]], ids=["empty", "junk", "cut"]
)
def test_to_markdown_reports_a_damaged_pdf_naming_file_and_kind(
    tmp_path: Path, data: bytes
) -> None:
    path = _write(tmp_path, data)

    with pytest.raises(ConversionError) as caught:
        to_markdown(path, "broken.pdf")

    message = str(caught.value)
    assert message.startswith("Could not convert `broken.pdf` to Markdown as PDF (")
    assert message.endswith(f"nothing was stored: {converter_for('broken.pdf').remedy}.")


@pytest.mark.parametrize("name", ["notes.txt", "NOTES.MD"])
def test_to_markdown_keeps_utf8_text_as_it_is(tmp_path: Path, name: str) -> None:
    text = "# Notes\n\nCafé au lait, 3 × a day.\n"
    path = _write(tmp_path, text.encode("utf-8"))

    assert to_markdown(path, name) == text


def test_to_markdown_reports_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, b"ok \xff")

    with pytest.raises(ConversionError) as caught:
        to_markdown(path, "latin.txt")

    assert str(caught.value) == CONVERSION_FAILED.format(
        filename="latin.txt",
        kind="UTF-8 text",
        problem=TEXT_NOT_UTF8.format(position=3),
        remedy=converter_for("latin.txt").remedy,
    )


def test_to_markdown_lets_a_missing_stored_file_through_as_oserror(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        to_markdown(tmp_path / "gone.part", "gone.pdf")


@pytest.mark.parametrize(("name", "suffix"), [("slides.pptx", ".pptx"), ("README", "")])
def test_converter_for_refuses_an_unsupported_suffix_listing_the_supported_ones(
    name: str, suffix: str
) -> None:
    with pytest.raises(UnsupportedUploadError) as caught:
        converter_for(name)

    assert str(caught.value) == UNSUPPORTED_TYPE.format(
        filename=name, suffix=suffix, choices=".pdf, .txt, .md"
    )


def test_converter_table_suffixes_are_unique_lowercase_and_reasoned() -> None:
    assert supported_suffixes() == tuple(converter.suffix for converter in CONVERTERS)
    assert len(set(supported_suffixes())) == len(CONVERTERS)
    for converter in CONVERTERS:
        assert converter.suffix == converter.suffix.lower()
        assert converter.suffix.startswith(".")
        assert converter.reason and converter.remedy
