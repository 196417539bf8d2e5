"""The graph factory a LangGraph server runs: `backend/langgraph.json` names `make_graph`.

The server calls the factory on its event loop for every run, so everything it does on disk
(reading the configuration, discovering skills) runs in worker threads.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from deerflow.config import load_config
from deerflow.subagents.config import get_subagent_config
from deerflow.subagents.executor import SubagentExecutor

if TYPE_CHECKING:
    from langgraph.graph.state import CompiledStateGraph

__all__ = ["DEFAULT_SUBAGENT", "make_graph"]

DEFAULT_SUBAGENT = "general-purpose"


async def make_graph(config: dict[str, Any] | None = None) -> CompiledStateGraph:
    """Return the default subagent's graph; the server's run config is not needed to build it."""
    app_config = await asyncio.to_thread(load_config)
    subagent = get_subagent_config(DEFAULT_SUBAGENT)
    return await SubagentExecutor(subagent, [], app_config).graph()
