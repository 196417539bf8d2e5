"""The LangGraph graph factory `make_graph` reads the config and loads skills off the event loop.

Drives `deerflow.subagents.server.make_graph`, the function `backend/langgraph.json` names and a
LangGraph server calls on its event loop for every run, with a real config file (named by
`DEER_FLOW_CONFIG`) and a real skills tree under `tmp_path`. It guards the offload of
`load_config` in `deerflow/subagents/server.py` (the YAML file is opened and read) and, through
`SubagentExecutor.graph`, the two skill offloads in `deerflow/subagents/executor.py`. The bug shape
is a sync factory, or one that reads the config or the skills directly on the loop; reverting any
of these `asyncio.to_thread` offloads must turn this module red.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from deerflow.subagents.server import make_graph
from tests.blocking_io._anchor_support import write_skill_tree


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    skills = tmp_path / "skills"
    write_skill_tree(skills)
    config = tmp_path / "config.yaml"
    config.write_text(f"skills:\n  path: {skills}\n", encoding="utf-8")
    monkeypatch.setenv("DEER_FLOW_CONFIG", str(config))
    return skills


async def test_make_graph_builds_the_subagent_graph_off_the_loop(configured: Path) -> None:
    graph = await make_graph({"configurable": {}})
    assert "model" in graph.get_graph().nodes


async def test_make_graph_without_a_run_config(configured: Path) -> None:
    graph = await make_graph()
    assert graph.checkpointer is None  # the server supplies its own
