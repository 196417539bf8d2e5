"""Read anchors and rule tables from backend source files with `ast`, never importing them.

Every reader returns what it could extract plus a list of `Problem` records (file, line, message) so
the Sphinx side can turn each one into a warning at the right place instead of crashing the build.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass, field
from pathlib import Path

from .messages import (
    ANCHOR_WITHOUT_DOCSTRING,
    ENTRY_FIELD_MISSING,
    ENTRY_FIELD_NOT_LITERAL,
    ENTRY_NOT_A_CALL,
    ENTRY_POSITIONAL,
    SOURCE_MISSING,
    SOURCE_UNPARSABLE,
    SOURCE_UNREADABLE,
    TABLE_MISSING,
    TABLE_NOT_LITERAL,
)

__all__ = [
    "Anchor",
    "Problem",
    "TableEntry",
    "list_anchor_files",
    "read_anchor",
    "read_table",
]


@dataclass(frozen=True)
class Problem:
    """A source file that could not be rendered as documented, with the line to look at."""

    path: Path
    line: int
    message: str


@dataclass(frozen=True)
class Anchor:
    """One runtime anchor module: its coverage summary, the rest of its docstring, its path."""

    path: Path
    summary: str
    detail: str


@dataclass(frozen=True)
class TableEntry:
    """One entry of a rules-as-data table: the line of its call and its string fields."""

    line: int
    fields: dict[str, str] = field(default_factory=dict)


def list_anchor_files(anchor_dir: Path) -> list[Path]:
    """Return the anchor modules (`test_*.py` directly in `anchor_dir`), sorted by name."""
    if not anchor_dir.is_dir():
        return []
    return sorted(p for p in anchor_dir.glob("test_*.py") if p.is_file())


def _parse(path: Path) -> tuple[ast.Module | None, Problem | None]:
    """Parse `path`, or describe why it cannot be parsed."""
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, Problem(path, 1, SOURCE_MISSING.format(path=path))
    except (OSError, UnicodeDecodeError) as exc:
        return None, Problem(path, 1, SOURCE_UNREADABLE.format(path=path, error=exc))
    try:
        return ast.parse(source, filename=str(path)), None
    except SyntaxError as exc:
        line = exc.lineno or 1
        return None, Problem(path, line, SOURCE_UNPARSABLE.format(path=path, error=exc.msg))


def read_anchor(path: Path) -> tuple[Anchor | None, Problem | None]:
    """Return the anchor's summary (docstring line 1) and detail (the rest), or the problem."""
    module, problem = _parse(path)
    if module is None:
        return None, problem
    docstring = ast.get_docstring(module, clean=True)
    if not docstring or not docstring.strip():
        return None, Problem(path, 1, ANCHOR_WITHOUT_DOCSTRING.format(name=path.name))
    summary, _, detail = inspect.cleandoc(docstring).partition("\n")
    return Anchor(path=path, summary=summary.strip(), detail=detail.strip()), None


def _assigned_value(module: ast.Module, name: str) -> ast.expr | None:
    """Return the value of the last module-level assignment to `name`."""
    value: ast.expr | None = None
    for node in module.body:
        if isinstance(node, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                value = node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            if isinstance(node.target, ast.Name) and node.target.id == name:
                value = node.value
    return value


def _class_fields(module: ast.Module) -> dict[str, list[str]]:
    """Map each class defined in `module` to its annotated field names, in order."""
    fields: dict[str, list[str]] = {}
    for node in module.body:
        if isinstance(node, ast.ClassDef):
            names = [
                stmt.target.id
                for stmt in node.body
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
            ]
            fields[node.name] = names
    return fields


def _string_constants(module: ast.Module) -> dict[str, str]:
    """Map each module-level name assigned a string literal once (a named reason) to its text."""
    constants: dict[str, str] = {}
    for node in module.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            constants[node.targets[0].id] = node.value.value
    return constants


def _inline_constants(element: ast.expr, constants: dict[str, str]) -> ast.expr:
    """Replace keyword arguments naming a module-level string constant with the string itself."""
    if isinstance(element, ast.Call):
        for keyword in element.keywords:
            if isinstance(keyword.value, ast.Name) and keyword.value.id in constants:
                keyword.value = ast.Constant(constants[keyword.value.id])
    return element


def _callee_name(call: ast.Call) -> str:
    """Return the last dotted part of the called name (`Rule` for `rules.Rule(...)`)."""
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ast.unparse(func)


def _string_or_none(node: ast.expr) -> tuple[bool, str | None]:
    """Return (is_literal, value) for a string literal or `None`; anything else is not literal."""
    if isinstance(node, ast.Constant) and (node.value is None or isinstance(node.value, str)):
        return True, node.value
    return False, None


def _arguments(call: ast.Call, class_fields: dict[str, list[str]]) -> dict[str, ast.expr] | None:
    """Map an entry's arguments to field names; positional ones need the class in the file."""
    arguments: dict[str, ast.expr] = {}
    if call.args:
        names = class_fields.get(_callee_name(call))
        if names is None or len(call.args) > len(names):
            return None
        arguments.update(zip(names, call.args, strict=False))
    arguments.update({kw.arg: kw.value for kw in call.keywords if kw.arg is not None})
    return arguments


def _read_entry(
    path: Path,
    call: ast.expr,
    class_fields: dict[str, list[str]],
    required: tuple[str, ...],
    optional: tuple[str, ...],
) -> tuple[TableEntry | None, str | None]:
    """Extract the wanted string fields of one table entry, or say why it is malformed."""
    if not isinstance(call, ast.Call):
        return None, ENTRY_NOT_A_CALL.format(entry=ast.unparse(call), file=path.name)
    entry = _callee_name(call)
    arguments = _arguments(call, class_fields)
    if arguments is None:
        return None, ENTRY_POSITIONAL.format(entry=entry, file=path.name)
    fields: dict[str, str] = {}
    for name in (*required, *optional):
        if name not in arguments:
            if name in required:
                return None, ENTRY_FIELD_MISSING.format(entry=entry, file=path.name, field=name)
            continue
        literal, value = _string_or_none(arguments[name])
        if not literal or (value is None and name in required):
            return None, ENTRY_FIELD_NOT_LITERAL.format(entry=entry, file=path.name, field=name)
        if value is not None:
            fields[name] = value
    return TableEntry(line=call.lineno, fields=fields), None


def read_table(
    path: Path,
    name: str,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
) -> tuple[list[TableEntry], list[Problem]]:
    """Read the module-level tuple `name` in `path` as entries carrying the wanted fields.

    Malformed entries are skipped and reported; a missing file or assignment is one problem.
    """
    module, problem = _parse(path)
    if module is None:
        return [], [problem] if problem else []
    value = _assigned_value(module, name)
    if value is None:
        return [], [Problem(path, 1, TABLE_MISSING.format(table=name, file=path.name))]
    if not isinstance(value, ast.Tuple | ast.List):
        message = TABLE_NOT_LITERAL.format(table=name, file=path.name)
        return [], [Problem(path, value.lineno, message)]
    class_fields = _class_fields(module)
    constants = _string_constants(module)
    entries: list[TableEntry] = []
    problems: list[Problem] = []
    for element in value.elts:
        element = _inline_constants(element, constants)
        entry, message = _read_entry(path, element, class_fields, required, optional)
        if entry is not None:
            entries.append(entry)
        if message is not None:
            problems.append(Problem(path, getattr(element, "lineno", 1), message))
    return entries, problems
