"""FastAPI dependencies: objects opened by the lifespan and validated path ids."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Request, status
from langchain_core.language_models import BaseChatModel

from deerflow.config import AppConfig
from deerflow.runtime.events.store import RunEventStore, validate_id

__all__ = [
    "MSG_RUN_NOT_FOUND",
    "MSG_THREAD_NOT_FOUND",
    "AppConfigDep",
    "ChatModelDep",
    "CheckpointerDep",
    "EventStoreDep",
    "ExistingThreadId",
    "RunId",
    "ThreadId",
    "conflict",
    "not_found",
]

MSG_THREAD_NOT_FOUND = (
    "Thread `{thread_id}` not found; start it with POST /api/threads/{thread_id}/runs."
)
MSG_RUN_NOT_FOUND = (
    "Run `{run_id}` not found in thread `{thread_id}`; "
    "list the thread with GET /api/threads/{thread_id}/messages."
)


def not_found(detail: str) -> HTTPException:
    """Return a 404 error carrying `detail`."""
    return HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail=detail)


def conflict(detail: str) -> HTTPException:
    """Return a 409 error carrying `detail`."""
    return HTTPException(status_code=status.HTTP_409_CONFLICT, detail=detail)


def _invalid(exc: ValueError) -> HTTPException:
    return HTTPException(status_code=status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(exc))


def _thread_id(thread_id: Annotated[str, Path()]) -> str:
    """Return the path's thread id, or answer 422 with the reason it is invalid."""
    try:
        return validate_id(thread_id, "thread_id")
    except ValueError as exc:
        raise _invalid(exc) from None


def _run_id(run_id: Annotated[str, Path()]) -> str:
    """Return the path's run id, or answer 422 with the reason it is invalid."""
    try:
        return validate_id(run_id, "run_id")
    except ValueError as exc:
        raise _invalid(exc) from None


def _app_config(request: Request) -> AppConfig:
    return request.app.state.config


def _event_store(request: Request) -> RunEventStore:
    return request.app.state.event_store


def _checkpointer(request: Request) -> Any:
    return request.app.state.checkpointer


def _chat_model(request: Request) -> BaseChatModel | None:
    return request.app.state.chat_model


ThreadId = Annotated[str, Depends(_thread_id)]
RunId = Annotated[str, Depends(_run_id)]
AppConfigDep = Annotated[AppConfig, Depends(_app_config)]
EventStoreDep = Annotated[RunEventStore, Depends(_event_store)]
CheckpointerDep = Annotated[Any, Depends(_checkpointer)]
ChatModelDep = Annotated[BaseChatModel | None, Depends(_chat_model)]


async def _existing_thread(thread_id: ThreadId, store: EventStoreDep) -> str:
    """Return a valid thread id that the store knows, or answer 404."""
    if not await store.thread_exists(thread_id):
        raise not_found(MSG_THREAD_NOT_FOUND.format(thread_id=thread_id))
    return thread_id


ExistingThreadId = Annotated[str, Depends(_existing_thread)]
