"""Message templates of the gateway's own error answers; tests import these, never retype them."""

from __future__ import annotations

__all__ = [
    "MSG_BODY_TOO_LARGE",
    "MSG_JSON_LONE_SURROGATE",
    "MSG_JSON_NON_FINITE",
    "MSG_JSON_NOT_UTF8",
    "MSG_JSON_SYNTAX",
    "MSG_JSON_TOO_DEEP",
    "MSG_PATH_SEGMENT",
]

MSG_PATH_SEGMENT = (
    "Invalid path segment `{segment}` (decoded {decoded!r}): {problem}; send ids from"
    " [A-Za-z0-9._:-] without '..' and do not percent-encode '/', '\\' or '.'."
)

MSG_JSON_NON_FINITE = (
    "Non-finite number `{constant}` in the JSON body; send a finite number, or a string for text."
)
MSG_JSON_LONE_SURROGATE = (
    "Lone surrogate `{escape}` in a JSON string; pair it with its other half or send the text"
    " as UTF-8."
)
MSG_JSON_NOT_UTF8 = "The JSON body is not valid UTF-8 at byte {position}; encode it as UTF-8."
MSG_JSON_SYNTAX = (
    "The JSON body does not parse: {problem} at line {line}, column {column}; send valid JSON."
)
MSG_JSON_TOO_DEEP = (
    "The JSON body is nested more than {max_depth} levels deep; send a flatter document."
)

MSG_BODY_TOO_LARGE = (
    "Request body exceeds the limit of {limit} bytes set by `gateway.max_request_body_bytes`;"
    " send a smaller body or raise the limit in the config."
)
