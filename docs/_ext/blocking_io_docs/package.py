"""The `package-tree` directive: the tooling package's modules as a tree, each with its summary.

The tree is read from the filesystem and each module's docstring with `ast` (never imported), so
the architecture page lists exactly the modules that exist. Every directory read is a page
dependency: adding or removing a module changes the directory and rebuilds the page.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes

from .base import BackendDirective
from .messages import MODULE_WITHOUT_DOCSTRING, PACKAGE_MISSING
from .render import inline
from .sources import Problem, parse_source

__all__ = ["ModuleEntry", "PackageTreeDirective", "read_package"]

_SKIPPED = frozenset({"__pycache__"})


@dataclass(frozen=True)
class ModuleEntry:
    """One module or subpackage: its path relative to the package root and its summary line."""

    relative: str
    summary: str
    children: tuple[ModuleEntry, ...] = ()


def _summary(path: Path, problems: list[Problem]) -> str:
    """Return the first docstring line of `path`, or note a problem and return ''."""
    module, problem = parse_source(path)
    if module is None:
        if problem is not None:
            problems.append(problem)
        return ""
    docstring = ast.get_docstring(module, clean=True) or ""
    if not docstring.strip():
        problems.append(Problem(path, 1, MODULE_WITHOUT_DOCSTRING.format(name=path.name)))
        return ""
    return docstring.strip().splitlines()[0]


def read_package(directory: Path, root: Path, problems: list[Problem]) -> list[ModuleEntry]:
    """Return the modules of `directory` (files first, then subpackages), sorted by name."""
    entries: list[ModuleEntry] = []
    files = sorted(p for p in directory.glob("*.py") if p.is_file())
    for path in files:
        entries.append(ModuleEntry(path.relative_to(root).as_posix(), _summary(path, problems)))
    for sub in sorted(p for p in directory.iterdir() if p.is_dir() and p.name not in _SKIPPED):
        init = sub / "__init__.py"
        if not init.is_file():
            continue
        children = read_package(sub, root, problems)
        # The subpackage line carries its __init__ summary; __init__.py itself is not repeated.
        rest = tuple(c for c in children if not c.relative.endswith("/__init__.py"))
        summary = next((c.summary for c in children if c.relative.endswith("/__init__.py")), "")
        entries.append(ModuleEntry(sub.relative_to(root).as_posix() + "/", summary, rest))
    return entries


def _directories(directory: Path) -> list[Path]:
    """Return `directory` and every package directory below it."""
    found = [directory]
    for sub in sorted(p for p in directory.iterdir() if p.is_dir() and p.name not in _SKIPPED):
        found += _directories(sub)
    return found


def _items(entries: list[ModuleEntry] | tuple[ModuleEntry, ...]) -> nodes.bullet_list:
    """Render entries as a nested bullet list: the name as code, then the summary."""
    result = nodes.bullet_list(bullet="-")
    for entry in entries:
        suffix = "/" if entry.relative.endswith("/") else ""
        name = entry.relative.rstrip("/").rsplit("/", 1)[-1] + suffix
        line = nodes.paragraph("", "", nodes.literal(name, name))
        if entry.summary:
            line += nodes.Text(": ")
            line.extend(inline(entry.summary))
        item = nodes.list_item("", line)
        if entry.children:
            item += _items(entry.children)
        result += item
    return result


class PackageTreeDirective(BackendDirective):
    """Render the package named by `deerflow_tooling_package` as a tree of its modules."""

    def run(self) -> list[nodes.Node]:
        """Read the package and render it; warn about a missing package or docstring."""
        root = self.backend_path("deerflow_tooling_package")
        if not root.is_dir():
            message = PACKAGE_MISSING.format(path=root, setting="deerflow_tooling_package")
            self.report([Problem(root, 1, message)])
            return []
        for directory in _directories(root):
            self.note_source(directory)
        problems: list[Problem] = []
        entries = read_package(root, root, problems)
        for path in root.rglob("*.py"):
            self.note_source(path)
        self.report(problems)
        title = root.name + "/"
        top = nodes.bullet_list(bullet="-")
        heading = nodes.paragraph("", "", nodes.literal(title, title))
        top += nodes.list_item("", heading, _items(entries))
        top["classes"].append("deerflow-package-tree")
        return [top]
