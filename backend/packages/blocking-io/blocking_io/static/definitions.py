"""Definition summaries: functions, methods, classes and lambdas of one module.

A component of the summariser in ``summary`` (composition, not a mixin): it fills the
summariser's tables (``functions``, ``classes``, ``lambda_names``, ``names``) and calls its
``stmts``, ``expr``, ``bind``, ``attribute`` and ``enc`` methods through ``self.s``. ``Scope``
says where statements live (module, class body or function).
"""

from __future__ import annotations

import ast
from typing import Any

from .encode import Encoded
from .records import ClassSummary, FunctionSummary

__all__ = ["Definitions", "Scope"]


class Scope:
    """Where the statements being visited live: the module, a class body or a function."""

    __slots__ = ("bindings", "cls", "fn", "guards", "kind", "lambdas", "prefix")

    def __init__(self, kind: str, fn: dict | None, prefix: str, bindings: dict, cls: dict | None):
        self.kind = kind
        self.fn = fn
        self.prefix = prefix
        self.bindings = bindings
        self.cls = cls
        self.lambdas = 0
        self.guards: list = []


def _decorator_names(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    names = set()
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Name):
            names.add(decorator.id)
        elif isinstance(decorator, ast.Attribute):
            names.add(decorator.attr)
    return names


def _is_stub(body: list[ast.stmt]) -> bool:
    """Tell whether a function body does nothing itself (docstring, ``pass``, ``...``, or
    ``raise NotImplementedError``): calls to it must reach an override to do anything."""
    statements = body[1:] if body and _is_docstring(body[0]) else body
    if len(statements) != 1:
        return not statements
    only = statements[0]
    if isinstance(only, ast.Pass):
        return True
    if isinstance(only, ast.Expr) and isinstance(only.value, ast.Constant):
        return only.value.value is Ellipsis
    if isinstance(only, ast.Raise) and only.exc is not None:
        exc = only.exc.func if isinstance(only.exc, ast.Call) else only.exc
        return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"
    return False


def _literal_defaults(args: ast.arguments) -> dict:
    """Return the parameters whose default is a literal, with it as ``("k", value)``."""
    found = {}
    positional = (*args.posonlyargs, *args.args)
    pairs = zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True)
    for arg, default in (*pairs, *zip(args.kwonlyargs, args.kw_defaults, strict=True)):
        if isinstance(default, ast.Constant) and isinstance(
            default.value, str | int | float | bool | type(None)
        ):
            found[arg.arg] = ("k", default.value)
    return found


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


