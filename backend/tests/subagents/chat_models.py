"""Chat models for tests: one that records its input, one that always raises, one that waits."""

from __future__ import annotations

import asyncio
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

MODEL_ERROR = "model exploded while thinking"


class RecordingChatModel(BaseChatModel):
    """Answer `reply` and remember every message list it was called with."""

    reply: str = "recorded reply"
    calls: list[list[BaseMessage]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "test-recording"

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        self.calls.append(list(messages))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.reply))])

    async def _agenerate(
        self, messages: list[BaseMessage], *args: Any, **kwargs: Any
    ) -> ChatResult:
        return self._generate(messages)


class ExplodingChatModel(BaseChatModel):
    """Raise `RuntimeError(MODEL_ERROR)` on every call."""

    @property
    def _llm_type(self) -> str:
        return "test-exploding"

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        raise RuntimeError(MODEL_ERROR)

    async def _agenerate(
        self, messages: list[BaseMessage], *args: Any, **kwargs: Any
    ) -> ChatResult:
        raise RuntimeError(MODEL_ERROR)


class WaitingChatModel(BaseChatModel):
    """Set `started` when called, then answer `reply` only once `release` is set."""

    reply: str = "waited reply"
    started: asyncio.Event = Field(default_factory=asyncio.Event)
    release: asyncio.Event = Field(default_factory=asyncio.Event)

    @property
    def _llm_type(self) -> str:
        return "test-waiting"

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        raise NotImplementedError("WaitingChatModel is async only")

    async def _agenerate(
        self, messages: list[BaseMessage], *args: Any, **kwargs: Any
    ) -> ChatResult:
        self.started.set()
        await self.release.wait()
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.reply))])
