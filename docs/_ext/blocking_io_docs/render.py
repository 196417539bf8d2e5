"""Build docutils nodes for the generated pages: inline code, paragraphs, tables, code blocks.

Text from docstrings and rule tables is rendered literally (backticks become inline code), never
parsed as markup, so a stray `*` in a docstring cannot break a build that treats warnings as errors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from docutils import nodes

__all__ = ["code_block", "inline", "paragraph", "prose", "table"]

_CODE_SPAN = re.compile(r"``(.+?)``|`([^`]+)`")


def inline(text: str) -> list[nodes.Node]:
    """Split `text` into text and inline-literal nodes at backtick-quoted spans."""
    result: list[nodes.Node] = []
    position = 0
    for match in _CODE_SPAN.finditer(text):
        if match.start() > position:
            result.append(nodes.Text(text[position : match.start()]))
        code = match.group(1) or match.group(2)
        result.append(nodes.literal(code, code))
        position = match.end()
    if position < len(text):
        result.append(nodes.Text(text[position:]))
    return result


def paragraph(text: str, *, classes: Sequence[str] = ()) -> nodes.paragraph:
    """Return one paragraph of `text` with its backtick spans as inline code."""
    node = nodes.paragraph("", "", *inline(text))
    node["classes"].extend(classes)
    return node


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Group docstring lines into ("p", lines) paragraphs and ("li", lines) list items.

    A line starting with `- ` or `* ` opens a list item; indented lines continue it; a blank line
    or an unindented line ends it.
    """
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.strip().splitlines():
        line = raw.strip()
        if not line:
            blocks.append(("", []))
        elif line.startswith(("- ", "* ")):
            blocks.append(("li", [line[2:].strip()]))
        elif blocks and blocks[-1][0] == "li" and raw[:1].isspace():
            blocks[-1][1].append(line)
        elif blocks and blocks[-1][0] == "p":
            blocks[-1][1].append(line)
        else:
            blocks.append(("p", [line]))
    return [block for block in blocks if block[0]]


def prose(text: str) -> list[nodes.Element]:
    """Render a docstring body: paragraphs split at blank lines, `- ` items as bullet lists."""
    result: list[nodes.Element] = []
    for kind, lines in _blocks(text):
        if kind == "li":
            item = nodes.list_item("", paragraph(" ".join(lines)))
            if result and isinstance(result[-1], nodes.bullet_list):
                result[-1] += item
            else:
                result.append(nodes.bullet_list("", item, bullet="-"))
        else:
            result.append(paragraph(" ".join(lines)))
    return result


def code_block(text: str, language: str = "python") -> nodes.literal_block:
    """Return a highlighted literal block holding `text`."""
    node = nodes.literal_block(text, text)
    node["language"] = language
    return node


def _cell(content: str | nodes.Node | list[nodes.Node]) -> nodes.entry:
    """Wrap plain text (with inline code) or ready nodes into a table cell."""
    if isinstance(content, str):
        return nodes.entry("", paragraph(content))
    if isinstance(content, nodes.Node):
        content = [content]
    if all(isinstance(node, nodes.Inline | nodes.Text) for node in content):
        return nodes.entry("", nodes.paragraph("", "", *content))
    return nodes.entry("", *content)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str | nodes.Node | list[nodes.Node]]],
    *,
    widths: Sequence[int],
    classes: Sequence[str] = (),
) -> nodes.table:
    """Return a table with a header row; each cell is text or nodes."""
    group = nodes.tgroup(cols=len(headers))
    group.extend(nodes.colspec(colwidth=width) for width in widths)
    header_row = nodes.row("", *(_cell(header) for header in headers))
    group += nodes.thead("", header_row)
    group += nodes.tbody("", *(nodes.row("", *(_cell(cell) for cell in row)) for row in rows))
    node = nodes.table("", group)
    node["classes"].extend(classes)
    return node
