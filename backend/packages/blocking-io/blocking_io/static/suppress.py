"""Inline suppression: ``# blocking-io: ignore[BIO201] reason`` comments, per module and line.

A comment on the reported line drops that finding. A comment on a call line in a chain (the
call an async function makes into sync code, say) cuts that call out of the search, so nothing
reached only through it is reported; other paths to the same blocking call still are. A bare
``# blocking-io: ignore`` applies to every code. Files without the marker are never decoded.
"""

from __future__ import annotations

import re

from .project import Project

__all__ = ["MARKER", "Suppressions"]

MARKER = b"blocking-io:"
_COMMENT = re.compile(r"#\s*blocking-io:\s*ignore(?:\[([A-Za-z0-9_,\s]*)\])?")
_ALL: frozenset[str] = frozenset({"*"})


class Suppressions:
    """The suppression comments of every module of a project."""

    def __init__(self, project: Project) -> None:
        self._lines: dict[str, dict[int, frozenset[str]]] = {}
        for module, source in project.modules.items():
            if MARKER not in source.source:
                continue
            text = source.source.decode("utf-8-sig", errors="replace")
            found: dict[int, frozenset[str]] = {}
            for number, line in enumerate(text.splitlines(), start=1):
                match = _COMMENT.search(line)
                if match is None:
                    continue
                codes = match.group(1)
                if codes is None:
                    found[number] = _ALL
                else:
                    found[number] = frozenset(c.strip() for c in codes.split(",") if c.strip())
            if found:
                self._lines[module] = found

    def __bool__(self) -> bool:
        return bool(self._lines)

    def covers(self, module: str, line: int, code: str) -> bool:
        """Tell whether a comment on this line suppresses this code."""
        codes = self._lines.get(module, {}).get(line)
        return codes is not None and (codes is _ALL or code in codes)
