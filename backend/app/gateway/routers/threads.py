"""Threads router: read a thread's messages, delete a thread."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.gateway.deps import CheckpointerDep, EventStoreDep, ExistingThreadId
from app.gateway.json_body import StrictJsonRoute
from app.gateway.schemas import EventOut, MessagesOut, ThreadDeleted

__all__ = ["MAX_MESSAGES_LIMIT", "router"]

MAX_MESSAGES_LIMIT = 1000

router = APIRouter(prefix="/api/threads", tags=["threads"], route_class=StrictJsonRoute)


@router.get("/{thread_id}/messages")
async def list_messages(
    thread_id: ExistingThreadId,
    store: EventStoreDep,
    limit: Annotated[int | None, Query(ge=1, le=MAX_MESSAGES_LIMIT)] = None,
    after_seq: Annotated[int | None, Query(ge=0)] = None,
) -> MessagesOut:
    """Return the thread's messages in seq order: the last `limit` ones after `after_seq`."""
    messages = await store.list_messages(thread_id, limit=limit, after_seq=after_seq)
    return MessagesOut(thread_id=thread_id, messages=[EventOut.from_event(m) for m in messages])


@router.delete("/{thread_id}")
async def delete_thread(
    thread_id: ExistingThreadId, store: EventStoreDep, checkpointer: CheckpointerDep
) -> ThreadDeleted:
    """Delete the thread's events and its checkpoints, so the id starts afresh."""
    deleted = await store.delete_by_thread(thread_id)
    await checkpointer.adelete_thread(thread_id)
    return ThreadDeleted(thread_id=thread_id, deleted=deleted)
