"""Loop entries: sync code that the event loop or a framework runs on the loop thread.

``LOOP_CALLBACKS`` lists the calls that schedule a sync callable on the loop (exposure
``callback``); ``LOOP_HOOKS`` lists framework base classes whose sync hook methods the framework
calls from its async path when the subclass has no async override, ``HOOK_DECORATORS`` the
decorators that register a sync function the framework then calls on the loop (exposure
``hook``). The asyncio protocol callbacks are in ``protocols``.
Every ``async def`` is an entry too (exposure ``direct``) and needs no table.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "HOOK_DECORATORS",
    "LOOP_CALLBACKS",
    "LOOP_HOOKS",
    "TRANSPARENT_DECORATORS",
    "HookDecorator",
    "LoopCallback",
    "LoopHook",
    "TransparentDecorator",
]


@dataclass(frozen=True)
class LoopCallback:
    """A call whose callable argument the loop later runs on its own thread."""

    name: str
    callable_arg: int
    any_receiver: bool
    reason: str


@dataclass(frozen=True)
class LoopHook:
    """A sync hook method of a framework base class that runs on the loop."""

    base: str
    method: str
    async_twin: str
    reason: str


@dataclass(frozen=True)
class HookDecorator:
    """A decorator that registers a sync function the framework calls on the loop."""

    name: str
    instead: str
    reason: str


LOOP_CALLBACKS: tuple[LoopCallback, ...] = (
    LoopCallback(
        name="asyncio.AbstractEventLoop.call_soon",
        callable_arg=0,
        any_receiver=True,
        reason="The loop runs the callback on its next iteration.",
    ),
    LoopCallback(
        name="asyncio.AbstractEventLoop.call_soon_threadsafe",
        callable_arg=0,
        any_receiver=True,
        reason="Called from any thread, but the callback itself runs on the loop.",
    ),
    LoopCallback(
        name="asyncio.AbstractEventLoop.call_later",
        callable_arg=1,
        any_receiver=True,
        reason="The loop runs the callback after the delay.",
    ),
    LoopCallback(
        name="asyncio.AbstractEventLoop.call_at",
        callable_arg=1,
        any_receiver=True,
        reason="The loop runs the callback at the given loop time.",
    ),
    LoopCallback(
        name="asyncio.AbstractEventLoop.add_signal_handler",
        callable_arg=1,
        any_receiver=True,
        reason="The loop runs signal handlers itself, on the loop thread.",
    ),
    LoopCallback(
        name="asyncio.AbstractEventLoop.add_reader",
        callable_arg=1,
        any_receiver=True,
        reason="The loop calls the reader callback when the descriptor becomes readable.",
    ),
    LoopCallback(
        name="asyncio.AbstractEventLoop.add_writer",
        callable_arg=1,
        any_receiver=True,
        reason="The loop calls the writer callback when the descriptor becomes writable.",
    ),
    LoopCallback(
        name="anyio.from_thread.run_sync",
        callable_arg=0,
        any_receiver=False,
        reason="Called from a worker thread, it runs the callable on the event loop thread.",
    ),
    LoopCallback(
        name="asyncio.Future.add_done_callback",
        callable_arg=0,
        any_receiver=True,
        reason="The loop schedules the callback with call_soon when the future completes.",
    ),
    LoopCallback(
        name="asyncio.Task.add_done_callback",
        callable_arg=0,
        any_receiver=True,
        reason="Tasks are futures: done callbacks run on the loop.",
    ),
)

_MIDDLEWARE = "langchain.agents.middleware.AgentMiddleware"
_MIDDLEWARE_REASON = (
    "The agent's async path calls the sync hook on the loop when the middleware does not "
    "override the async twin."
)

LOOP_HOOKS: tuple[LoopHook, ...] = (
    LoopHook(
        base=_MIDDLEWARE,
        method="before_agent",
        async_twin="abefore_agent",
        reason=_MIDDLEWARE_REASON,
    ),
    LoopHook(
        base=_MIDDLEWARE,
        method="before_model",
        async_twin="abefore_model",
        reason=_MIDDLEWARE_REASON,
    ),
    LoopHook(
        base=_MIDDLEWARE,
        method="after_model",
        async_twin="aafter_model",
        reason=_MIDDLEWARE_REASON,
    ),
    LoopHook(
        base=_MIDDLEWARE,
        method="after_agent",
        async_twin="aafter_agent",
        reason=_MIDDLEWARE_REASON,
    ),
)

_DECORATOR_REASON = (
    "The decorator builds a middleware whose hook is this sync function; the agent's async "
    "path calls it on the loop."
)
_STARTUP_REASON = "Starlette awaits async event handlers and calls sync ones directly on the loop."

HOOK_DECORATORS: tuple[HookDecorator, ...] = (
    HookDecorator(
        name="langchain.agents.middleware.before_agent",
        instead="@before_agent async def",
        reason=_DECORATOR_REASON,
    ),
    HookDecorator(
        name="langchain.agents.middleware.before_model",
        instead="@before_model async def",
        reason=_DECORATOR_REASON,
    ),
    HookDecorator(
        name="langchain.agents.middleware.after_model",
        instead="@after_model async def",
        reason=_DECORATOR_REASON,
    ),
    HookDecorator(
        name="langchain.agents.middleware.after_agent",
        instead="@after_agent async def",
        reason=_DECORATOR_REASON,
    ),
    HookDecorator(
        name="fastapi.FastAPI.on_event",
        instead="async def handler",
        reason=_STARTUP_REASON,
    ),
    HookDecorator(
        name="fastapi.APIRouter.on_event",
        instead="async def handler",
        reason=_STARTUP_REASON,
    ),
    HookDecorator(
        name="starlette.applications.Starlette.on_event",
        instead="async def handler",
        reason=_STARTUP_REASON,
    ),
)


@dataclass(frozen=True)
class TransparentDecorator:
    """A decorator that neither registers nor hands out the function it decorates.

    Decorated ``async def`` functions are loop entries because a decorator usually registers
    them with a framework (a route, a handler). These do not: calling the decorated function
    calls the original, so it runs only where the project calls it, in its callers' context.
    A project decorator that returns a wrapper it defines is transparent too (``roots``).
    """

    name: str
    reason: str


_BINDS = "Binds the function as a method of its class; callers reach it through the class."
_CACHES = "Caches results; a call runs the function or returns a stored result, nothing else."
_TYPING = "Marks an override for type checkers; no effect at run time."
_RETRIES = "Retries the call; the wrapper calls the function it wraps."

TRANSPARENT_DECORATORS: tuple[TransparentDecorator, ...] = (
    TransparentDecorator(name="builtins.staticmethod", reason=_BINDS),
    TransparentDecorator(name="builtins.classmethod", reason=_BINDS),
    TransparentDecorator(name="functools.cache", reason=_CACHES),
    TransparentDecorator(name="functools.lru_cache", reason=_CACHES),
    TransparentDecorator(name="functools.cached_property", reason=_CACHES),
    TransparentDecorator(
        name="functools.wraps", reason="Copies the wrapped function's name onto a wrapper."
    ),
    TransparentDecorator(name="typing.override", reason=_TYPING),
    TransparentDecorator(name="typing_extensions.override", reason=_TYPING),
    TransparentDecorator(
        name="abc.abstractmethod", reason="Marks a method abstract; subclasses implement it."
    ),
    TransparentDecorator(name="tenacity.retry", reason=_RETRIES),
    TransparentDecorator(name="backoff.on_exception", reason=_RETRIES),
)
