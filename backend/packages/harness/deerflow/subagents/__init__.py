"""Subagents: configs, the built-in registry, the executor and offline chat models."""

from deerflow.subagents.config import (
    BUILTIN_SUBAGENTS,
    SubagentConfig,
    UnknownSubagentError,
    get_subagent_config,
)
from deerflow.subagents.executor import SubagentExecutor, SubagentResult, build_system_prompt
from deerflow.subagents.models import EchoChatModel
from deerflow.subagents.replay import RunIdReusedError, RunInProgressError, RunReplayError

__all__ = [
    "BUILTIN_SUBAGENTS",
    "EchoChatModel",
    "RunIdReusedError",
    "RunInProgressError",
    "RunReplayError",
    "SubagentConfig",
    "SubagentExecutor",
    "SubagentResult",
    "UnknownSubagentError",
    "build_system_prompt",
    "get_subagent_config",
]
