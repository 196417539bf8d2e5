"""Runs router: start a subagent run, read its events, delete it."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.gateway.deps import (
    MSG_RUN_NOT_FOUND,
    AppConfigDep,
    ChatModelDep,
    CheckpointerDep,
    EventStoreDep,
    ExistingThreadId,
    RunId,
    ThreadId,
    conflict,
    not_found,
)
from app.gateway.json_body import StrictJsonRoute
from app.gateway.schemas import EventOut, EventsOut, RunCreate, RunDeleted, RunOut
from deerflow.subagents import (
    RunReplayError,
    SubagentExecutor,
    UnknownSubagentError,
    get_subagent_config,
)

__all__ = ["new_run_id", "router"]

router = APIRouter(
    prefix="/api/threads/{thread_id}/runs", tags=["runs"], route_class=StrictJsonRoute
)


def new_run_id() -> str:
    """Return a fresh run id that passes `validate_id`."""
    return f"run-{uuid.uuid4().hex}"


@router.post("")
async def create_run(
    thread_id: ThreadId,
    body: RunCreate,
    config: AppConfigDep,
    store: EventStoreDep,
    checkpointer: CheckpointerDep,
    model: ChatModelDep,
) -> RunOut:
    """Run a subagent on the task and return its outcome (a failed run is still a 200).

    A `run_id` that was used before is not run again: a finished run answers its stored outcome,
    one still in flight (or reused for another task) answers 409.
    """
    try:
        subagent = get_subagent_config(body.subagent)
    except UnknownSubagentError as exc:
        raise not_found(str(exc)) from None
    executor = SubagentExecutor(
        subagent, [], config, model, event_store=store, checkpointer=checkpointer
    )
    try:
        result = await executor.execute(body.task, thread_id, body.run_id or new_run_id())
    except RunReplayError as exc:
        raise conflict(str(exc)) from None
    return RunOut(
        thread_id=result.thread_id,
        run_id=result.run_id,
        status=result.status,
        final_message=result.final_message,
    )


@router.get("/{run_id}/events")
async def list_run_events(
    thread_id: ExistingThreadId,
    run_id: RunId,
    store: EventStoreDep,
    event_types: Annotated[list[str] | None, Query()] = None,
) -> EventsOut:
    """Return a run's events in seq order, optionally only the given event types."""
    events = await store.list_events(thread_id, run_id, event_types)
    if not events and (not event_types or not await store.list_events(thread_id, run_id)):
        raise not_found(MSG_RUN_NOT_FOUND.format(thread_id=thread_id, run_id=run_id))
    return EventsOut(
        thread_id=thread_id, run_id=run_id, events=[EventOut.from_event(e) for e in events]
    )


@router.delete("/{run_id}")
async def delete_run(
    thread_id: ExistingThreadId, run_id: RunId, store: EventStoreDep
) -> RunDeleted:
    """Delete a run's events; the thread's checkpoints are kept."""
    deleted = await store.delete_by_run(thread_id, run_id)
    if not deleted:
        raise not_found(MSG_RUN_NOT_FOUND.format(thread_id=thread_id, run_id=run_id))
    return RunDeleted(thread_id=thread_id, run_id=run_id, deleted=deleted)
