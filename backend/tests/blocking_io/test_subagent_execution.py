"""`SubagentExecutor.execute` runs a subagent end to end without blocking the event loop.

Drives the production `SubagentExecutor.execute()` with a fake chat model (the only mock: the
model is the external boundary), a JSONL run-event store and a SQLite checkpointer, all on real
files under `tmp_path`, in both ownership modes: the executor opens the store and the checkpointer
from `app_config` itself (a relative database path under a relative data home, in a directory
that does not exist yet), or they are opened by the caller and passed in. The model-failure path
that records `run.error` runs in both modes too. It guards the offloads on this path:

- `get_or_new_skill_storage` and `LocalSkillStorage.load_skills` in
  `deerflow/subagents/executor.py`;
- `resolve_sqlite_conn_str` and `ensure_sqlite_parent_dir` in
  `deerflow/runtime/checkpointer/async_provider.py`;
- `_append_if_absent`, `_append_drafts` and `_read_run` in `deerflow/runtime/events/store/jsonl.py`.

The bug shape is a run that reads skills, resolves paths, creates directories or writes events
on the loop while the model works. Reverting any of these offloads must turn this module red.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage

from deerflow.config import AppConfig, CheckpointerConfig, RunEventsConfig, SkillsConfig
from deerflow.runtime.checkpointer.async_provider import make_checkpointer
from deerflow.runtime.events.store import JsonlRunEventStore, RunEvent
from deerflow.subagents import SubagentConfig, SubagentExecutor
from tests.blocking_io._anchor_support import (
    SeededRun,
    expected_skills,
    seed_run,
    write_skill_tree,
)

THREAD = "thread-exec"
DB_RELATIVE = "state/new-dir/checkpoints.db"
MODEL_ERROR = "model endpoint refused the request"
WANTED = ["notes", "web-search"]
SUBAGENT = SubagentConfig(
    name="researcher",
    description="Looks things up.",
    system_prompt="You research topics.",
    skills=WANTED,
)
OWNERSHIP = ["opened-by-executor", "passed-in"]
SUCCESS_TYPES = ["run.start", "message.human", "message.ai", "run.end"]


def _replies(*texts: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=text) for text in texts]))


def _refusals() -> Iterator[AIMessage]:
    raise RuntimeError(MODEL_ERROR)
    yield  # a generator: the error is raised when the model asks for its first reply


@pytest.fixture
def app_config(data_home: Path) -> AppConfig:
    """Return a config of relative paths under the data home, with its skills tree written."""
    write_skill_tree(data_home / "skills")
    return AppConfig(
        skills=SkillsConfig(path=Path("skills")),
        checkpointer=CheckpointerConfig(type="sqlite", connection_string=DB_RELATIVE),
        run_events=RunEventsConfig(backend="jsonl", base_dir=Path("run-events")),
    )


@pytest.fixture
def seeded(app_config: AppConfig) -> SeededRun:
    """Return an earlier run of the thread, on disk before any store opens."""
    return seed_run(app_config.run_events.base_dir, THREAD, "run-earlier")


@asynccontextmanager
async def _executor_for(
    ownership: str, app_config: AppConfig, model: GenericFakeChatModel
) -> AsyncIterator[SubagentExecutor]:
    """Yield an executor that opens its store and checkpointer, or one given open ones."""
    if ownership == "opened-by-executor":
        yield SubagentExecutor(SUBAGENT, [], app_config, model)
        return
    async with AsyncExitStack() as stack:
        store = JsonlRunEventStore(app_config.run_events.base_dir)
        stack.push_async_callback(store.close)
        checkpointer = await stack.enter_async_context(make_checkpointer(app_config))
        yield SubagentExecutor(
            SUBAGENT, [], app_config, model, event_store=store, checkpointer=checkpointer
        )


async def _recorded(app_config: AppConfig, run_id: str) -> list[RunEvent]:
    """Read the run's events back through a new store on the same directory."""
    store = JsonlRunEventStore(app_config.run_events.base_dir)
    try:
        return await store.list_events(THREAD, run_id)
    finally:
        await store.close()


