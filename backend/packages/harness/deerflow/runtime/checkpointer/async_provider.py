"""Open the configured LangGraph checkpointer as an async context manager."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from deerflow.config.schema import AppConfig, CheckpointerConfig
from deerflow.runtime.store._sqlite_utils import ensure_sqlite_parent_dir, resolve_sqlite_conn_str

__all__ = ["PROVIDERS", "CheckpointerProvider", "_async_checkpointer", "make_checkpointer"]

logger = logging.getLogger(__name__)


@asynccontextmanager
async def _memory_saver(config: CheckpointerConfig) -> AsyncIterator[BaseCheckpointSaver]:
    yield InMemorySaver()


@asynccontextmanager
async def _sqlite_saver(config: CheckpointerConfig) -> AsyncIterator[BaseCheckpointSaver]:
    conn_str = await asyncio.to_thread(resolve_sqlite_conn_str, config.connection_string)
    await asyncio.to_thread(ensure_sqlite_parent_dir, conn_str)
    logger.debug("Opening SQLite checkpointer at %s", conn_str)
    async with AsyncSqliteSaver.from_conn_string(conn_str) as saver:
        await saver.setup()
        yield saver


@dataclass(frozen=True)
class CheckpointerProvider:
    """One selectable `checkpointer.type` and the context manager that opens it."""

    name: str
    open: Callable[[CheckpointerConfig], AbstractAsyncContextManager[BaseCheckpointSaver]]
    reason: str


PROVIDERS = (
    CheckpointerProvider(
        "memory", _memory_saver, "no files; checkpoints vanish when the process exits"
    ),
    CheckpointerProvider(
        "sqlite", _sqlite_saver, "durable; path work and mkdir are offloaded before connecting"
    ),
)


@asynccontextmanager
async def _async_checkpointer(config: CheckpointerConfig) -> AsyncIterator[BaseCheckpointSaver]:
    """Yield the checkpointer for `config.type`, closing it on exit.

    Raises:
        ValueError: the type is unknown (only possible when model validation was bypassed).
    """
    for provider in PROVIDERS:
        if provider.name == config.type:
            async with provider.open(config) as saver:
                yield saver
            return
    choices = ", ".join(provider.name for provider in PROVIDERS)
    raise ValueError(
        f"Unknown checkpointer type {config.type!r} for `checkpointer.type`;"
        f" expected one of: {choices}."
    )


@asynccontextmanager
async def make_checkpointer(app_config: AppConfig) -> AsyncIterator[BaseCheckpointSaver]:
    """Yield the checkpointer configured in `app_config.checkpointer`."""
    async with _async_checkpointer(app_config.checkpointer) as saver:
        yield saver
