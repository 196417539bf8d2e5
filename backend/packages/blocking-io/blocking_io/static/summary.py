"""Per-file summaries: definitions, bindings and call sites of one module as plain data.

The record shapes are the TypedDicts of ``records``. A summary depends only on the file's text
(never on its path or on other files), so it can be cached by content hash. It holds
marshal-friendly values only (dicts, lists, tuples, strings, ints, booleans and None). Names stay
unresolved; ``resolve`` interprets them project-wide.

Expressions are encoded as tuples:
    ("n", name)  ("a", base, attr)  ("c", func, first_arg[, others])  ("d", left)  (left / right)
    ("or", left, right)  ("sub", value, index)  ("tup", items)  ("s", text)  ("lam", qualname)
    ("either", left, right) (``x or y``, ``x if c else y``)  ("k", literal) (a constant argument)
Bindings (what a name refers to, per scope, with the line that binds it):
    ("imp", dotted, level)  ("def", qualname)  ("cls", qualname)  ("val", expr)
    ("ann", expr)  ("iter", expr)  None (bound to something untracked)
A call site is ``(line, column, func, args, keywords, awaited, guards)`` with a 1-based byte
column; ``guards`` are the conditions (``guards.Guard``) of the ``if`` statements that dominate it
in its function, and a keyword ``("**", None)`` marks a ``**mapping`` argument.
"""

from __future__ import annotations

import ast

from .definitions import Definitions, Scope
from .encode import CHILD_FIELDS, encode, encode_arg
from .guards import exits, negated, positive
from .index import summary_index
from .records import ClassSummary, FunctionSummary, ModuleSummary

__all__ = ["SUMMARY_FORMAT", "summarise"]

SUMMARY_FORMAT = 20

_FUNCTION_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef)


def summarise(source: str) -> ModuleSummary:
    """Return the summary of a module's source text.

    Raises:
        SyntaxError: the source does not parse.
    """
    tree = ast.parse(source)
    summariser = _Summariser()
    scope = Scope("module", None, "", summariser.bindings, None)
    summariser.stmts(tree.body, scope)
    summary: ModuleSummary = {
        "names": sorted(summariser.names),
        "refs": sorted(summariser.refs),
        "bindings": summariser.bindings,
        "stars": summariser.stars,
        "functions": summariser.functions,
        "classes": summariser.classes,
        "index": {},
    }
    summary["index"] = summary_index(summary)
    return summary


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