async def _checkpointed_messages(app_config: AppConfig) -> list[BaseMessage]:
    """Read the thread's latest checkpointed messages through a new checkpointer."""
    async with make_checkpointer(app_config) as checkpointer:
        loaded = await checkpointer.aget_tuple({"configurable": {"thread_id": THREAD}})
    assert loaded is not None, f"no checkpoint for thread {THREAD!r}"
    return loaded.checkpoint["channel_values"]["messages"]


def _texts(messages: list[BaseMessage]) -> list[tuple[str, Any]]:
    return [(type(message).__name__, message.content) for message in messages]


@pytest.mark.parametrize("ownership", OWNERSHIP)
async def test_execute_records_events_and_checkpoints_a_completed_run(
    ownership: str, app_config: AppConfig, data_home: Path, seeded: SeededRun
) -> None:
    database = data_home / DB_RELATIVE
    assert not database.parent.exists()

    async with _executor_for(ownership, app_config, _replies("found it")) as executor:
        result = await executor.execute("find the answer", THREAD, "run-1")

    assert (result.status, result.final_message) == ("completed", "found it")
    assert (result.thread_id, result.run_id) == (THREAD, "run-1")
    events = await _recorded(app_config, "run-1")
    assert [event.event_type for event in events] == SUCCESS_TYPES
    assert [event.seq for event in events] == list(range(seeded.last_seq + 1, seeded.last_seq + 5))
    assert [events[1].content, events[2].content] == ["find the answer", "found it"]
    loaded = [name for name, _category, _description in expected_skills(only=WANTED)]
    assert events[-1].metadata == {"skills": loaded}
    assert database.is_file()
    assert _texts(await _checkpointed_messages(app_config)) == [
        ("HumanMessage", "find the answer"),
        ("AIMessage", "found it"),
    ]


@pytest.mark.parametrize("ownership", OWNERSHIP)
async def test_execute_continues_the_thread_from_its_checkpoint(
    ownership: str, app_config: AppConfig
) -> None:
    async with _executor_for(ownership, app_config, _replies("one", "two")) as executor:
        first = await executor.execute("first task", THREAD, "run-a")
        second = await executor.execute("second task", THREAD, "run-b")

    assert [first.final_message, second.final_message] == ["one", "two"]
    assert _texts(await _checkpointed_messages(app_config)) == [
        ("HumanMessage", "first task"),
        ("AIMessage", "one"),
        ("HumanMessage", "second task"),
        ("AIMessage", "two"),
    ]
    assert [e.event_type for e in await _recorded(app_config, "run-b")] == SUCCESS_TYPES


@pytest.mark.parametrize("ownership", OWNERSHIP)
async def test_execute_records_run_error_when_the_model_fails(
    ownership: str, app_config: AppConfig, seeded: SeededRun
) -> None:
    model = GenericFakeChatModel(messages=_refusals())

    async with _executor_for(ownership, app_config, model) as executor:
        result = await executor.execute("doomed task", THREAD, "run-fails")

    assert (result.status, result.final_message) == ("failed", MODEL_ERROR)
    events = await _recorded(app_config, "run-fails")
    assert [event.event_type for event in events] == ["run.start", "message.human", "run.error"]
    assert (events[-1].content, events[-1].metadata) == (
        MODEL_ERROR,
        {"error_type": "RuntimeError"},
    )
    assert events[0].seq == seeded.last_seq + 1


async def test_execute_rejects_an_unsafe_thread_id_before_touching_files(
    app_config: AppConfig, data_home: Path
) -> None:
    executor = SubagentExecutor(SUBAGENT, [], app_config, _replies("never"))

    with pytest.raises(ValueError, match="thread_id"):
        await executor.execute("task", "../escape", "run-1")

    assert not (data_home / DB_RELATIVE).parent.exists()
