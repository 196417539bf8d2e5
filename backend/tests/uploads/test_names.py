"""Upload file names: every rule refuses its case with a message naming the value and the remedy."""

from __future__ import annotations

import pytest

from deerflow.uploads import FILENAME_MAX_LENGTH, InvalidFilenameError, validate_filename
from deerflow.uploads.messages import INVALID_FILENAME
from deerflow.uploads.names import FILENAME_RULES

# One name per rule, in the table's order; each breaks that rule and no earlier one.
BROKEN = {
    "it is empty": "",
    f"it is longer than {FILENAME_MAX_LENGTH} characters": "a" * (FILENAME_MAX_LENGTH + 1),
    "it contains a NUL byte": "a\x00.pdf",
    "it contains a path separator": "notes/report.pdf",
    "it contains '..'": "report..pdf",
    "it does not start with a letter or digit": ".hidden.pdf",
    "it contains characters outside [A-Za-z0-9._ -]": "report?.pdf",
    FILENAME_RULES[-1].problem: "report.pdf.md",
}


def test_validate_filename_table_has_one_case_per_rule() -> None:
    assert list(BROKEN) == [rule.problem for rule in FILENAME_RULES]


@pytest.mark.parametrize(("problem", "name"), BROKEN.items(), ids=list(BROKEN))
def test_validate_filename_refuses_each_rule_naming_value_and_problem(
    problem: str, name: str
) -> None:
    with pytest.raises(InvalidFilenameError) as caught:
        validate_filename(name)

    shown = repr(name) if len(repr(name)) <= 60 else repr(name)[:57] + "..."
    assert str(caught.value) == INVALID_FILENAME.format(
        value=shown, problem=problem, max_length=FILENAME_MAX_LENGTH
    )


@pytest.mark.parametrize(
    "name",
    ["..", "a\\b.pdf", "-rf.pdf", " space.pdf", "é.pdf", "rapport-é.pdf", "A.TXT.md", "b.md.md"],
)
def test_validate_filename_refuses_traversal_options_and_non_ascii(name: str) -> None:
    with pytest.raises(InvalidFilenameError, match="`filename`"):
        validate_filename(name)


@pytest.mark.parametrize(
    "name",
    [
        "report.pdf",
        "Q3 report v2.PDF",
        "notes_2026-01.txt",
        "notes.md",
        "report.pdf.txt",
        "a",
        "a" * FILENAME_MAX_LENGTH,
    ],
)
def test_validate_filename_accepts_portable_names_unchanged(name: str) -> None:
    assert validate_filename(name) == name


def test_validate_filename_copy_rule_names_every_supported_copy_ending() -> None:
    assert FILENAME_RULES[-1].problem == (
        "it is the name of another upload's Markdown copy (it ends in .pdf.md, .txt.md, .md.md)"
    )
