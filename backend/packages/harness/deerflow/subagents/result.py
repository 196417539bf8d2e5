"""The outcome record of one subagent run, shared by the executor and the replay of a retry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["SubagentResult", "SubagentStatus"]

SubagentStatus = Literal["completed", "failed"]


@dataclass(frozen=True)
class SubagentResult:
    """Outcome of one subagent run.

    `final_message` is the model's reply text, or the error message when `status` is `failed`.
    """

    run_id: str
    thread_id: str
    final_message: str
    status: SubagentStatus
