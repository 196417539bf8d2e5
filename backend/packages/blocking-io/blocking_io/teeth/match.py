"""Match offload calls against the shared offloader table and build the direct call they wrap.

Only offloaders whose awaited result is the callable's result (``returns_result``) can be
reverted to a direct call; thread and executor-submit entries are not awaited that way. Keyword
arguments after the callable are kept only for offloaders that pass them on (``forwards_keywords``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import libcst as cst

from blocking_io.static.offloaders import OFFLOADERS, Offloader

from .messages import (
    REASON_KEYWORD_CALLABLE,
    REASON_NO_CALLABLE,
    REASON_OFFLOADER_KEYWORD,
    REASON_STARRED,
)

__all__ = [
    "REVERTIBLE",
    "DirectCall",
    "callable_position",
    "direct_call",
    "match_offloader",
]

REVERTIBLE: tuple[Offloader, ...] = tuple(o for o in OFFLOADERS if o.returns_result)

_PARTIAL = "functools.partial"
# Expressions that can stand as a call's function or replace an await without parentheses.
_PRIMARY = (cst.Name, cst.Attribute, cst.Call, cst.Subscript)


@dataclass(frozen=True)
class DirectCall:
    """The expression replacing an awaited offload, and the parts of it that were dropped."""

    expression: cst.BaseExpression
    dropped: tuple[cst.CSTNode, ...]


def match_offloader(call: cst.Call, qualified_names: Collection[str]) -> Offloader | None:
    """Return the revertible offloader `call` invokes, or None.

    `qualified_names` are the names the call's function may refer to. Entries with
    `any_receiver` also match a method call of that name on any receiver (`loop`, `self._loop`,
    `asyncio.get_running_loop()`), whose type is unknown here.
    """
    for offloader in REVERTIBLE:
        if offloader.name in qualified_names:
            return offloader
        method = offloader.name.rsplit(".", 1)[-1]
        if offloader.any_receiver and isinstance(call.func, cst.Attribute):
            if call.func.attr.value == method:
                return offloader
    return None


def direct_call(
    original: cst.Call,
    updated: cst.Call,
    offloader: Offloader,
    names_of: Callable[[cst.CSTNode], Collection[str]],
) -> DirectCall | str:
    """Return the direct call that `updated` offloads, or the reason it cannot be built.

    `original` is the same call in the unmodified tree, where `names_of` resolves qualified
    names; the result is built from `updated`, so rewrites inside the arguments are kept.
    """
    position = callable_position(updated, offloader)
    if isinstance(position, str):
        return position
    rest = updated.args[position + 1 :]
    if not offloader.forwards_keywords:
        for arg in rest:
            if arg.keyword is not None or arg.star == "**":
                keyword = arg.keyword.value if arg.keyword is not None else "**"
                return REASON_OFFLOADER_KEYWORD.format(keyword=keyword)
    target = updated.args[position].value
    dropped: list[cst.CSTNode] = [original.func, *original.args[:position]]
    original_target = original.args[position].value
    if (
        isinstance(target, cst.Call)
        and isinstance(original_target, cst.Call)
        and _PARTIAL in names_of(original_target.func)
    ):
        unwrapped = _unwrap_partial(target, rest)
        if unwrapped is not None:
            dropped.append(original_target.func)
            return DirectCall(unwrapped, tuple(dropped))
    if isinstance(target, cst.Lambda) and not rest and not target.params.children:
        return DirectCall(_as_operand(target.body), tuple(dropped))
    func = target if _is_primary(target) else _parenthesized(target)
    call = cst.Call(func=func, args=rest, whitespace_before_args=updated.whitespace_before_args)
    return DirectCall(call, tuple(dropped))


def callable_position(call: cst.Call, offloader: Offloader) -> int | str:
    """Return the index in `call.args` of the callable, or the reason it cannot be found."""
    index = 0
    for position, arg in enumerate(call.args):
        if arg.star:
            name = cst.Module([]).code_for_node(arg.value)
            argument = f"{arg.star}{name}"
            return REASON_STARRED.format(argument=argument, index=offloader.callable_arg)
        if arg.keyword is not None:
            continue
        if index == offloader.callable_arg:
            return position
        index += 1
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == offloader.callable_kw:
            return REASON_KEYWORD_CALLABLE.format(keyword=offloader.callable_kw)
    return REASON_NO_CALLABLE.format(index=offloader.callable_arg)


def _unwrap_partial(partial: cst.Call, rest: Sequence[cst.Arg]) -> cst.Call | None:
    """Return `f(a, *rest, k=v, **rest_keywords)` for `partial(f, a, k=v)`, or None if starred."""
    if not partial.args or any(arg.star for arg in partial.args):
        return None
    head, *bound = partial.args
    if head.keyword is not None:
        return None
    positional = [arg for arg in (*bound, *rest) if arg.keyword is None and not arg.star]
    starred = [arg for arg in rest if arg.star == "*"]
    keywords = [arg for arg in (*bound, *rest) if arg.keyword is not None or arg.star == "**"]
    args = [*positional, *starred, *keywords]
    # Commas as written are kept; the last argument drops its trailing one only if it moved.
    if args and args[-1] is not (rest[-1] if rest else None):
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    func = head.value if _is_primary(head.value) else _parenthesized(head.value)
    return cst.Call(func=func, args=args)


def _is_primary(node: cst.BaseExpression) -> bool:
    """Tell whether `node` can be called or awaited-in-place without adding parentheses."""
    return isinstance(node, _PRIMARY) or bool(node.lpar) or isinstance(node, cst.BaseString)


def _as_operand(node: cst.BaseExpression) -> cst.BaseExpression:
    """Return `node`, parenthesized unless it already binds as tightly as an await."""
    if _is_primary(node) or isinstance(node, (cst.Integer, cst.Float, cst.Imaginary)):
        return node
    return _parenthesized(node)


def _parenthesized(node: cst.BaseExpression) -> cst.BaseExpression:
    """Wrap `node` in one pair of parentheses."""
    return node.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