class Definitions:
    """Summarise definitions into the summariser's tables; it walks statements and expressions."""

    def __init__(self, summariser: Any) -> None:
        self.s = summariser

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, sc: Scope) -> None:
        """Summarise a function or method: parameters, annotations, decorators and body.

        One record literal with every field a function summary has; splitting it would
        scatter the record's shape.
        """
        for decorator in node.decorator_list:
            self.s.expr(decorator, sc)
        args = node.args
        for default in args.defaults:
            self.s.expr(default, sc)
        for default in args.kw_defaults:
            if default is not None:
                self.s.expr(default, sc)
        qualname = sc.prefix + node.name
        params = {}
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
            params[arg.arg] = self.s.enc(arg.annotation) if arg.annotation is not None else None
        for arg in (args.vararg, args.kwarg):
            if arg is not None:
                params[arg.arg] = None
        positional_names = [arg.arg for arg in (*args.posonlyargs, *args.args)]
        self_name, self_kind = "", ""
        decorators = _decorator_names(node)
        if sc.kind == "class":
            positional = (*args.posonlyargs, *args.args)
            if "staticmethod" not in decorators and positional:
                self_name = positional[0].arg
                class_like = "classmethod" in decorators or node.name in ("__new__",)
                self_kind = "c" if class_like else "i"
            sc.cls["methods"][node.name] = qualname
        record: FunctionSummary = {
            "name": node.name,
            "q": qualname,
            "async": isinstance(node, ast.AsyncFunctionDef),
            "line": node.lineno,
            "col": node.col_offset + 1,
            "cls": sc.cls["q"] if sc.kind == "class" else "",
            "parent": sc.fn["q"] if sc.fn is not None else "",
            "self": self_name,
            "selfkind": self_kind,
            "varargs": args.vararg is not None,
            "varkw": args.kwarg is not None,
            "decorators": [self.s.enc(d) for d in node.decorator_list],
            "prop": bool(decorators & {"property", "cached_property"}),
            "abstract": "abstractmethod" in decorators or _is_stub(node.body),
            # The body fields (``packing.BODY_FIELDS``), last and in that order.
            "calls": [],
            "bindings": {},
            "reads": [],
            "returns": [],
            "params": params,
            "positional": positional_names,
            "defaults": _literal_defaults(args),
            "required": len(positional_names) - len(args.defaults),
            "ret": self.s.enc(node.returns) if node.returns is not None else None,
        }
        self.add_function(record)
        self.s.bind(sc, node.name, node.lineno, ("def", qualname))
        child = Scope("function", record, qualname + ".<locals>.", record["bindings"], None)
        self.s.stmts(node.body, child)

    def add_function(self, record: FunctionSummary) -> None:
        """Register a function record; a redefinition keeps the earlier body under a new key."""
        qualname = record["q"]
        previous = self.s.functions.get(qualname)
        if previous is not None:
            # A redefinition wins for name lookup; the earlier body is still scanned.
            previous["q"] = f"{qualname}@{previous['line']}"
            self.s.functions[previous["q"]] = previous
        self.s.functions[qualname] = record

    def klass(self, node: ast.ClassDef, sc: Scope) -> None:
        """Summarise a class: bases, methods, and attributes declared in its body."""
        for decorator in node.decorator_list:
            self.s.expr(decorator, sc)
        # A base class is not constructed by being subclassed: its name is not a mention.
        mentioned, self.s.names = self.s.names, set()
        for base in node.bases:
            self.s.expr(base, sc)
        self.s.names = mentioned
        qualname = sc.prefix + node.name
        record: ClassSummary = {
            "name": node.name,
            "q": qualname,
            "line": node.lineno,
            "bases": [self.s.enc(base) for base in node.bases],
            "methods": {},
            "attrs": {},
        }
        self.s.classes[qualname] = record
        self.s.bind(sc, node.name, node.lineno, ("cls", qualname))
        child = Scope("class", None, qualname + ".", {}, record)
        for inner in node.body:
            if isinstance(inner, ast.AnnAssign) and isinstance(inner.target, ast.Name):
                value = ("ann", self.s.enc(inner.annotation))
                self.s.attribute(qualname, inner.target.id, "", value)
            elif isinstance(inner, ast.Assign) and len(inner.targets) == 1:
                if isinstance(inner.targets[0], ast.Name):
                    value = ("val", self.s.enc(inner.value))
                    self.s.attribute(qualname, inner.targets[0].id, "", value)
            self.s.stmt(inner, child)

    def lambda_(self, node: ast.Lambda, sc: Scope) -> None:
        """Summarise a lambda as a function named ``<lambda:N>`` in its scope."""
        sc.lambdas += 1
        qualname = f"{sc.prefix}<lambda:{sc.lambdas}>"
        args = node.args
        for default in (*args.defaults, *(d for d in args.kw_defaults if d is not None)):
            self.s.expr(default, sc)
        params: dict[str, Encoded | None] = {
            a.arg: None for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)
        }
        record: FunctionSummary = {
            "name": "<lambda>",
            "q": qualname,
            "async": False,
            "line": node.lineno,
            "col": node.col_offset + 1,
            "cls": "",
            "parent": sc.fn["q"] if sc.fn is not None else "",
            "self": "",
            "selfkind": "",
            "varargs": args.vararg is not None,
            "varkw": args.kwarg is not None,
            "decorators": [],
            "prop": False,
            "abstract": False,
            "calls": [],
            "bindings": {},
            "reads": [],
            "returns": [],
            "params": params,
            "positional": [a.arg for a in (*args.posonlyargs, *args.args)],
            "defaults": _literal_defaults(args),
            "required": len(args.posonlyargs) + len(args.args) - len(args.defaults),
            "ret": None,
        }
        self.add_function(record)
        self.s.lambda_names[id(node)] = qualname
        child = Scope("function", record, qualname + ".<locals>.", record["bindings"], None)
        self.s.expr(node.body, child)
