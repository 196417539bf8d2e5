"""Offloaders: calls that run a callable off the event loop, so it is never followed.

The analyzer and the codemod read this table. ``callable_arg`` is the positional index of the
callable and ``callable_kw`` its keyword name. ``any_receiver`` entries also match by method name
when the receiver's type is unknown (``loop.run_in_executor`` on an untyped ``loop``): treating
an unknown call as an offload can only hide a finding, never invent one. ``returns_result``
entries return (once awaited) what the callable returns, so the detector keeps the value's type.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["OFFLOADERS", "Offloader"]


@dataclass(frozen=True)
class Offloader:
    """A call that runs its callable argument in a worker thread or process."""

    name: str
    callable_arg: int
    callable_kw: str
    any_receiver: bool
    returns_result: bool
    forwards_keywords: bool
    reason: str


OFFLOADERS: tuple[Offloader, ...] = (
    Offloader(
        name="asyncio.to_thread",
        callable_arg=0,
        callable_kw="func",
        any_receiver=False,
        returns_result=True,
        forwards_keywords=True,
        reason=(
            "Runs the callable in the default executor and awaits the result; passes **kwargs on "
            "to it."
        ),
    ),
    Offloader(
        name="asyncio.AbstractEventLoop.run_in_executor",
        callable_arg=1,
        callable_kw="func",
        any_receiver=True,
        returns_result=True,
        forwards_keywords=False,
        reason=(
            "Runs the callable in the given executor, or the default one for None; takes no "
            "keyword arguments for it (callers bind them with functools.partial)."
        ),
    ),
    Offloader(
        name="anyio.to_thread.run_sync",
        callable_arg=0,
        callable_kw="func",
        any_receiver=False,
        returns_result=True,
        forwards_keywords=False,
        reason=(
            "Runs the callable in anyio's worker thread pool; its own keywords (limiter, "
            "abandon_on_cancel) configure the worker thread."
        ),
    ),
    Offloader(
        name="starlette.concurrency.run_in_threadpool",
        callable_arg=0,
        callable_kw="func",
        any_receiver=False,
        returns_result=True,
        forwards_keywords=True,
        reason=(
            "Starlette's wrapper around anyio's worker threads; passes **kwargs on to the callable."
        ),
    ),
    Offloader(
        name="fastapi.concurrency.run_in_threadpool",
        callable_arg=0,
        callable_kw="func",
        any_receiver=False,
        returns_result=True,
        forwards_keywords=True,
        reason="FastAPI re-exports Starlette's threadpool runner unchanged.",
    ),
    Offloader(
        name="threading.Thread",
        callable_arg=1,
        callable_kw="target",
        any_receiver=False,
        returns_result=False,
        forwards_keywords=False,
        reason=(
            "The target runs in a new thread once the thread starts; keywords (args, kwargs, "
            "daemon) configure the thread."
        ),
    ),
    Offloader(
        name="threading.Timer",
        callable_arg=1,
        callable_kw="function",
        any_receiver=False,
        returns_result=False,
        forwards_keywords=False,
        reason=(
            "The function runs in the timer's own thread after the interval; args and kwargs are "
            "keywords of the timer."
        ),
    ),
    Offloader(
        name="multiprocessing.Process",
        callable_arg=1,
        callable_kw="target",
        any_receiver=False,
        returns_result=False,
        forwards_keywords=False,
        reason=(
            "The target runs in a child process; keywords (args, kwargs, daemon) configure the "
            "process."
        ),
    ),
    Offloader(
        name="concurrent.futures.Executor.submit",
        callable_arg=0,
        callable_kw="fn",
        any_receiver=True,
        returns_result=False,
        forwards_keywords=True,
        reason="The callable runs in one of the executor's workers; **kwargs are passed on to it.",
    ),
    Offloader(
        name="concurrent.futures.ThreadPoolExecutor.submit",
        callable_arg=0,
        callable_kw="fn",
        any_receiver=False,
        returns_result=False,
        forwards_keywords=True,
        reason=(
            "The callable runs in one of the pool's worker threads; **kwargs are passed on to it."
        ),
    ),
    Offloader(
        name="concurrent.futures.ProcessPoolExecutor.submit",
        callable_arg=0,
        callable_kw="fn",
        any_receiver=False,
        returns_result=False,
        forwards_keywords=True,
        reason="The callable runs in a worker process; **kwargs are passed on to it.",
    ),
    Offloader(
        name="concurrent.futures.ThreadPoolExecutor.map",
        callable_arg=0,
        callable_kw="fn",
        any_receiver=False,
        returns_result=False,
        forwards_keywords=False,
        reason=(
            "Each call runs in one of the pool's worker threads; its keywords (timeout, "
            "chunksize) configure the map."
        ),
    ),
)
