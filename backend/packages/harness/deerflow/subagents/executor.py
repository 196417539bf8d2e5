"""Subagent execution: load the subagent's skills, run its model graph and record the run.

`SubagentExecutor.execute` writes these run events (category in brackets):
`run.start` [lifecycle] with the subagent and task, `message.human` [message] with the task,
then either `message.ai` [message] with the reply text and `run.end` [lifecycle], or
`run.error` [lifecycle] with the error message when the model raises.

Each `(thread_id, run_id)` runs once: a retry with the same ids stores nothing and returns the
stored outcome, or raises while the run is in flight (see `deerflow.subagents.replay`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from langgraph.graph import END, START, MessagesState, StateGraph

from deerflow.runtime.checkpointer.async_provider import make_checkpointer
from deerflow.runtime.events.store import RunEventStore, make_run_event_store, validate_id
from deerflow.skills import Skill, get_or_new_skill_storage
from deerflow.subagents.config import SubagentConfig
from deerflow.subagents.models import EchoChatModel
from deerflow.subagents.replay import END_EVENT, ERROR_EVENT, REPLY_EVENT, stored_outcome
from deerflow.subagents.result import SubagentResult, SubagentStatus

if TYPE_CHECKING:
    from langgraph.checkpoint.base import BaseCheckpointSaver
    from langgraph.graph.state import CompiledStateGraph

    from deerflow.config import AppConfig

__all__ = ["SubagentExecutor", "SubagentResult", "SubagentStatus", "build_system_prompt"]

logger = logging.getLogger(__name__)

LIFECYCLE = "lifecycle"
MESSAGE = "message"
MODEL_NODE = "model"

MSG_UNKNOWN_SKILL = "Subagent `%s` lists unknown skill `%s`; ignoring it (loaded skills: %s)."
MSG_RUN_FAILED = "Subagent `%s` run `%s` in thread `%s` failed: %s"
SKILLS_HEADING = "Skills you can use:"


def build_system_prompt(config: SubagentConfig, skills: Sequence[Skill]) -> str:
    """Return the subagent's prompt followed by one `- name: description` line per skill."""
    if not skills:
        return config.system_prompt
    lines = [f"- {skill.name}: {skill.description}" for skill in skills]
    return "\n".join([config.system_prompt, "", SKILLS_HEADING, *lines])


def _message_text(message: BaseMessage) -> str:
    """Return the plain text of a message (text blocks joined when content is a list)."""
    return str(message.text)


