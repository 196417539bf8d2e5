"""Strict JSON request bodies: RFC 8259 JSON only, parsed once, every failure a 422.

Python's `json.loads` also accepts `NaN`, `Infinity`, `-Infinity` and lone surrogate escapes
(`"\\ud800"`). None of them can be rendered back into a JSON response (the validation error that
echoes a NaN, or a reply that contains a lone surrogate, fails to encode), so the default parser
turned them into 500s after the run had started. `StrictJsonRoute` parses the body of every route
that takes one before FastAPI does and answers 422 naming the offending field; FastAPI then reads
the already-parsed value, so the body is parsed once.
"""

from __future__ import annotations

import email.message
import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from app.gateway.messages import (
    MSG_JSON_LONE_SURROGATE,
    MSG_JSON_NON_FINITE,
    MSG_JSON_NOT_UTF8,
    MSG_JSON_SYNTAX,
    MSG_JSON_TOO_DEEP,
)

__all__ = ["JSON_MAX_DEPTH", "StrictJsonRequest", "StrictJsonRoute", "parse_json_body"]

# Request bodies of this API are flat objects; the limit leaves room for nested metadata while
# keeping validation and error rendering (both recursive) far from the interpreter's limit.
JSON_MAX_DEPTH = 64

Loc = tuple[str | int, ...]


class _NonFinite:
    """Placeholder `json.loads` puts where the document has `NaN`, `Infinity` or `-Infinity`."""

    def __init__(self, constant: str) -> None:
        self.constant = constant


def parse_json_body(body: bytes) -> Any:
    """Return the decoded JSON document `body`.

    Raises:
        RequestValidationError: the body is not UTF-8, does not parse, holds a non-finite number
            or a lone surrogate, or is nested more than `JSON_MAX_DEPTH` levels deep.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _invalid((), MSG_JSON_NOT_UTF8.format(position=exc.start)) from None
    try:
        document = json.loads(text, parse_constant=_NonFinite)
    except json.JSONDecodeError as exc:
        message = MSG_JSON_SYNTAX.format(problem=exc.msg, line=exc.lineno, column=exc.colno)
        raise _invalid((exc.pos,), message) from None
    except RecursionError:
        raise _invalid((), MSG_JSON_TOO_DEEP.format(max_depth=JSON_MAX_DEPTH)) from None
    problem = _first_problem(document)
    if problem is not None:
        raise _invalid(*problem)
    return document


def _first_problem(document: Any) -> tuple[Loc, str] | None:
    """Return where and what the first non-JSON value is; iterative, so depth cannot overflow."""
    pending: list[tuple[Loc, Any, int]] = [((), document, 1)]
    while pending:
        loc, value, depth = pending.pop()
        if isinstance(value, _NonFinite):
            return loc, MSG_JSON_NON_FINITE.format(constant=value.constant)
        if isinstance(value, str):
            escape = _lone_surrogate(value)
            if escape is not None:
                return loc, MSG_JSON_LONE_SURROGATE.format(escape=escape)
        if not isinstance(value, dict | list):
            continue
        if depth > JSON_MAX_DEPTH:
            return loc, MSG_JSON_TOO_DEEP.format(max_depth=JSON_MAX_DEPTH)
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        for key, _ in items:
            escape = _lone_surrogate(key) if isinstance(key, str) else None
            if escape is not None:
                return loc, MSG_JSON_LONE_SURROGATE.format(escape=escape)
        # Reversed, so values are checked in document order.
        pending.extend(((*loc, key), child, depth + 1) for key, child in reversed(items))
    return None


def _lone_surrogate(text: str) -> str | None:
    """Return the `\\uXXXX` escape of the first lone surrogate in `text`, or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        # json.loads joins valid pairs into one code point, so any surrogate left is lone.
        return f"\\u{ord(text[exc.start]):04x}"
    return None


def _invalid(loc: Loc, message: str) -> RequestValidationError:
    return RequestValidationError([{"type": "json_invalid", "loc": ("body", *loc), "msg": message}])


def _may_be_json(content_type: str | None) -> bool:
    """Tell whether FastAPI could parse a body of this content type as JSON."""
    if not content_type:
        return True
    header = email.message.Message()
    header["content-type"] = content_type
    subtype = header.get_content_subtype()
    return header.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


_UNPARSED = object()


class StrictJsonRequest(Request):
    """A request whose `json()` is `parse_json_body` of its body, parsed once and cached."""

    _strict_json: Any = _UNPARSED

    async def json(self) -> Any:
        """Return the strictly parsed body (see `parse_json_body`)."""
        if self._strict_json is _UNPARSED:
            self._strict_json = parse_json_body(await self.body())
        return self._strict_json


class StrictJsonRoute(APIRoute):
    """An API route that parses a JSON body strictly before FastAPI reads it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler so a bad body raises `RequestValidationError` (a 422)."""
        handler = super().get_route_handler()
        if self.body_field is None:
            return handler

        async def strict_handler(request: Request) -> Response:
            strict = StrictJsonRequest(request.scope, request.receive)
            # Parsed here, outside FastAPI's body reader, which maps unknown errors to a 400.
            if _may_be_json(strict.headers.get("content-type")) and await strict.body():
                await strict.json()
            return await handler(strict)

        return strict_handler
