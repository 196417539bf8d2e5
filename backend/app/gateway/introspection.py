"""Do FastAPI's per-endpoint source lookup at startup, in a worker thread, not on the loop.

FastAPI records where each endpoint is defined (for its error messages) on the endpoint's first
request: `inspect.getsourcefile` stats the module file and `inspect.getsourcelines` reads it, on
the event loop, inside every middleware. It caches the result per endpoint function, so running
the same lookup once at startup, off the loop, leaves nothing to do when requests arrive.
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter
from fastapi import routing as fastapi_routing
from fastapi.routing import APIRoute

__all__ = ["warm_endpoint_context"]


def warm_endpoint_context(routers: Iterable[APIRouter]) -> int:
    """Fill FastAPI's endpoint-context cache for every API route; return how many were filled.

    Blocking (stat and file reads): call it through `asyncio.to_thread`. A FastAPI version
    without the private helper needs no warming, and nothing is done.
    """
    extract = getattr(fastapi_routing, "_extract_endpoint_context", None)
    if extract is None:
        return 0
    calls = {
        route.dependant.call
        for router in routers
        for route in router.routes
        if isinstance(route, APIRoute) and route.dependant.call is not None
    }
    for call in calls:
        extract(call)
    return len(calls)
