"""Validate thread and run ids before they become path components of the JSONL layout."""

from __future__ import annotations

import re
import typing

from deerflow.namerules import NameRule, first_broken, shown

__all__ = ["ID_MAX_LENGTH", "ID_RULES", "INVALID_ID", "IdRule", "validate_id"]

ID_MAX_LENGTH = 128
INVALID_ID = (
    "Invalid `{kind}` {value}: {problem}; use 1 to {max_length} characters from [A-Za-z0-9._:-]"
    " without '..'."
)

_ALLOWED = re.compile(r"[A-Za-z0-9._:-]+")


# One way an id can be unsafe; rules are checked in order and the first match is reported.
IdRule = NameRule


ID_RULES = (
    IdRule("it is empty", lambda v: v == "", "an empty name would address the parent directory"),
    IdRule(
        f"it is longer than {ID_MAX_LENGTH} characters",
        lambda v: len(v) > ID_MAX_LENGTH,
        "keeps file names well below file-system name limits",
    ),
    IdRule(
        "it contains a NUL byte", lambda v: "\x00" in v, "the OS truncates or rejects paths at NUL"
    ),
    IdRule(
        "it contains a path separator",
        lambda v: "/" in v or "\\" in v,
        "a separator would nest or escape the store's directory layout",
    ),
    IdRule("it contains '..'", lambda v: ".." in v, "'..' walks out of the thread directory"),
    IdRule(
        "it names the current directory", lambda v: v == ".", "'.' aliases the parent directory"
    ),
    IdRule(
        "it contains characters outside [A-Za-z0-9._:-]",
        lambda v: _ALLOWED.fullmatch(v) is None,
        "a small portable alphabet avoids shell, URL and case-folding surprises",
    ),
)


def validate_id(value: object, kind: str) -> str:
    """Return `value` unchanged if it is a safe id, else raise `ValueError`.

    Args:
        value: the id to check; it becomes a directory or file name in the JSONL store.
        kind: what the id is (`thread_id`, `run_id`), used in the error message.

    Raises:
        ValueError: naming `kind` and the id when it is not a string, is empty, longer than
            128 characters, contains a path separator, `..`, a NUL byte, or other characters
            outside `[A-Za-z0-9._:-]`. Non-strings raise `ValueError` too, so callers mapping bad
            ids to a client error need to catch one type only.
    """
    if not isinstance(value, str):
        _reject(value, kind, f"it is a {type(value).__name__}, not a string")
    broken = first_broken(ID_RULES, value)
    if broken is not None:
        _reject(value, kind, broken.problem)
    return value


def _reject(value: object, kind: str, problem: str) -> typing.NoReturn:
    raise ValueError(
        INVALID_ID.format(kind=kind, value=shown(value), problem=problem, max_length=ID_MAX_LENGTH)
    )
