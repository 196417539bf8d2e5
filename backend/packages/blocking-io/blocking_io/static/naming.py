"""Module names: package directories, namespace packages (PEP 420), per-root import redirects.

See ``project`` for the rules. ``ModuleNamer`` needs the project's summaries only to tell whether
a directory without ``__init__.py`` is imported as a namespace package, and reads them lazily,
once, the first time a file lies below such a directory inside its scan root.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from .index import summary_index

__all__ = [
    "ModuleNamer",
    "imported_names",
    "redirect_imports",
    "renamed",
    "star_back_edges",
    "star_target",
]


def imported_names(summaries: Iterable[dict]) -> set[str]:
    """Return every absolute import target of the summaries, with all its dotted prefixes."""
    imports = {dotted for summary in summaries for dotted in summary["index"]["imports"]}
    names: set[str] = set()
    for dotted in imports:
        parts = dotted.split(".")
        names.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
    return names


class ModuleNamer:
    """Name modules from package directories and imported namespace packages."""

    def __init__(self, roots: Mapping[Path, Path], summaries: Iterable[dict]) -> None:
        self._roots = roots
        self._summaries = summaries
        self._imported: set[str] | None = None
        self._is_package: dict[Path, bool] = {}
        self._packages: dict[tuple[Path, Path | None], str] = {}

    def _package(self, directory: Path) -> bool:
        known = self._is_package.get(directory)
        if known is None:
            try:
                known = (directory / "__init__.py").is_file()
            except OSError:
                known = False
            self._is_package[directory] = known
        return known

    def _namespace(self, directory: Path, root: Path) -> str:
        """Return the namespace package a plain directory inside a root is imported as, or ''."""
        try:
            parts = directory.relative_to(root).parts
        except ValueError:
            return ""
        if not parts or not all(part.isidentifier() for part in parts):
            return ""
        if self._imported is None:
            self._imported = imported_names(self._summaries)
        for start in range(len(parts)):
            candidate = ".".join(parts[start:])
            if candidate in self._imported:
                return candidate
        return ""

    def _package_of(self, directory: Path, root: Path | None) -> str:
        """Return the package a directory is imported as ('' for a plain directory)."""
        known = self._packages.get((directory, root))
        if known is not None:
            return known
        parts: list[str] = []
        up = directory
        while self._package(up) and up.parent != up:
            parts.append(up.name)
            up = up.parent
        namespace = self._namespace(up, root if root is not None else up)
        if namespace:
            parts.extend(reversed(namespace.split(".")))
        parts.reverse()
        self._packages[(directory, root)] = package = ".".join(parts)
        return package

    def name(self, path: Path) -> tuple[str, str]:
        """Return (module, package) for a file path."""
        package = self._package_of(path.parent, self._roots.get(path))
        if path.stem == "__init__":
            return package or path.parent.name, package or path.parent.name
        return (f"{package}.{path.stem}" if package else path.stem), package


def renamed(dotted: str, renames: Mapping[str, str]) -> str:
    """Return a dotted name with its top-level part renamed, if the renames name it."""
    top, dot, rest = dotted.partition(".")
    new = renames.get(top)
    return dotted if new is None else f"{new}{dot}{rest}"


def _redirect_bindings(bindings: dict, renames: Mapping[str, str]) -> dict:
    changed = {}
    for name, entries in bindings.items():
        changed[name] = [
            (line, ("imp", renamed(b[1], renames), 0))
            if b is not None and b[0] == "imp" and not b[2]
            else (line, b)
            for line, b in entries
        ]
    return changed


def redirect_imports(summary: dict, renames: Mapping[str, str]) -> dict:
    """Return a copy of a summary whose absolute imports of renamed top-level names follow them."""
    functions = {
        qualname: {**record, "bindings": _redirect_bindings(record["bindings"], renames)}
        for qualname, record in summary["functions"].items()
    }
    stars = [(renamed(m, renames) if not level else m, level) for m, level in summary["stars"]]
    redirected = {
        **summary,
        "bindings": _redirect_bindings(summary["bindings"], renames),
        "functions": functions,
        "stars": stars,
    }
    redirected["index"] = summary_index(redirected)  # type: ignore[arg-type]
    return redirected


def star_target(module: str, package: str, star: str, level: int) -> str:
    """Return the absolute module a ``from <star> import *`` in a module names."""
    if not level:
        return star
    parts = package.split(".")
    if level > 1:
        parts = parts[: max(0, len(parts) - (level - 1))]
    base = ".".join(part for part in parts if part)
    return f"{base}.{star}" if base and star else base or star


def star_back_edges(stars: Mapping[str, list[str]]) -> set[tuple[str, str]]:
    """Return the star imports (module, target) that close a cycle of star imports.

    A module that star-imports itself, directly or around a cycle, gains no names from it (the
    names were already its own), and following the cycle would never end.
    """
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in stars:
        if start in state:
            continue
        state[start] = 1
        path = [(start, iter(stars.get(start, ())))]
        while path:
            module, targets = path[-1]
            target = next(targets, None)
            if target is None:
                state[module] = 2
                path.pop()
            elif state.get(target) == 1:
                back.add((module, target))
            elif target not in state and target in stars:
                state[target] = 1
                path.append((target, iter(stars[target])))
    return back
