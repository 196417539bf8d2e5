"""Replay a retried run: the stored outcome of a finished run, or why it cannot be replayed.

A run is identified by `(thread_id, run_id)`. `SubagentExecutor.execute` claims the id by storing
`run.start` with `put_if_absent`; a later call with the same id does not run the model again. It
gets the stored outcome when the run has ended (`run.end` or `run.error`), `RunInProgressError`
while it has not, and `RunIdReusedError` when the id was first used for another subagent or task.
A run whose process died before it ended stays in progress: retry it under a new `run_id`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from deerflow.runtime.events.store import RunEvent, RunEventStore
from deerflow.subagents.result import SubagentResult

__all__ = [
    "END_EVENT",
    "ERROR_EVENT",
    "MSG_RUN_ID_REUSED",
    "MSG_RUN_IN_PROGRESS",
    "REPLY_EVENT",
    "RunIdReusedError",
    "RunInProgressError",
    "RunReplayError",
    "stored_outcome",
]

REPLY_EVENT = "message.ai"
END_EVENT = "run.end"
ERROR_EVENT = "run.error"

MSG_RUN_IN_PROGRESS = (
    "Run `{run_id}` of thread `{thread_id}` has started but not ended; poll"
    " GET /api/threads/{thread_id}/runs/{run_id}/events until it ends, or start a new run_id."
)
MSG_RUN_ID_REUSED = (
    "Run `{run_id}` of thread `{thread_id}` was started with a different subagent or task;"
    " repeat the original request to get its outcome, or use a new run_id."
)


class RunReplayError(Exception):
    """A retried run id cannot be answered with a stored outcome."""


class RunInProgressError(RunReplayError):
    """The run has started but has not ended (or its process died before it ended)."""

    def __init__(self, thread_id: str, run_id: str) -> None:
        super().__init__(MSG_RUN_IN_PROGRESS.format(thread_id=thread_id, run_id=run_id))


class RunIdReusedError(RunReplayError):
    """The run id was first used for another subagent or task."""

    def __init__(self, thread_id: str, run_id: str) -> None:
        super().__init__(MSG_RUN_ID_REUSED.format(thread_id=thread_id, run_id=run_id))


async def stored_outcome(
    store: RunEventStore, start: RunEvent, request: Mapping[str, Any]
) -> SubagentResult:
    """Return the outcome recorded for the run that `start` (its `run.start` event) began.

    Args:
        store: the store holding the run.
        start: the stored `run.start` event; its content is the original request.
        request: the retried request, in the same shape as `run.start` content.

    Raises:
        RunIdReusedError: `request` differs from the original one.
        RunInProgressError: the run has no `run.end` or `run.error` yet.
    """
    thread_id, run_id = start.thread_id, start.run_id
    if start.content != dict(request):
        raise RunIdReusedError(thread_id, run_id)
    events = await store.list_events(thread_id, run_id, [REPLY_EVENT, END_EVENT, ERROR_EVENT])
    by_type = {event.event_type: event for event in events}  # the last of each type wins
    if ERROR_EVENT in by_type:
        error = str(by_type[ERROR_EVENT].content)
        return SubagentResult(run_id, thread_id, final_message=error, status="failed")
    if END_EVENT in by_type:
        reply = by_type.get(REPLY_EVENT)
        final = "" if reply is None else str(reply.content)
        return SubagentResult(run_id, thread_id, final_message=final, status="completed")
    raise RunInProgressError(thread_id, run_id)
