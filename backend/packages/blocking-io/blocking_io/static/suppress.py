"""Suppression comments: ``# blocking-io: ignore[BIO201] reason`` per line, ``ignore-file``.

A line comment on the reported line drops that finding. A line comment on a call line in a chain
(the call an async function makes into sync code, say) cuts that call out of the search, so
nothing reached only through it is reported; other paths to the same blocking call still are. A
bare ``# blocking-io: ignore`` applies to every code; the reason after the codes is optional.

A file comment ``# blocking-io: ignore-file[BIO201] reason`` (anywhere in the file, on a line of
its own) drops every finding of those codes reported in the file; it does not cut chains that
pass through the file. It needs codes and a reason.

Codes must be known rule codes written as in the rule table (``BIO201``). A comment with an
unknown code (``BIO999``), a malformed one (``bio201``) or a file comment without a reason is a
`SuppressionWarning` and suppresses nothing. Files without the marker are never decoded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .project import Project
from .rules import RULES_BY_CODE
from .source import MARKER

__all__ = [
    "MARKER",
    "MSG_FILE_NEEDS_CODES",
    "MSG_FILE_NEEDS_REASON",
    "MSG_MALFORMED_CODE",
    "MSG_UNKNOWN_CODE",
    "Comment",
    "SuppressionWarning",
    "Suppressions",
]

_COMMENT = re.compile(r"#\s*blocking-io:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?(.*)$")
_CODE = re.compile(r"BIO\d{3}")
_ALL: frozenset[str] = frozenset({"*"})

MSG_UNKNOWN_CODE = (
    "Unknown code `{code}` in suppression comment; expected a rule code such as {known}"
)
MSG_MALFORMED_CODE = (
    "Malformed code `{code}` in suppression comment; expected `BIO` and three digits "
    "in upper case, such as `{suggestion}`"
)
MSG_FILE_NEEDS_CODES = (
    "File suppression without codes; write `# blocking-io: ignore-file[CODE] reason`"
)
MSG_FILE_NEEDS_REASON = (
    "File suppression `ignore-file[{codes}]` without a reason; say why after the codes"
)


@dataclass(frozen=True)
class SuppressionWarning:
    """A suppression comment that suppresses nothing because it is malformed."""

    module: str
    line: int
    message: str


@dataclass(frozen=True)
class Comment:
    """One valid suppression comment: where it is, its codes (``*`` for all) and its scope."""

    module: str
    line: int
    column: int
    codes: frozenset[str]
    whole_file: bool
    text: str


def _check_codes(raw: str) -> tuple[frozenset[str], list[str]]:
    codes: set[str] = set()
    problems: list[str] = []
    known = ", ".join(f"`{code}`" for code in list(RULES_BY_CODE)[:2])
    for code in (part.strip() for part in raw.split(",")):
        if not code:
            continue
        if not _CODE.fullmatch(code):
            suggestion = code.upper() if _CODE.fullmatch(code.upper()) else "BIO201"
            problems.append(MSG_MALFORMED_CODE.format(code=code, suggestion=suggestion))
        elif code not in RULES_BY_CODE:
            problems.append(MSG_UNKNOWN_CODE.format(code=code, known=known))
        else:
            codes.add(code)
    return frozenset(codes), problems


def _parse(module: str, number: int, line: str) -> tuple[Comment | None, list[SuppressionWarning]]:
    match = _COMMENT.search(line)
    if match is None:
        return None, []
    kind, raw_codes, rest = match.groups()
    whole_file = kind == "ignore-file"
    column = match.start() + 1
    text = match.group(0).lstrip("#").strip()
    if raw_codes is None:
        if whole_file:
            return None, [SuppressionWarning(module, number, MSG_FILE_NEEDS_CODES)]
        return Comment(module, number, column, _ALL, False, text), []
    codes, problems = _check_codes(raw_codes)
    warnings = [SuppressionWarning(module, number, problem) for problem in problems]
    if problems or not codes:
        if not problems:
            warnings.append(SuppressionWarning(module, number, MSG_FILE_NEEDS_CODES))
        return None, warnings
    if whole_file and not rest.strip():
        message = MSG_FILE_NEEDS_REASON.format(codes=", ".join(sorted(codes)))
        return None, [SuppressionWarning(module, number, message)]
    return Comment(module, number, column, codes, whole_file, text), []


class Suppressions:
    """The suppression comments of every module of a project, and the malformed ones."""

    def __init__(self, project: Project) -> None:
        self._lines: dict[str, dict[int, frozenset[str]]] = {}
        self._files: dict[str, frozenset[str]] = {}
        self.comments: list[Comment] = []
        self.warnings: list[SuppressionWarning] = []
        for module, source in project.modules.items():
            if not source.marked:
                continue
            text = source.source.decode("utf-8-sig", errors="replace")
            for number, line in enumerate(text.splitlines(), start=1):
                comment, warnings = _parse(module, number, line)
                self.warnings += warnings
                if comment is None:
                    continue
                self.comments.append(comment)
                if comment.whole_file:
                    self._files[module] = self._files.get(module, frozenset()) | comment.codes
                else:
                    self._lines.setdefault(module, {})[number] = comment.codes

    def __bool__(self) -> bool:
        return bool(self.comments)

    def covers(self, module: str, line: int, code: str) -> bool:
        """Tell whether a line comment on this line suppresses this code."""
        codes = self._lines.get(module, {}).get(line)
        return codes is not None and (codes is _ALL or code in codes)

    def covers_file(self, module: str, code: str) -> bool:
        """Tell whether a file comment in this module suppresses this code."""
        return code in self._files.get(module, ())
