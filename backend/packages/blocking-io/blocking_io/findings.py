"""Read the static report: the finding `id` at a path and line, for runtime reports to cite."""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["NOT_FOUND_STATICALLY", "static_keys"]

NOT_FOUND_STATICALLY = "not found statically"


def static_keys(findings_file: Path | None) -> dict[tuple[str, int], str]:
    """Return (path, line) -> finding id from a static report, or {} when there is none.

    Paths are as the report writes them: relative to the project root, with `/` separators.
    """
    if findings_file is None or not findings_file.is_file():
        return {}
    report = json.loads(findings_file.read_text(encoding="utf-8"))
    return {(f["path"], f["line"]): f["id"] for f in report.get("findings", [])}
