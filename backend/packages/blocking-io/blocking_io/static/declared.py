"""Entries declared in configuration files: functions a server runs on its loop by name.

A LangGraph server reads ``langgraph.json`` and, for every run, calls each graph factory named
under ``graphs`` on its event loop; it also loads the ``auth`` handler, the ``http.app`` and the
``checkpointer`` it names. Such a function has no caller and no decorator in the project, so
only the file says it runs on the loop. ``DECLARED_ENTRY_FILES`` lists the files read (as data,
each with the JSON paths that name entries and a reason). Files are looked for in every scan
root, in the directories above it up to the project root (the nearest directory holding ``.git``
or ``pyproject.toml``), and read with ``json`` only: nothing is imported.

A reference is ``"./path/to/module.py:name"`` (or ``"package.module:name"``), relative to the
directory of the file. A function named there is an entry of kind ``declared``; a name bound to
anything else (a compiled graph, an app object) is built at import time and is not an entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "DECLARED_ENTRY_FILES",
    "DeclaredEntry",
    "DeclaredFile",
    "declared_entries",
    "declared_files",
]

_ROOT_MARKERS = (".git", "pyproject.toml")


@dataclass(frozen=True)
class DeclaredFile:
    """A configuration file naming functions a server calls on its loop, and where it names them.

    ``paths`` are JSON paths: ``graphs.*`` is every value of the ``graphs`` object, ``auth.path``
    the ``path`` key of ``auth``.
    """

    name: str
    paths: tuple[str, ...]
    reason: str


DECLARED_ENTRY_FILES: tuple[DeclaredFile, ...] = (
    DeclaredFile(
        name="langgraph.json",
        paths=("graphs.*", "auth.path", "http.app", "checkpointer.path", "store.path"),
        reason="The LangGraph server calls every graph factory it names on its event loop for "
        "each run, and loads its auth handler, HTTP app, checkpointer and store the same way.",
    ),
)


@dataclass(frozen=True)
class DeclaredEntry:
    """A function a configuration file names: the file, the JSON path, and the reference."""

    source: Path
    where: str
    module_path: Path | None  # a file reference, resolved
    module: str | None  # a dotted module reference
    name: str


def _values(data: object, path: str) -> Iterator[tuple[str, object]]:
    head, _, rest = path.partition(".")
    if not isinstance(data, dict):
        return
    keys = list(data) if head == "*" else [head]
    for key in keys:
        if key in data:
            if rest:
                for where, value in _values(data[key], rest):
                    yield f"{key}.{where}", value
            else:
                yield str(key), data[key]


def _reference(source: Path, where: str, value: object) -> DeclaredEntry | None:
    if isinstance(value, dict):  # {"path": "./x.py:f", ...} forms
        value = value.get("path")
    if not isinstance(value, str) or ":" not in value:
        return None
    target, _, name = value.rpartition(":")
    if not name.isidentifier():
        return None
    if target.endswith(".py") or "/" in target:
        return DeclaredEntry(source, where, (source.parent / target).resolve(), None, name)
    return DeclaredEntry(source, where, None, target, name)


def _directories(roots: Sequence[Path]) -> list[Path]:
    """Return every scan root's directory and those above it up to its project root."""
    found: dict[Path, None] = {}
    for root in roots:
        here = root.resolve()
        here = here if here.is_dir() else here.parent
        for directory in (here, *here.parents):
            found[directory] = None
            if any((directory / marker).exists() for marker in _ROOT_MARKERS):
                break
    return list(found)


def declared_files(roots: Sequence[Path]) -> list[tuple[Path, DeclaredFile]]:
    """Return every place a configuration file is looked for, whether it is there or not."""
    return [
        (directory / declared.name, declared)
        for directory in _directories(roots)
        for declared in DECLARED_ENTRY_FILES
    ]


def declared_entries(roots: Sequence[Path]) -> tuple[list[DeclaredEntry], list[dict[str, Any]]]:
    """Return the entries configuration files declare, and the files that could not be read.

    A file that is not valid JSON is an ``errors`` entry (path, line, reason); the scan goes on.
    """
    entries: list[DeclaredEntry] = []
    errors: list[dict[str, Any]] = []
    for source, declared in declared_files(roots):
        if not source.is_file():
            continue
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            reason = f"cannot be read as JSON ({error}); expected a {declared.name} object"
            errors.append({"path": str(source), "line": None, "reason": reason})
            continue
        for path in declared.paths:
            for where, value in _values(data, path):
                entry = _reference(source, where, value)
                if entry is not None:
                    entries.append(entry)
    return entries, errors
