"""Offline chat models: `EchoChatModel`, the deterministic default for subagents.

`EchoChatModel` answers `[<agent_name>] <summary>`, where the summary is the text of the
last human message with runs of whitespace collapsed to one space and cut to
`max_summary_chars` characters (a cut summary ends with `...`). With no human message the
summary is `(no task)`. It never calls the network, so runs are reproducible in tests and
on machines without model credentials.
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import (
    AsyncCallbackManagerForLLMRun,
    CallbackManagerForLLMRun,
)
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.outputs import ChatGeneration, ChatResult

__all__ = ["EchoChatModel", "summarize_task"]

NO_TASK = "(no task)"
ELLIPSIS = "..."


def summarize_task(text: str, max_chars: int) -> str:
    """Collapse whitespace in `text` and cut it to at most `max_chars` characters."""
    summary = " ".join(text.split())
    if not summary:
        return NO_TASK
    if len(summary) <= max_chars:
        return summary
    return summary[: max(max_chars - len(ELLIPSIS), 0)].rstrip() + ELLIPSIS


class EchoChatModel(BaseChatModel):
    """Reply `[<agent_name>] <summary of the last human message>`; pure computation."""

    agent_name: str = "echo"
    max_summary_chars: int = 120

    @property
    def _llm_type(self) -> str:
        return "deerflow-echo"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"agent_name": self.agent_name, "max_summary_chars": self.max_summary_chars}

    def _reply(self, messages: list[BaseMessage]) -> ChatResult:
        """Build the deterministic reply for `messages`."""
        task = next((m.text for m in reversed(messages) if isinstance(m, HumanMessage)), "")
        content = f"[{self.agent_name}] {summarize_task(task, self.max_summary_chars)}"
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=content))])

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return self._reply(messages)

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        # Pure string work: answering inline keeps the event loop free without a thread hop.
        return self._reply(messages)
