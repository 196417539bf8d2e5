"""The project's `[tool.blocking-io]` table: what to scan and where reports go.

Keys (paths relative to the directory of the pyproject.toml that holds the table):

- ``roots``: directories scanned as one project (default: the project root). Roots that are
  Python packages (hold ``__init__.py``) are the project's packages: the runtime gate scans their
  frames and the teeth check mutates their offloads.
- ``data-dir``: where reports and the cache go (default: ``.blocking-io`` under the project root).
- ``anchors``: the directory of gated anchor tests (default: ``tests/blocking_io``).

The table is looked up in the nearest pyproject.toml at or above the starting directory, up to the
project root. An unknown key or a value of the wrong shape is a `ConfigError` naming the file,
the key and what was expected.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .layout import CONFIG_FILE, DEFAULT_DATA_DIR, FINDINGS_FILE, find_project_root

__all__ = ["ConfigError", "ProjectConfig", "load_config"]

TABLE = "blocking-io"
DEFAULT_ANCHORS = "tests/blocking_io"
_KEYS = ("roots", "data-dir", "anchors")


class ConfigError(ValueError):
    """A `[tool.blocking-io]` value is missing, unknown or of the wrong shape."""


@dataclass(frozen=True)
class ProjectConfig:
    """The effective configuration: the project root, and every path resolved absolute."""

    root: Path
    source: Path | None
    roots: tuple[Path, ...]
    data_dir: Path
    anchors: Path

    @property
    def base(self) -> Path:
        """Return the directory that relative paths in the table are read from."""
        return self.source.parent if self.source is not None else self.root

    @property
    def findings_file(self) -> Path:
        """Return the default report path."""
        return self.data_dir / FINDINGS_FILE

    @property
    def cache_dir(self) -> Path:
        """Return the summary cache directory."""
        return self.data_dir / "cache"

    @property
    def packages(self) -> dict[str, Path]:
        """Return the importable packages among the roots: name -> directory that holds it."""
        return {root.name: root.parent for root in self.roots if (root / "__init__.py").is_file()}


def _table(path: Path) -> Mapping[str, object] | None:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"Invalid TOML in `{path}`: {error}; fix the file") from None
    tool = data.get("tool")
    table = tool.get(TABLE) if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"Invalid `[tool.{TABLE}]` in `{path}`; expected a table")
    return table


def _find_table(start: Path, root: Path) -> tuple[Path, Mapping[str, object]] | None:
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / CONFIG_FILE
        if candidate.is_file() and (table := _table(candidate)) is not None:
            return candidate, table
        if directory == root:
            return None
    return None


def _string(source: Path, key: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(
            f"Invalid `{key}` {value!r} in `[tool.{TABLE}]` of `{source}`; expected a non-empty "
            "path string"
        )
    return value


def _strings(source: Path, key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ConfigError(
            f"Invalid `{key}` {value!r} in `[tool.{TABLE}]` of `{source}`; expected a non-empty "
            "list of path strings"
        )
    return [_string(source, key, item) for item in value]


def load_config(start: Path) -> ProjectConfig:
    """Return the configuration of the project that holds `start`.

    Raises:
        ProjectRootError: no project root above `start`.
        ConfigError: the table holds an unknown key or a bad value.
    """
    root = find_project_root(start)
    found = _find_table(start, root)
    if found is None:
        return ProjectConfig(
            root=root,
            source=None,
            roots=(root,),
            data_dir=root / DEFAULT_DATA_DIR,
            anchors=root / DEFAULT_ANCHORS,
        )
    source, table = found
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise ConfigError(
            f"Unknown key `{unknown[0]}` in `[tool.{TABLE}]` of `{source}`; expected one of: "
            f"{', '.join(_KEYS)}"
        )
    base = source.parent
    roots = _strings(source, "roots", table.get("roots", ["."]))
    data_dir = table.get("data-dir")
    anchors = _string(source, "anchors", table.get("anchors", DEFAULT_ANCHORS))
    return ProjectConfig(
        root=root,
        source=source,
        roots=tuple((base / item).resolve() for item in roots),
        data_dir=(
            (base / _string(source, "data-dir", data_dir)).resolve()
            if data_dir is not None
            else root / DEFAULT_DATA_DIR
        ),
        anchors=(base / anchors).resolve(),
    )
