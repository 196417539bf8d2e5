"""Prompt budgets: count the tokens of chat messages and drop the oldest ones past a limit."""

from __future__ import annotations

import tiktoken

from . import encoding


def count(messages: list[dict[str, str]], model: str) -> int:
    enc = encoding.encoder_for(model)
    return sum(len(enc.encode(message["content"])) for message in messages)


def trim(
    messages: list[dict[str, str]], limit: int, enc: tiktoken.Encoding
) -> list[dict[str, str]]:
    kept: list[dict[str, str]] = []
    used = 0
    for message in reversed(messages):
        used += len(enc.encode(message["content"]))
        if used > limit:
            break
        kept.append(message)
    return kept[::-1]
