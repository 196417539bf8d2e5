"""SubagentExecutor: run events, checkpoints, skill selection, failures and offloads."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import (
    FakeListChatModel,
    GenericFakeChatModel,
)
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

from deerflow.config import AppConfig, CheckpointerConfig, RunEventsConfig, SkillsConfig
from deerflow.runtime.events.store import JsonlRunEventStore, MemoryRunEventStore
from deerflow.skills import LocalSkillStorage
from deerflow.subagents import (
    BUILTIN_SUBAGENTS,
    SubagentConfig,
    SubagentExecutor,
    build_system_prompt,
)
from deerflow.subagents import executor as executor_module
from deerflow.subagents.replay import (
    MSG_RUN_ID_REUSED,
    MSG_RUN_IN_PROGRESS,
    RunIdReusedError,
    RunInProgressError,
)
from tests.subagents.chat_models import MODEL_ERROR, ExplodingChatModel, RecordingChatModel

THREAD = "thread-1"
RUN = "run-1"
EXECUTOR_LOGGER = "deerflow.subagents.executor"


def _write_skill(root: Path, category: str, name: str, description: str) -> None:
    skill_dir = root / category / name
    skill_dir.mkdir(parents=True)
    text = f"---\nname: {name}\ndescription: {description}\n---\n"
    (skill_dir / "SKILL.md").write_text(text, encoding="utf-8")


@pytest.fixture
def app_config(tmp_path: Path) -> AppConfig:
    skills = tmp_path / "skills"
    _write_skill(skills, "public", "alpha", "Alpha skill.")
    _write_skill(skills, "custom", "beta", "Beta skill.")
    return AppConfig(
        skills=SkillsConfig(path=skills),
        checkpointer=CheckpointerConfig(type="sqlite", connection_string=str(tmp_path / "cp.db")),
        run_events=RunEventsConfig(backend="jsonl", base_dir=tmp_path / "events"),
    )


def _subagent(skills: list[str] | None = None) -> SubagentConfig:
    return SubagentConfig(
        name="tester", description="Test agent.", system_prompt="You test.", skills=skills
    )


def _executor(app_config: AppConfig, model=None, skills=None, store=None, saver=None):
    return SubagentExecutor(
        _subagent(skills),
        [],
        app_config,
        model,
        event_store=store if store is not None else MemoryRunEventStore(),
        checkpointer=saver if saver is not None else InMemorySaver(),
    )


async def test_execute_records_lifecycle_and_message_events(app_config: AppConfig) -> None:
    store = MemoryRunEventStore()
    model = FakeListChatModel(responses=["the answer"])

    result = await _executor(app_config, model, store=store).execute("the task", THREAD, RUN)

    assert (result.status, result.final_message) == ("completed", "the answer")
    assert (result.thread_id, result.run_id) == (THREAD, RUN)
    events = await store.list_events(THREAD, RUN)
    assert [(e.event_type, e.category) for e in events] == [
        ("run.start", "lifecycle"),
        ("message.human", "message"),
        ("message.ai", "message"),
        ("run.end", "lifecycle"),
    ]
    assert events[1].content == "the task"
    assert events[2].content == "the answer"
    assert events[0].content["subagent"] == "tester"


async def test_execute_checkpoints_the_conversation(app_config: AppConfig) -> None:
    saver = InMemorySaver()
    model = GenericFakeChatModel(messages=iter([AIMessage(content="checkpointed")]))

    await _executor(app_config, model, saver=saver).execute("remember me", THREAD, RUN)

    snapshot = await saver.aget_tuple({"configurable": {"thread_id": THREAD}})
    assert snapshot is not None
    messages = snapshot.checkpoint["channel_values"]["messages"]
    assert [(type(m), m.content) for m in messages] == [
        (HumanMessage, "remember me"),
        (AIMessage, "checkpointed"),
    ]


async def test_execute_second_run_sees_the_thread_history(app_config: AppConfig) -> None:
    model = RecordingChatModel(reply="ok")
    executor = _executor(app_config, model)

    await executor.execute("first", THREAD, "run-a")
    await executor.execute("second", THREAD, "run-b")

    second_call = model.calls[1]
    assert [m.content for m in second_call[1:]] == ["first", "ok", "second"]
    assert sum(isinstance(m, SystemMessage) for m in second_call) == 1


async def test_execute_records_run_error_when_the_model_raises(
    app_config: AppConfig, caplog: pytest.LogCaptureFixture
) -> None:
    store = MemoryRunEventStore()

    with caplog.at_level(logging.WARNING, logger=EXECUTOR_LOGGER):
        result = await _executor(app_config, ExplodingChatModel(), store=store).execute(
            "doomed", THREAD, RUN
        )

    assert result.status == "failed"
    assert MODEL_ERROR in result.final_message
    events = await store.list_events(THREAD, RUN)
    assert [e.event_type for e in events] == ["run.start", "message.human", "run.error"]
    assert events[-1].category == "lifecycle"
    assert MODEL_ERROR in events[-1].content
    assert events[-1].metadata["error_type"] == "RuntimeError"
    assert any(MODEL_ERROR in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("thread_id", "run_id", "kind"),
    [("bad/thread", RUN, "thread_id"), (THREAD, "..", "run_id"), ("", RUN, "thread_id")],
)
async def test_execute_rejects_invalid_ids_before_recording(
    app_config: AppConfig, thread_id: str, run_id: str, kind: str
) -> None:
    store = MemoryRunEventStore()

    with pytest.raises(ValueError, match=kind):
        await _executor(app_config, store=store).execute("task", thread_id, run_id)

    assert not await store.thread_exists(THREAD)


async def test_execute_retried_run_returns_the_stored_outcome_and_records_nothing(
    app_config: AppConfig,
) -> None:
    store = MemoryRunEventStore()
    executor = _executor(app_config, FakeListChatModel(responses=["one", "two"]), store=store)

    first = await executor.execute("task", THREAD, RUN)
    recorded = await store.list_events(THREAD, RUN)
    retried = await executor.execute("task", THREAD, RUN)

    assert retried == first
    assert first.final_message == "one"
    assert await store.list_events(THREAD, RUN) == recorded
    assert [e.event_type for e in recorded] == [
        "run.start",
        "message.human",
        "message.ai",
        "run.end",
    ]


async def test_execute_retried_run_id_with_another_task_raises(app_config: AppConfig) -> None:
    store = MemoryRunEventStore()
    executor = _executor(app_config, store=store)
    await executor.execute("task", THREAD, RUN)
    recorded = await store.list_events(THREAD, RUN)

    with pytest.raises(RunIdReusedError) as caught:
        await executor.execute("another task", THREAD, RUN)

    assert str(caught.value) == MSG_RUN_ID_REUSED.format(thread_id=THREAD, run_id=RUN)
    assert await store.list_events(THREAD, RUN) == recorded


async def test_execute_run_id_started_but_not_ended_raises(app_config: AppConfig) -> None:
    store = MemoryRunEventStore()
    request = {"subagent": _subagent().name, "task": "task"}
    # As left by a process that died mid-run: run.start and the task, no end.
    await store.put(THREAD, RUN, "run.start", "lifecycle", request)
    await store.put(THREAD, RUN, "message.human", "message", "task")

    with pytest.raises(RunInProgressError) as caught:
        await _executor(app_config, store=store).execute("task", THREAD, RUN)

    assert str(caught.value) == MSG_RUN_IN_PROGRESS.format(thread_id=THREAD, run_id=RUN)
    assert len(await store.list_events(THREAD, RUN)) == 2


async def test_execute_defaults_to_the_echo_model(app_config: AppConfig) -> None:
    executor = SubagentExecutor(
        BUILTIN_SUBAGENTS["general-purpose"],
        [],
        app_config,
        event_store=MemoryRunEventStore(),
        checkpointer=InMemorySaver(),
    )

    result = await executor.execute("summarise the report", THREAD, RUN)

    assert result.final_message == "[general-purpose] summarise the report"


async def test_execute_system_prompt_lists_only_selected_skills(app_config: AppConfig) -> None:
    model = RecordingChatModel()

    await _executor(app_config, model, skills=["beta"]).execute("task", THREAD, RUN)

    system = model.calls[0][0]
    assert isinstance(system, SystemMessage)
    assert system.content.startswith("You test.")
    assert "- beta: Beta skill." in system.content
    assert "alpha" not in system.content


async def test_execute_opens_and_closes_store_and_checkpointer_from_config(
    app_config: AppConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = []
    real_factory = executor_module.make_run_event_store

    def _recording_factory(config: RunEventsConfig):
        opened.append(real_factory(config))
        return opened[-1]

    monkeypatch.setattr(executor_module, "make_run_event_store", _recording_factory)
    executor = SubagentExecutor(_subagent(), [], app_config, FakeListChatModel(responses=["hi"]))

    result = await executor.execute("persist me", THREAD, RUN)

    assert result.status == "completed"
    with pytest.raises(RuntimeError):
        await opened[0].list_messages(THREAD)
    reopened = JsonlRunEventStore(app_config.run_events.base_dir)
    messages = await reopened.list_messages(THREAD)
    await reopened.close()
    assert [m.content for m in messages] == ["persist me", "hi"]
    async with AsyncSqliteSaver.from_conn_string(
        app_config.checkpointer.connection_string
    ) as saver:
        snapshot = await saver.aget_tuple({"configurable": {"thread_id": THREAD}})
    assert snapshot is not None


async def test_load_skills_returns_all_skills_when_config_names_none(
    app_config: AppConfig,
) -> None:
    skills = await _executor(app_config)._load_skills()

    assert [s.name for s in skills] == ["alpha", "beta"]


async def test_load_skills_ignores_unknown_names_with_a_warning(
    app_config: AppConfig, caplog: pytest.LogCaptureFixture
) -> None:
    executor = _executor(app_config, skills=["alpha", "ghost"])

    with caplog.at_level(logging.WARNING, logger=EXECUTOR_LOGGER):
        skills = await executor._load_skills()

    assert [s.name for s in skills] == ["alpha"]
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert "`ghost`" in warnings[0]
    assert "`tester`" in warnings[0]


async def test_load_skills_offloads_the_storage_lookup(
    app_config: AppConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop_thread = threading.get_ident()
    seen = []
    real_lookup = executor_module.get_or_new_skill_storage

    def _lookup(config: AppConfig) -> LocalSkillStorage:
        seen.append(threading.get_ident())
        return real_lookup(config)

    monkeypatch.setattr(executor_module, "get_or_new_skill_storage", _lookup)

    await _executor(app_config)._load_skills()

    assert seen
    assert loop_thread not in seen, "get_or_new_skill_storage ran on the event loop thread"


async def test_load_skills_offloads_the_directory_walk(
    app_config: AppConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop_thread = threading.get_ident()
    seen = []
    real_load = LocalSkillStorage.load_skills

    def _load(self: LocalSkillStorage):
        seen.append(threading.get_ident())
        return real_load(self)

    monkeypatch.setattr(LocalSkillStorage, "load_skills", _load)

    await _executor(app_config)._load_skills()

    assert seen
    assert loop_thread not in seen, "load_skills ran on the event loop thread"


def test_build_system_prompt_without_skills_is_the_subagent_prompt() -> None:
    assert build_system_prompt(_subagent(), []) == "You test."
