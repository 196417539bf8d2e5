"""Rendering."""

from __future__ import annotations

import html
import string

TEMPLATE = string.Template("<h1>$title</h1><table>$rows</table>")
TEMPLATES = {"totals": TEMPLATE}


def load(name: str) -> string.Template:
    return TEMPLATES.get(name, TEMPLATE)  # clean: dict lookup; not io.readers.load


def render(title: str, totals: dict[str, float]) -> str:
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{v:.2f}</td></tr>" for k, v in sorted(totals.items()))
    return TEMPLATE.substitute(title=html.escape(title), rows=rows)  # clean: string templating
