"""Gateway app factory: `create_app` and the lifespan that opens the store and checkpointer.

Serve with `uvicorn --factory app.gateway.app:create_app`: the config is loaded when the factory
runs (before the loop serves), never at import.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI
from langchain_core.language_models import BaseChatModel

from app.gateway.introspection import warm_endpoint_context
from app.gateway.middleware.body_limit import BodyLimit
from app.gateway.middleware.paths import PathSegmentGuard
from app.gateway.routers import health, metrics, runs, skills, threads, uploads
from deerflow.config import AppConfig, load_config
from deerflow.runtime.checkpointer.async_provider import make_checkpointer
from deerflow.runtime.events.store import make_run_event_store

__all__ = ["create_app", "lifespan"]

ROUTERS = (
    health.router,
    skills.router,
    runs.router,
    threads.router,
    uploads.router,
    metrics.router,
)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Open the run-event store and the checkpointer for the app's life; close both after.

    They are closed in reverse order of opening, also when startup fails half-way. FastAPI's
    per-endpoint source lookup runs here too, off the loop, instead of on each first request.
    With `loop_monitor.enabled` the loop monitor runs first and stops last.
    """
    config: AppConfig = app.state.config
    await asyncio.to_thread(warm_endpoint_context, ROUTERS)
    async with AsyncExitStack() as stack:
        app.state.loop_monitor = None
        if config.loop_monitor.enabled:
            monitoring = await metrics.start_loop_monitor(config.loop_monitor)
            app.state.loop_monitor = await stack.enter_async_context(monitoring)
        store = make_run_event_store(config.run_events)
        stack.push_async_callback(store.close)
        checkpointer = await stack.enter_async_context(make_checkpointer(config))
        app.state.event_store = store
        app.state.checkpointer = checkpointer
        try:
            yield
        finally:
            del app.state.event_store
            del app.state.checkpointer


def create_app(
    config: AppConfig | None = None, *, chat_model: BaseChatModel | None = None
) -> FastAPI:
    """Build the gateway app.

    Args:
        config: Harness configuration; `load_config()` is called when omitted.
        chat_model: Model every run uses; when omitted each subagent gets an `EchoChatModel`.
    """
    # No trailing-slash redirects: Starlette builds them from the decoded path, so an invalid
    # id could be redirected to another resource (`runs/%2e%2e%2f` -> `runs/..` -> the thread).
    app = FastAPI(title="DeerFlow gateway", lifespan=lifespan, redirect_slashes=False)
    app.state.config = config if config is not None else load_config()
    app.state.chat_model = chat_model
    for router in ROUTERS:
        app.include_router(router)
    # The last middleware added runs first: the path is checked before any body byte is read.
    app.add_middleware(BodyLimit, max_bytes=app.state.config.gateway.max_request_body_bytes)
    app.add_middleware(PathSegmentGuard)
    return app
