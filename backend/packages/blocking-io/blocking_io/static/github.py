"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding.

The runner turns each line into an annotation on the pull request's diff. Values are escaped as
the runner expects: ``%``, CR and LF in the message, and also ``:`` and ``,`` in properties.
Paths are relative to the project root, which is the checkout root in a workflow.
"""

from __future__ import annotations

__all__ = ["LEVELS", "escape_data", "escape_property", "render_github"]

# Annotation level per priority: only high findings are errors in the pull request view.
LEVELS = {"high": "error", "medium": "warning", "low": "notice"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(level: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {props}::{escape_data(message)}"


def render_github(report: dict) -> str:
    """Return the findings, parse errors and suppression warnings as workflow commands."""
    lines = [
        _command(
            LEVELS[f["priority"]],
            f["message"],
            file=f["path"],
            line=f["line"],
            col=f["column"],
            title=f"{f['code']} {f['rule']}",
        )
        for f in report["findings"]
    ]
    lines += [
        _command("error", e["reason"], file=e["path"], line=e["line"] or 1, title="parse error")
        for e in report["errors"]
    ]
    lines += [
        _command("warning", w["message"], file=w["path"], line=w["line"], title="suppression")
        for w in report.get("warnings", [])
    ]
    return "\n".join(lines) + ("\n" if lines else "")
