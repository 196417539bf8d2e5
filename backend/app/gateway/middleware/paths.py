"""Refuse paths with dot segments or encoded separators before routing, with a 422.

Starlette routes on the percent-decoded path, so `runs/%2e%2e%2f` reaches the router as
`runs/../`. Without this guard such a path could be matched as another route (an encoded '/'
moves an id into another route's position) or echoed into a redirect that a client then
normalises into a parent resource (`DELETE .../runs/..` becomes `DELETE` of the thread). The raw
path is checked segment by segment; ids never contain a dot segment or a separator, so no valid
request is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from app.gateway.messages import MSG_PATH_SEGMENT

__all__ = ["SEGMENT_RULES", "PathSegmentGuard", "SegmentRule", "find_unsafe_segment"]


@dataclass(frozen=True)
class SegmentRule:
    """One way a decoded path segment is unsafe; the first matching rule is reported."""

    problem: str
    violated: Callable[[str], bool]
    reason: str


SEGMENT_RULES = (
    SegmentRule(
        "it is a dot segment",
        lambda decoded: decoded.rstrip("/\\") in {".", ".."},
        "clients normalise dot segments, so a URL built from it addresses the parent resource",
    ),
    SegmentRule(
        "it contains an encoded path separator",
        lambda decoded: "/" in decoded or "\\" in decoded,
        "the router splits the decoded path, so the id would move into another route's position",
    ),
)


def find_unsafe_segment(raw_path: bytes) -> str | None:
    """Return the error message for the first unsafe segment of `raw_path`, or None."""
    path = raw_path.split(b"?", 1)[0].decode("latin-1")
    for segment in path.split("/"):
        decoded = unquote(segment)
        for rule in SEGMENT_RULES:
            if rule.violated(decoded):
                return MSG_PATH_SEGMENT.format(
                    segment=segment, decoded=decoded, problem=rule.problem
                )
    return None


class PathSegmentGuard:
    """Answer 422 for an HTTP request whose raw path has an unsafe segment; pass the rest on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            # Servers that omit `raw_path` give only the decoded path; checking it is stricter.
            raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
            problem = find_unsafe_segment(raw_path)
            if problem is not None:
                response = JSONResponse({"detail": problem}, status_code=422)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
