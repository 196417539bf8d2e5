"""Which tiktoken encoding a model uses (loading one downloads its ranks on first use)."""

from __future__ import annotations

import tiktoken

DEFAULT_ENCODING = "cl100k_base"


def encoder_for(model: str) -> tiktoken.Encoding:
    return tiktoken.encoding_for_model(model)


def default_encoder() -> tiktoken.Encoding:
    return tiktoken.get_encoding(DEFAULT_ENCODING)
