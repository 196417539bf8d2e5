"""Subagent registry: the built-ins and lookup errors that list the valid names."""

from __future__ import annotations

import pytest

from deerflow.subagents import (
    BUILTIN_SUBAGENTS,
    SubagentConfig,
    UnknownSubagentError,
    get_subagent_config,
)


def test_builtin_subagents_include_general_purpose() -> None:
    config = BUILTIN_SUBAGENTS["general-purpose"]

    assert config.name == "general-purpose"
    assert config.skills is None
    assert config.system_prompt


def test_get_subagent_config_returns_the_named_config() -> None:
    assert get_subagent_config("general-purpose") is BUILTIN_SUBAGENTS["general-purpose"]


def test_get_subagent_config_unknown_name_lists_choices() -> None:
    registry = {
        "b": SubagentConfig(name="b", description="B", system_prompt="b"),
        "a": SubagentConfig(name="a", description="A", system_prompt="a"),
    }

    with pytest.raises(UnknownSubagentError) as info:
        get_subagent_config("nope", registry)

    assert "`nope`" in str(info.value)
    assert "expected one of: a, b" in str(info.value)
    assert isinstance(info.value, LookupError)
