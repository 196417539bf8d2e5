"""Branches: does a call at a line run every time its function runs, or only on some paths?

Used for the confidence of findings through libraries: a library function that always reaches
a blocking call is reported at the primitive's priority, one that reaches it only on some paths
(behind an ``if``, in a loop body or an ``except`` handler, after an early ``return`` such as a
cache hit, in one arm of a conditional expression) at low priority.

The check reads the library file again with ``ast`` (like any source: without blocking, regular
files only, up to a size; a file it cannot read answers "not always"); it runs only for the hops
of findings, so each file is parsed at most once per scan.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .source import LIBRARY_MAX_FILE_BYTES, read_source

__all__ = ["Branches"]

_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_SOMETIMES_EXPRESSIONS = (ast.IfExp, ast.BoolOp, ast.ListComp, ast.SetComp, ast.DictComp)


class Branches:
    """Answer "does this line always run?" for functions of files parsed on demand."""

    def __init__(self, max_bytes: int = LIBRARY_MAX_FILE_BYTES) -> None:
        self._max_bytes = max_bytes
        self._defs: dict[Path, dict[int, ast.AST]] = {}

    def always(self, path: Path, def_line: int, line: int) -> bool:
        """Tell whether ``line`` runs on every call of the function defined at ``def_line``."""
        function = self._function(path, def_line)
        if function is None:
            return False
        body = function.body if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) else []
        return _block(body, line)

    def windows_only(self, path: Path, def_line: int, line: int) -> bool:
        """Tell whether ``line`` runs only on Windows: under ``if sys.platform == "win32"``,
        ``if os.name == "nt"``, ``if sys.platform.startswith("win")`` or in the ``else`` of the
        negated test. The servers the detector protects run on POSIX systems."""
        function = self._function(path, def_line)
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            return False
        body: list[ast.stmt] = function.body
        while True:
            statement = next(
                (s for s in body if s.lineno <= line <= (s.end_lineno or s.lineno)), None
            )
            if statement is None:
                return False
            if isinstance(statement, ast.If):
                windows = _windows_test(statement.test)
                if _within_block(statement.body, line):
                    if windows is True:
                        return True
                    body = statement.body
                    continue
                if _within_block(statement.orelse, line):
                    if windows is False:
                        return True
                    body = statement.orelse
                    continue
                return False
            blocks = [getattr(statement, name, None) for name in ("body", "orelse", "finalbody")]
            blocks += [h.body for h in getattr(statement, "handlers", ())]
            inner = next((b for b in blocks if b and _within_block(b, line)), None)
            if inner is None or isinstance(statement, _NESTED):
                return False
            body = inner

    def in_handler(self, path: Path, def_line: int, line: int) -> bool:
        """Tell whether ``line`` is in an ``except`` handler of the function at ``def_line``:
        it runs only after the code it recovers from failed."""
        function = self._function(path, def_line)
        if function is None:
            return False
        stack: list[ast.AST] = [function]
        while stack:
            node = stack.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, _NESTED):
                    continue
                if isinstance(child, ast.ExceptHandler) and _within_block(child.body, line):
                    return True
                stack.append(child)
        return False

    def _function(self, path: Path, def_line: int) -> ast.AST | None:
        defs = self._defs.get(path)
        if defs is None:
            defs = {}
            tree = _parse(path, self._max_bytes)
            if tree is not None:
                for node in ast.walk(tree):
                    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                        defs.setdefault(node.lineno, node)
                        for decorator in node.decorator_list:
                            defs.setdefault(decorator.lineno, node)
            self._defs[path] = defs
        return defs.get(def_line)


def _windows_test(test: ast.expr) -> bool | None:
    """Return True for a test that holds only on Windows, False for its negation, else None."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _windows_test(test.operand)
        return None if inner is None else not inner
    text = ast.unparse(test).replace("'", '"')
    if text in _WINDOWS_TESTS:
        return True
    if text in _NOT_WINDOWS_TESTS:
        return False
    return None


# How libraries spell "this runs on Windows" (the first set) and its negation (the second): the
# spellings of `sys.platform`, `os.name` and `platform.system()` checks met in real packages.
_WINDOWS_TESTS = frozenset(
    {
        'sys.platform == "win32"',
        'os.name == "nt"',
        'sys.platform.startswith("win")',
        'platform.system() == "Windows"',
    }
)
_NOT_WINDOWS_TESTS = frozenset(
    {'sys.platform != "win32"', 'os.name != "nt"', 'platform.system() != "Windows"'}
)


def _parse(path: Path, max_bytes: int) -> ast.Module | None:
    data = read_source(path, max_bytes)
    if not isinstance(data, bytes):
        return None
    try:
        return ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _block(body: list[ast.stmt], line: int) -> bool:
    for statement in body:
        end = statement.end_lineno or statement.lineno
        if statement.lineno <= line <= end:
            return _statement(statement, line)
        if _may_return(statement):
            return False  # an earlier statement can leave the function (a cache hit, a guard)
    return False


def _within(node: ast.AST | None, line: int) -> bool:
    start = getattr(node, "lineno", None)
    if start is None:
        return False
    end = getattr(node, "end_lineno", None) or start
    return bool(start <= line <= end)


def _statement(statement: ast.stmt, line: int) -> bool:
    if isinstance(statement, ast.If):
        return _within(statement.test, line) and _expression(statement.test, line)
    if isinstance(statement, ast.For | ast.AsyncFor):
        return _within(statement.iter, line) and _expression(statement.iter, line)
    if isinstance(statement, ast.While):
        return _within(statement.test, line) and _expression(statement.test, line)
    if isinstance(statement, ast.Try | ast.TryStar):
        if _within_block(statement.body, line):
            return _block(statement.body, line)
        if _within_block(statement.finalbody, line):
            return _block(statement.finalbody, line)
        return False  # an `except` handler or an `else` block
    if isinstance(statement, ast.With | ast.AsyncWith):
        for item in statement.items:
            if _within(item.context_expr, line):
                return _expression(item.context_expr, line)
        return _block(statement.body, line)
    if isinstance(statement, (ast.Match, *_NESTED)):
        return False
    return _expression(statement, line)


def _within_block(body: list[ast.stmt], line: int) -> bool:
    return bool(body) and body[0].lineno <= line <= (body[-1].end_lineno or body[-1].lineno)


def _expression(node: ast.AST, line: int) -> bool:
    """Tell whether nothing conditional inside ``node`` covers ``line``."""
    for child in ast.walk(node):
        if isinstance(child, (*_SOMETIMES_EXPRESSIONS, ast.GeneratorExp, ast.Lambda)):
            if isinstance(child, ast.BoolOp):
                rest = child.values[1:]
                if any(_within(value, line) for value in rest):
                    return False
            elif isinstance(child, ast.IfExp):
                if _within(child.body, line) or _within(child.orelse, line):
                    return False
            elif _within(child, line):
                return False
    return True


def _may_return(statement: ast.stmt) -> bool:
    """Tell whether a compound statement holds a ``return`` that may leave the function."""
    if isinstance(statement, ast.Return):
        return True
    if not isinstance(statement, ast.If | ast.For | ast.AsyncFor | ast.While | ast.Try | ast.With):
        if not isinstance(statement, ast.AsyncWith | ast.Match | ast.TryStar):
            return False
    stack: list[ast.AST] = [statement]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Return):
                return True
            if not isinstance(child, _NESTED):
                stack.append(child)
    return False