class _Summariser:
    """Walk a module once, filling the summary tables."""

    def __init__(self) -> None:
        self.bindings: dict = {}
        self.stars: list = []
        self.functions: dict[str, FunctionSummary] = {}
        self.classes: dict[str, ClassSummary] = {}
        self.lambda_names: dict[int, str] = {}
        self.definitions = Definitions(self)
        # Capitalised names read anywhere (class names used as values or constructors).
        self.names: set[str] = set()
        # Every name and attribute read as a value, not called (functions handed around).
        self.refs: set[str] = set()

    # statements -----------------------------------------------------------------------------

    def stmts(self, body: list[ast.stmt], sc: Scope) -> None:
        """Summarise a block; after an ``if`` whose body always exits, its negation holds."""
        depth = len(sc.guards)
        for node in body:
            self.stmt(node, sc)
            if type(node) is ast.If and not node.orelse and exits(node.body):
                sc.guards.extend(negated(node.test))
        del sc.guards[depth:]

    def guarded(self, body: list[ast.stmt], sc: Scope, guards: list) -> None:
        """Summarise a block that runs only when ``guards`` hold."""
        depth = len(sc.guards)
        sc.guards.extend(guards)
        self.stmts(body, sc)
        del sc.guards[depth:]

    def stmt(self, node: ast.stmt, sc: Scope) -> None:
        """Summarise one statement: its bindings, definitions and call sites (one flat dispatch)."""
        t = type(node)
        if t is ast.Expr:
            self.expr(node.value, sc)
        elif t is ast.Return:
            if node.value is not None:
                self.expr(node.value, sc)
                if sc.fn is not None:
                    sc.fn["returns"].append(self.enc(node.value))
        elif t is ast.Assign:
            self.expr(node.value, sc)
            value = ("val", self.enc(node.value))
            for target in node.targets:
                self.target(target, sc, node.lineno, value)
        elif t is ast.AnnAssign:
            if node.value is not None:
                self.expr(node.value, sc)
            self.target(node.target, sc, node.lineno, ("ann", self.enc(node.annotation)))
        elif t is ast.AugAssign:
            self.expr(node.value, sc)
        elif t in _FUNCTION_TYPES:
            self.definitions.function(node, sc)
        elif t is ast.ClassDef:
            self.definitions.klass(node, sc)
        elif t is ast.Import or t is ast.ImportFrom:
            self.imports(node, sc)
        elif t is ast.For or t is ast.AsyncFor:
            self.expr(node.iter, sc)
            if t is ast.For and sc.fn is not None:
                self.protocol_calls(node.iter, sc, ("__iter__",))
            self.target(node.target, sc, node.lineno, ("iter", self.enc(node.iter)))
            self.stmts(node.body, sc)
            self.stmts(node.orelse, sc)
        elif t is ast.With or t is ast.AsyncWith:
            for item in node.items:
                self.expr(item.context_expr, sc)
                if t is ast.With and sc.fn is not None:
                    self.protocol_calls(item.context_expr, sc, ("__enter__", "__exit__"))
                if item.optional_vars is not None:
                    value = ("val", self.enc(item.context_expr))
                    self.target(item.optional_vars, sc, node.lineno, value)
            self.stmts(node.body, sc)
        elif t is ast.If:
            if _is_type_checking(node.test):
                # Code under TYPE_CHECKING never runs; its imports still name annotation types.
                for inner in node.body:
                    if isinstance(inner, (ast.Import, ast.ImportFrom)):
                        self.imports(inner, sc)
                self.stmts(node.orelse, sc)
            else:
                self.expr(node.test, sc)
                self.guarded(node.body, sc, positive(node.test))
                self.guarded(node.orelse, sc, negated(node.test))
        elif t is ast.Try or t is ast.TryStar:
            self.stmts(node.body, sc)
            for handler in node.handlers:
                if handler.type is not None:
                    self.expr(handler.type, sc)
                if handler.name:
                    self.bind(sc, handler.name, handler.lineno, None)
                self.stmts(handler.body, sc)
            self.stmts(node.orelse, sc)
            self.stmts(node.finalbody, sc)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    self.stmt(child, sc)
                elif isinstance(child, ast.expr):
                    self.expr(child, sc)
                elif isinstance(child, ast.match_case):
                    if child.guard is not None:
                        self.expr(child.guard, sc)
                    self.stmts(child.body, sc)

    def protocol_calls(self, node: ast.expr, sc: Scope, methods: tuple[str, ...]) -> None:
        """Record the implicit method calls of a sync ``with`` or ``for`` statement."""
        target = self.enc(node)
        if target is not None:
            line, column = node.lineno, node.col_offset + 1
            guards = tuple(sc.guards)
            for method in methods:
                call = (line, column, ("a", target, method), (), (), False, guards)
                sc.fn["calls"].append(call)

    def bind(self, sc: Scope, name: str, line: int, binding: tuple | None) -> None:
        """Record what a name refers to from a line on."""
        entries = sc.bindings.get(name)
        if entries is None:
            sc.bindings[name] = [(line, binding)]
        else:
            entries.append((line, binding))

    def target(self, node: ast.expr, sc: Scope, line: int, value: tuple | None) -> None:
        """Bind an assignment target (names, tuples, ``self.<attr>``) to a value."""
        t = type(node)
        if t is ast.Name:
            self.bind(sc, node.id, line, value)
        elif t is ast.Attribute:
            fn = sc.fn
            if (
                fn is not None
                and fn["self"]
                and isinstance(node.value, ast.Name)
                and node.value.id == fn["self"]
            ):
                self.attribute(fn["cls"], node.attr, fn["q"], value)
            else:
                self.expr(node.value, sc)
        elif t is ast.Tuple or t is ast.List:
            for element in node.elts:
                self.target(element, sc, line, None)
        elif t is ast.Starred:
            self.target(node.value, sc, line, None)
        else:
            self.expr(node, sc)

    def attribute(self, cls_q: str, name: str, where: str, value: tuple | None) -> None:
        cls = self.classes.get(cls_q)
        if cls is not None and value is not None:
            cls["attrs"].setdefault(name, []).append((where, value))

    def imports(self, node: ast.Import | ast.ImportFrom, sc: Scope) -> None:
        """Bind the names an import statement introduces."""
        line = node.lineno
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.bind(sc, alias.asname, line, ("imp", alias.name, 0))
                else:
                    top = alias.name.partition(".")[0]
                    self.bind(sc, top, line, ("imp", top, 0))
            return
        module = node.module or ""
        for alias in node.names:
            if alias.name == "*":
                if sc.kind == "module":
                    self.stars.append((module, node.level))
                continue
            dotted = f"{module}.{alias.name}" if module else alias.name
            self.bind(sc, alias.asname or alias.name, line, ("imp", dotted, node.level))

    # expressions ----------------------------------------------------------------------------

    def expr(self, node: ast.expr, sc: Scope, awaited: bool = False) -> None:
        """Record the call sites, lambdas and attribute reads inside an expression.

        One branch per expression kind, hot on large trees: kept flat for speed.
        """
        t = type(node)
        if t is ast.Name:
            self.refs.add(node.id)
            if node.id.lstrip("_")[:1].isupper():
                self.names.add(node.id)
            return
        if t is ast.Constant:
            return
        if t is ast.Call:
            self.call(node, sc, awaited)
        elif t is ast.Attribute:
            self.refs.add(node.attr)
            if sc.fn is not None:
                # Reading a property runs its getter, so attribute reads are call sites too;
                # the graph resolves only reads of names some project class defines as one.
                value = self.enc(node.value)
                if value is not None:
                    sc.fn["reads"].append((node.lineno, node.col_offset + 1, value, node.attr))
            self.base(node.value, sc)
        elif t is ast.Await:
            self.expr(node.value, sc, True)
        elif t is ast.Lambda:
            self.definitions.lambda_(node, sc)
        elif t is ast.NamedExpr:
            self.expr(node.value, sc)
            self.bind(sc, node.target.id, node.lineno, ("val", self.enc(node.value)))
        elif t in CHILD_FIELDS:
            # Fast path for the common node types: read their expression fields directly.
            for name in CHILD_FIELDS[t]:
                child = getattr(node, name)
                if type(child) is list:
                    for item in child:
                        if item is not None:
                            self.expr(item, sc)
                elif child is not None:
                    self.expr(child, sc)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.expr(child, sc)
                elif isinstance(child, ast.comprehension):
                    self.expr(child.iter, sc)
                    for condition in child.ifs:
                        self.expr(condition, sc)
                    if sc.fn is not None:
                        self.target(child.target, sc, node.lineno, ("iter", self.enc(child.iter)))
                elif isinstance(child, ast.keyword):
                    self.expr(child.value, sc)

    def base(self, node: ast.expr, sc: Scope) -> None:
        """Summarise the object of an attribute access: a bare name there is no reference."""
        if type(node) is ast.Name:
            if node.id.lstrip("_")[:1].isupper():
                self.names.add(node.id)
        else:
            self.expr(node, sc)

    def call(self, node: ast.Call, sc: Scope, awaited: bool) -> None:
        """Record a call site with its callee and callable-looking arguments."""
        func_node = node.func
        if type(func_node) is ast.Attribute:
            self.names.add(func_node.attr)
            self.base(func_node.value, sc)
        elif type(func_node) is ast.Name:
            if func_node.id.lstrip("_")[:1].isupper():
                self.names.add(func_node.id)
        else:
            self.expr(func_node, sc)
        for arg in node.args:
            self.expr(arg, sc)
        for keyword in node.keywords:
            self.expr(keyword.value, sc)
        fn = sc.fn
        if fn is None:
            return
        func = self.enc(node.func)
        if func is None:
            return
        args = tuple(self.enc_arg(arg) for arg in node.args)
        keywords = tuple(
            (k.arg, self.enc_arg(k.value)) if k.arg else ("**", None) for k in node.keywords
        )
        call = (node.lineno, node.col_offset + 1, func, args, keywords, awaited, tuple(sc.guards))
        fn["calls"].append(call)

    def enc_arg(self, node: ast.expr) -> tuple | None:
        """Encode a call argument."""
        return encode_arg(node, self.lambda_names)

    def enc(self, node: ast.expr) -> tuple | None:
        """Encode an expression."""
        return encode(node, self.lambda_names)
