"""Upload file names: validate a client's name, and name the Markdown copy that goes next to it."""

from __future__ import annotations

import re
import typing

from deerflow.namerules import NameRule, first_broken, shown
from deerflow.uploads.converters import supported_suffixes
from deerflow.uploads.errors import InvalidFilenameError
from deerflow.uploads.messages import INVALID_FILENAME

__all__ = [
    "FILENAME_MAX_LENGTH",
    "FILENAME_RULES",
    "MARKDOWN_SUFFIX",
    "FilenameRule",
    "markdown_name",
    "validate_filename",
]

# Leaves room for the `.md` of the Markdown copy and the staging prefix and suffix, well below
# the usual 255-byte name limit.
FILENAME_MAX_LENGTH = 128

_ALLOWED = re.compile(r"[A-Za-z0-9._ -]+")
MARKDOWN_SUFFIX = ".md"


def markdown_name(filename: str) -> str:
    """Return the name of `filename`'s Markdown copy (`report.pdf` -> `report.pdf.md`)."""
    return filename + MARKDOWN_SUFFIX


# Names no upload may take: the Markdown copies of uploads of every supported type.
_COPY_ENDINGS = tuple(markdown_name(suffix) for suffix in supported_suffixes())


# One way a file name is unsafe; rules are checked in order, the first match is reported.
FilenameRule = NameRule


FILENAME_RULES = (
    FilenameRule("it is empty", lambda v: v == "", "an empty name addresses the directory"),
    FilenameRule(
        f"it is longer than {FILENAME_MAX_LENGTH} characters",
        lambda v: len(v) > FILENAME_MAX_LENGTH,
        "keeps the name and its Markdown copy below file-system name limits",
    ),
    FilenameRule(
        "it contains a NUL byte", lambda v: "\x00" in v, "the OS truncates or rejects paths at NUL"
    ),
    FilenameRule(
        "it contains a path separator",
        lambda v: "/" in v or "\\" in v,
        "a separator would nest the file or move it out of the thread's directory",
    ),
    FilenameRule("it contains '..'", lambda v: ".." in v, "'..' walks out of the directory"),
    FilenameRule(
        "it does not start with a letter or digit",
        lambda v: not v[0].isascii() or not v[0].isalnum(),
        "hidden names are the store's staging files; '-' reads as an option in shell tools",
    ),
    FilenameRule(
        "it contains characters outside [A-Za-z0-9._ -]",
        lambda v: _ALLOWED.fullmatch(v) is None,
        "a small portable alphabet avoids shell, URL and case-folding surprises",
    ),
    FilenameRule(
        f"it is the name of another upload's Markdown copy (it ends in {', '.join(_COPY_ENDINGS)})",
        lambda v: v.lower().endswith(_COPY_ENDINGS),
        "the upload would overwrite that copy, and converting that upload again would overwrite it",
    ),
)


def validate_filename(value: str) -> str:
    """Return `value` unchanged if it is a safe upload file name.

    Raises:
        InvalidFilenameError: naming the value and the first rule it breaks.
    """
    broken = first_broken(FILENAME_RULES, value)
    if broken is not None:
        _reject(value, broken.problem)
    return value


def _reject(value: str, problem: str) -> typing.NoReturn:
    raise InvalidFilenameError(
        INVALID_FILENAME.format(value=shown(value), problem=problem, max_length=FILENAME_MAX_LENGTH)
    )
