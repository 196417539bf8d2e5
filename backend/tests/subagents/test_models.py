"""EchoChatModel: deterministic offline replies, computed inline in async code."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from deerflow.subagents import EchoChatModel
from deerflow.subagents.models import ELLIPSIS, NO_TASK, summarize_task


def test_echo_chat_model_invoke_labels_the_last_human_message() -> None:
    model = EchoChatModel(agent_name="scout")
    messages = [
        SystemMessage(content="be brief"),
        HumanMessage(content="first task"),
        AIMessage(content="[scout] first task"),
        HumanMessage(content="  find   the\nanswer  "),
    ]

    reply = model.invoke(messages)

    assert reply.content == "[scout] find the answer"


async def test_echo_chat_model_ainvoke_matches_invoke() -> None:
    model = EchoChatModel(agent_name="a")
    messages = [HumanMessage(content="same input")]

    assert (await model.ainvoke(messages)).content == model.invoke(messages).content


async def test_echo_chat_model_agenerate_does_not_delegate_to_a_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The base class would run `_generate` in an executor; the override must answer itself.
    def _fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("_agenerate fell back to _generate")

    monkeypatch.setattr(EchoChatModel, "_generate", _fail)

    reply = await EchoChatModel(agent_name="x").ainvoke([HumanMessage(content="hi")])

    assert reply.content == "[x] hi"


def test_echo_chat_model_without_a_human_message_says_no_task() -> None:
    reply = EchoChatModel(agent_name="x").invoke([SystemMessage(content="only system")])

    assert reply.content == f"[x] {NO_TASK}"


def test_summarize_task_cuts_long_text_with_an_ellipsis() -> None:
    summary = summarize_task("word " * 50, max_chars=20)

    assert len(summary) <= 20
    assert summary.endswith(ELLIPSIS)
    assert summary.startswith("word word")


def test_summarize_task_keeps_short_text_whole() -> None:
    assert summarize_task("short", max_chars=20) == "short"
