"""Subagent definitions: `SubagentConfig`, the built-in registry and lookup by name."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BUILTIN_SUBAGENTS",
    "SubagentConfig",
    "UnknownSubagentError",
    "get_subagent_config",
]

MSG_UNKNOWN_SUBAGENT = "Unknown subagent `{name}`; expected one of: {choices}."


@dataclass(frozen=True)
class SubagentConfig:
    """What a subagent is and which skills it may see.

    Attributes:
        name: Registry key and the label the echo model puts in its replies.
        description: One line for listings.
        system_prompt: The start of the system prompt; the executor appends the skills.
        skills: Names of the skills to offer; `None` offers every loaded skill.
    """

    name: str
    description: str
    system_prompt: str
    skills: list[str] | None = None


class UnknownSubagentError(LookupError):
    """No subagent is registered under the requested name."""

    def __init__(self, name: str, choices: list[str]) -> None:
        self.name = name
        self.choices = choices
        super().__init__(MSG_UNKNOWN_SUBAGENT.format(name=name, choices=", ".join(choices)))


BUILTIN_SUBAGENTS: dict[str, SubagentConfig] = {
    config.name: config
    for config in (
        SubagentConfig(
            name="general-purpose",
            description="Handles a self-contained task end to end using any available skill.",
            system_prompt=(
                "You are a general-purpose subagent. Complete the task you are given and "
                "reply with the result only."
            ),
        ),
    )
}


def get_subagent_config(
    name: str, registry: dict[str, SubagentConfig] | None = None
) -> SubagentConfig:
    """Return the subagent called `name` from `registry` (default: the built-ins).

    Raises:
        UnknownSubagentError: no subagent has that name; the message lists the valid names.
    """
    subagents = BUILTIN_SUBAGENTS if registry is None else registry
    try:
        return subagents[name]
    except KeyError:
        raise UnknownSubagentError(name, sorted(subagents)) from None
