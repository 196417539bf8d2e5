"""LangGraph checkpointer provider selected by `CheckpointerConfig`."""

from deerflow.runtime.checkpointer.async_provider import make_checkpointer

__all__ = ["make_checkpointer"]
