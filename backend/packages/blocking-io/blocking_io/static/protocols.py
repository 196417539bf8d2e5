"""Protocol hooks: asyncio protocol callbacks, which the loop's transports call on the loop thread.

Entries use ``LoopHook``: ``base`` is each asyncio protocol class that declares (or inherits) the
method, since the analyzer does not know the external class hierarchy; ``async_twin`` names the
remedy, as protocol callbacks have no async variant.
"""

from __future__ import annotations

from .entries import LoopHook

__all__ = ["PROTOCOL_HOOKS"]

_PROTOCOL_REASON = "The loop's transports call protocol methods directly, on the loop thread."
_PROTOCOL_TWIN = "an async task the callback schedules"

PROTOCOL_HOOKS: tuple[LoopHook, ...] = (
    LoopHook(
        base="asyncio.BaseProtocol",
        method="connection_made",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.BaseProtocol",
        method="connection_lost",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.Protocol",
        method="connection_made",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.Protocol",
        method="connection_lost",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.BufferedProtocol",
        method="connection_made",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.BufferedProtocol",
        method="connection_lost",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.DatagramProtocol",
        method="connection_made",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.DatagramProtocol",
        method="connection_lost",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.SubprocessProtocol",
        method="connection_made",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.SubprocessProtocol",
        method="connection_lost",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.Protocol",
        method="data_received",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.Protocol",
        method="eof_received",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.BufferedProtocol",
        method="buffer_updated",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.BufferedProtocol",
        method="eof_received",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.DatagramProtocol",
        method="datagram_received",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.SubprocessProtocol",
        method="pipe_data_received",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
    LoopHook(
        base="asyncio.SubprocessProtocol",
        method="process_exited",
        async_twin=_PROTOCOL_TWIN,
        reason=_PROTOCOL_REASON,
    ),
)
