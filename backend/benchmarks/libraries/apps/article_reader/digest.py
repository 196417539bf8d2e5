"""Article digests: title, byline and the first paragraphs of a readable article."""

from __future__ import annotations

from dataclasses import dataclass

from . import extract


@dataclass(frozen=True)
class Digest:
    title: str
    byline: str
    lead: str


def digest(html: str, paragraphs: int = 3) -> Digest:
    article = extract.readable(html)
    blocks = [block["text"] for block in article.get("plain_text") or []]
    return Digest(
        article.get("title") or "", article.get("byline") or "", "\n".join(blocks[:paragraphs])
    )
