"""Expression encoding: ast expressions as small nested tuples (see ``summary``)."""

from __future__ import annotations

import ast
from typing import Any

__all__ = ["CHILD_FIELDS", "Encoded", "encode", "encode_arg"]

# A nested tuple whose first item is its tag ("n" name, "a" attribute, "c" call, ...).
Encoded = tuple[Any, ...]

_LITERALS = (str, int, float, bool, type(None))

# The expression fields of common node types, read directly by the summariser's fast path.
CHILD_FIELDS: dict[type, tuple[str, ...]] = {
    ast.Subscript: ("value", "slice"),
    ast.BinOp: ("left", "right"),
    ast.Compare: ("left", "comparators"),
    ast.BoolOp: ("values",),
    ast.UnaryOp: ("operand",),
    ast.List: ("elts",),
    ast.Tuple: ("elts",),
    ast.Set: ("elts",),
    ast.Dict: ("keys", "values"),
    ast.JoinedStr: ("values",),
    ast.FormattedValue: ("value", "format_spec"),
    ast.IfExp: ("test", "body", "orelse"),
    ast.Starred: ("value",),
    ast.Slice: ("lower", "upper", "step"),
}


def _constants(nodes: list) -> bool:
    return all(type(n) is ast.Constant and isinstance(n.value, _LITERALS) for n in nodes)


def encode_arg(node: ast.expr, lambda_names: dict[int, str]) -> Encoded | None:
    """Encode a call argument: names, attributes, calls and lambdas; anything else is None."""
    t = type(node)
    if t is ast.Name or t is ast.Attribute or t is ast.Call or t is ast.Lambda:
        return encode(node, lambda_names)
    if t is ast.Starred:
        return ("star",)
    if t is ast.Constant:
        return ("k", node.value) if isinstance(node.value, _LITERALS) else None
    return None


def encode(expr: ast.expr, lambda_names: dict[int, str]) -> Encoded | None:
    """Encode an expression as the nested tuples described in ``summary``."""
    # Dispatch on the exact type (the summariser's hot path); the checks below stand in for
    # isinstance narrowing, which a type checker cannot see through `type(node) is`.
    node: Any = expr
    t = type(node)
    if t is ast.Name:
        return ("n", node.id)
    if t is ast.Attribute:
        base = encode(node.value, lambda_names)
        return None if base is None else ("a", base, node.attr)
    if t is ast.Call:
        func = encode(node.func, lambda_names)
        if func is None:
            return None
        first = encode_arg(node.args[0], lambda_names) if node.args else None
        if len(node.args) < 2 and not node.keywords:
            return ("c", func, first)
        # The other arguments, for calls that build a class from one (`load(path, Base)`) and
        # rows of tables (`Row(convert=f)`); a keyword argument is ("kw", name, value), with
        # name "**" for `**mapping`.
        rest = [encode_arg(arg, lambda_names) for arg in node.args[1:]]
        rest += [("kw", k.arg or "**", encode_arg(k.value, lambda_names)) for k in node.keywords]
        return ("c", func, first, tuple(rest))
    if t is ast.BinOp:
        op = type(node.op)
        if op is ast.Div:
            left = encode(node.left, lambda_names)
            return None if left is None else ("d", left)
        if op is ast.BitOr:
            return ("or", encode(node.left, lambda_names), encode(node.right, lambda_names))
        return None
    if t is ast.Constant:
        return ("s", node.value) if isinstance(node.value, str) else None
    if t is ast.Subscript:
        return ("sub", encode(node.value, lambda_names), encode(node.slice, lambda_names))
    if t is ast.Dict or t is ast.Set or t is ast.List:
        keys = node.keys if t is ast.Dict else node.elts
        if keys and _constants(keys):
            # A literal table: its constant keys (or elements) decide `x in TABLE` guards; a
            # dict keeps its values too (`HANDLERS[name](...)` may call any of them).
            values = tuple(encode(v, lambda_names) for v in node.values) if t is ast.Dict else ()
            return ("keys", tuple(key.value for key in keys), values)
        if t is not ast.Dict and node.elts:
            # A literal list or set of callables (`HOOKS = [on_start, on_stop]`).
            return ("coll", tuple(encode(element, lambda_names) for element in node.elts))
        return None
    if t is ast.Tuple:
        if node.elts and _constants(node.elts):
            return ("keys", tuple(element.value for element in node.elts), ())
        return ("tup", tuple(encode(element, lambda_names) for element in node.elts))
    if t is ast.Await:
        return encode(node.value, lambda_names)
    if t is ast.IfExp:
        return ("either", encode(node.body, lambda_names), encode(node.orelse, lambda_names))
    if t is ast.BoolOp and type(node.op) is ast.Or:
        # `x or y or z` gives the first truthy value: any of them, in order.
        either = encode(node.values[-1], lambda_names)
        for value in reversed(node.values[:-1]):
            either = ("either", encode(value, lambda_names), either)
        return either
    if t is ast.Lambda:
        qualname = lambda_names.get(id(node))
        return None if qualname is None else ("lam", qualname)
    return None
