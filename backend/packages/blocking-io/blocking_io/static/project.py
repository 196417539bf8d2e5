"""Project loading: find the Python files under the scan roots, name their modules, summarise them.

A file's module name comes from the package directories above it (each with ``__init__.py``):
``backend/app/gateway/app.py`` is ``app.gateway.app`` because ``backend/`` has no
``__init__.py``. Files that cannot be read, are not UTF-8 or do not parse are recorded as errors
and skipped; the scan goes on.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..layout import is_skipped_dir
from .cache import SummaryCache, content_key
from .summary import summarise

__all__ = ["Project", "SourceFile", "discover", "load_project"]


@dataclass
class SourceFile:
    """One parsed file: where it is, its module name and its summary."""

    path: Path
    module: str
    package: str
    source: bytes
    summary: dict


@dataclass
class Project:
    """Every parsed file of a scan, by module name, plus the files that failed."""

    files: list[SourceFile] = field(default_factory=list)
    modules: dict[str, SourceFile] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    lines: int = 0


def discover(roots: Sequence[Path]) -> list[Path]:
    """Return the Python files under the roots (files given directly are kept), sorted."""
    found: set[str] = set()
    for root in roots:
        base = root.resolve()
        if base.is_file():
            found.add(str(base))
            continue
        for directory, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if not is_skipped_dir(d)]
            found.update(os.path.join(directory, n) for n in filenames if n.endswith(".py"))
    return [Path(path) for path in sorted(found)]


class _ModuleNamer:
    """Name modules from package directories, remembering which directories are packages."""

    def __init__(self) -> None:
        self._is_package: dict[Path, bool] = {}

    def _package(self, directory: Path) -> bool:
        known = self._is_package.get(directory)
        if known is None:
            known = (directory / "__init__.py").is_file()
            self._is_package[directory] = known
        return known

    def name(self, path: Path) -> tuple[str, str]:
        """Return (module, package) for a file path."""
        parts: list[str] = []
        directory = path.parent
        while self._package(directory) and directory.parent != directory:
            parts.append(directory.name)
            directory = directory.parent
        parts.reverse()
        package = ".".join(parts)
        if path.stem == "__init__":
            return package or path.parent.name, package or path.parent.name
        return (f"{package}.{path.stem}" if package else path.stem), package


def _decode_error(path: Path, data: bytes, error: UnicodeDecodeError) -> dict:
    line = data[: error.start].count(b"\n") + 1
    reason = f"not valid UTF-8 ({error.reason} at byte {error.start}); expected UTF-8 source"
    return {"path": str(path), "line": line, "reason": reason}


def _summarise(path: Path, data: bytes, cache: SummaryCache | None) -> tuple[dict | None, dict]:
    key = content_key(data) if cache is not None else ""
    if cache is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached, {}
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, _decode_error(path, data, error)
    try:
        summary = summarise(text)
    except SyntaxError as error:
        reason = f"does not parse: {error.msg}"
        return None, {"path": str(path), "line": error.lineno, "reason": reason}
    except ValueError as error:
        return None, {"path": str(path), "line": None, "reason": f"does not parse: {error}"}
    except RecursionError:
        reason = "is nested too deeply to analyse; expected ordinary source nesting"
        return None, {"path": str(path), "line": None, "reason": reason}
    if cache is not None:
        cache.put(key, summary)
    return summary, {}


def load_project(paths: Iterable[Path], cache: SummaryCache | None) -> Project:
    """Read and summarise every file; duplicate module names get a ``#n`` suffix."""
    # Parsing reports invalid escape sequences as warnings; they say nothing about blocking IO,
    # and under `-W error` they would turn a valid file into a parse error.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return _load(paths, cache)


def _load(paths: Iterable[Path], cache: SummaryCache | None) -> Project:
    project = Project()
    namer = _ModuleNamer()
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as error:
            reason = f"cannot be read ({error.strerror or error})"
            project.errors.append({"path": str(path), "line": None, "reason": reason})
            continue
        summary, error = _summarise(path, data, cache)
        if summary is None:
            project.errors.append(error)
            continue
        module, package = namer.name(path)
        if module in project.modules:
            suffix = 2
            while f"{module}#{suffix}" in project.modules:
                suffix += 1
            module = f"{module}#{suffix}"
        source = SourceFile(path, module, package, data, summary)
        project.files.append(source)
        project.modules[module] = source
        project.lines += data.count(b"\n")
    return project
