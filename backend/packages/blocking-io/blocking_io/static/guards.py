"""Guards: the simple conditions on local names that must hold for a statement to run.

The summariser records, with every call site, the conditions of the ``if`` statements that
dominate it in its function (``if x is None``, ``if not x``, ``if mode == "local"``, and the
negations that hold in ``else`` branches and after an early ``return``/``raise``). A condition
is a tuple ``(name, op, value)`` with ``op`` one of ``GUARD_OPS``; ``value`` is the literal of
``eq``/``ne`` and None otherwise. Anything more complex is left out: a missing guard only makes
the detector follow more code, never less.
"""

from __future__ import annotations

import ast

__all__ = ["GUARD_OPS", "Guard", "exits", "negated", "positive"]

Guard = tuple[str, str, object]

# op -> its negation
GUARD_OPS: dict[str, str] = {
    "none": "notnone",
    "notnone": "none",
    "truthy": "falsy",
    "falsy": "truthy",
    "eq": "ne",
    "ne": "eq",
}
_LITERALS = (str, int, float, bool, type(None))
_EXITS = (ast.Return, ast.Raise, ast.Continue, ast.Break)


def _literal(node: ast.expr) -> tuple[bool, object]:
    if isinstance(node, ast.Constant) and isinstance(node.value, _LITERALS):
        return True, node.value
    return False, None


def _compare(node: ast.Compare) -> Guard | None:
    if len(node.ops) != 1:
        return None
    left, op, right = node.left, node.ops[0], node.comparators[0]
    if not isinstance(left, ast.Name):
        left, right = right, left
    if not isinstance(left, ast.Name):
        return None
    known, value = _literal(right)
    if not known:
        return None
    if isinstance(op, ast.Is | ast.Eq) and value is None:
        return (left.id, "none", None)
    if isinstance(op, ast.IsNot | ast.NotEq) and value is None:
        return (left.id, "notnone", None)
    if isinstance(op, ast.Eq):
        return (left.id, "eq", value)
    if isinstance(op, ast.NotEq):
        return (left.id, "ne", value)
    return None


def _single(test: ast.expr) -> Guard | None:
    """Return the guard of a test that is one simple condition, else None."""
    if isinstance(test, ast.Name):
        return (test.id, "truthy", None)
    if isinstance(test, ast.Compare):
        return _compare(test)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _single(test.operand)
        return None if inner is None else _negate(inner)
    return None


def _negate(guard: Guard) -> Guard:
    name, op, value = guard
    return (name, GUARD_OPS[op], value)


def positive(test: ast.expr) -> list[Guard]:
    """Return the guards that hold when ``test`` is true (each simple conjunct of an ``and``)."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return [guard for value in test.values for guard in positive(value)]
    guard = _single(test)
    return [] if guard is None else [guard]


def negated(test: ast.expr) -> list[Guard]:
    """Return the guards that hold when ``test`` is false (each disjunct of an ``or``, negated)."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return [guard for value in test.values for guard in negated(value)]
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return positive(test.operand)
    guard = _single(test)
    return [] if guard is None else [_negate(guard)]


def exits(body: list[ast.stmt]) -> bool:
    """Tell whether a block always leaves its enclosing block (its last statement exits)."""
    if not body:
        return False
    last = body[-1]
    if isinstance(last, _EXITS):
        return True
    if isinstance(last, ast.If):
        return bool(last.orelse) and exits(last.body) and exits(last.orelse)
    return False