class SubagentExecutor:
    """Run one subagent against a task, recording events and checkpoints.

    Args:
        config: The subagent to run.
        tools: Tools offered to the subagent. They are kept on the executor but not bound to
            the model: the one-node graph has no tool step yet.
        app_config: Where skills, the event store and the checkpointer live.
        parent_model: The chat model to call; defaults to an `EchoChatModel` named after
            the subagent.
        event_store: An open store to record into; if omitted, one is opened from
            `app_config` for the duration of each `execute` call and closed afterwards.
        checkpointer: An open LangGraph checkpointer; if omitted, one is opened the same way.
    """

    def __init__(
        self,
        config: SubagentConfig,
        tools: Sequence[Any],
        app_config: AppConfig,
        parent_model: BaseChatModel | None = None,
        *,
        event_store: RunEventStore | None = None,
        checkpointer: BaseCheckpointSaver | None = None,
    ) -> None:
        self.config = config
        self.tools = tuple(tools)
        self.app_config = app_config
        self.model = (
            parent_model if parent_model is not None else EchoChatModel(agent_name=config.name)
        )
        self.event_store = event_store
        self.checkpointer = checkpointer

    async def _load_skills(self) -> list[Skill]:
        """Return the skills this subagent may use; the filesystem work runs in threads."""
        storage = await asyncio.to_thread(get_or_new_skill_storage, self.app_config)
        skills = await asyncio.to_thread(storage.load_skills)
        return self._select_skills(skills)

    def _select_skills(self, skills: list[Skill]) -> list[Skill]:
        """Keep the skills named in the config (all if it names none); warn about unknown names."""
        wanted = self.config.skills
        if wanted is None:
            return skills
        known = {skill.name for skill in skills}
        for name in wanted:
            if name not in known:
                loaded = ", ".join(sorted(known)) or "none"
                logger.warning(MSG_UNKNOWN_SKILL, self.config.name, name, loaded)
        selected = set(wanted)
        return [skill for skill in skills if skill.name in selected]

    async def execute(self, task: str, thread_id: str, run_id: str) -> SubagentResult:
        """Run the subagent on `task` as run `run_id` of thread `thread_id`.

        A model failure does not raise: it is recorded as `run.error` and returned with
        `status="failed"`. A run id that already has a `run.start` is not run again: its stored
        outcome is returned and nothing is stored.

        Raises:
            ValueError: `thread_id` or `run_id` is not a valid id.
            RunInProgressError: the run id has started but not ended.
            RunIdReusedError: the run id was started for another subagent or task.
        """
        validate_id(thread_id, "thread_id")
        validate_id(run_id, "run_id")
        async with AsyncExitStack() as stack:
            store = self.event_store
            if store is None:
                store = make_run_event_store(self.app_config.run_events)
                stack.push_async_callback(store.close)
            checkpointer = self.checkpointer
            if checkpointer is None:
                checkpointer = await stack.enter_async_context(make_checkpointer(self.app_config))
            return await self._run(store, checkpointer, task, thread_id, run_id)

    async def _run(
        self,
        store: RunEventStore,
        checkpointer: BaseCheckpointSaver,
        task: str,
        thread_id: str,
        run_id: str,
    ) -> SubagentResult:
        """Record the run around one graph invocation."""
        name = self.config.name
        request = {"subagent": name, "task": task}
        # Claims the run id atomically: of concurrent retries, only one stores run.start and runs.
        start, is_new = await store.put_if_absent(
            thread_id, run_id, "run.start", LIFECYCLE, request
        )
        if not is_new:
            return await stored_outcome(store, start, request)
        await store.put(thread_id, run_id, "message.human", MESSAGE, task)
        try:
            skills = await self._load_skills()
            graph = self._build_graph(build_system_prompt(self.config, skills), checkpointer)
            state = await graph.ainvoke(
                {"messages": [HumanMessage(content=task)]},
                config={"configurable": {"thread_id": thread_id}},
            )
            reply = _message_text(state["messages"][-1])
        except Exception as exc:
            error = str(exc) or type(exc).__name__
            logger.warning(MSG_RUN_FAILED, name, run_id, thread_id, error)
            meta = {"error_type": type(exc).__name__}
            await store.put(thread_id, run_id, ERROR_EVENT, LIFECYCLE, error, metadata=meta)
            return SubagentResult(run_id, thread_id, final_message=error, status="failed")
        await store.put(thread_id, run_id, REPLY_EVENT, MESSAGE, reply)
        meta = {"skills": [skill.name for skill in skills]}
        end = {"status": "completed"}
        await store.put(thread_id, run_id, END_EVENT, LIFECYCLE, end, metadata=meta)
        return SubagentResult(run_id, thread_id, final_message=reply, status="completed")

    async def graph(self, checkpointer: BaseCheckpointSaver | None = None) -> CompiledStateGraph:
        """Return this subagent's compiled graph with its skills; skill discovery runs in threads.

        This is what a LangGraph server runs (see `deerflow.subagents.server`); without a
        checkpointer the server supplies its own.
        """
        skills = await self._load_skills()
        return self._build_graph(build_system_prompt(self.config, skills), checkpointer)

    def _build_graph(
        self, system_prompt: str, checkpointer: BaseCheckpointSaver | None
    ) -> CompiledStateGraph:
        """Compile a one-node messages graph that calls the model with `system_prompt` first.

        The system prompt is not stored in the graph state, so a thread's checkpoint holds
        only the conversation and later runs on the same thread see the current prompt.
        """
        model = self.model

        async def call_model(state: MessagesState) -> dict[str, list[BaseMessage]]:
            reply = await model.ainvoke([SystemMessage(content=system_prompt), *state["messages"]])
            return {"messages": [reply]}

        builder = StateGraph(MessagesState)
        builder.add_node(MODEL_NODE, call_model)
        builder.add_edge(START, MODEL_NODE)
        builder.add_edge(MODEL_NODE, END)
        return builder.compile(checkpointer=checkpointer)
