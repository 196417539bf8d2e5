"""The project's `[tool.blocking-io]` table: what to scan, what to report, and extra rule entries.

Keys (paths and globs relative to the directory of the pyproject.toml that holds the table):

- ``roots``: directories scanned as one project (default: the project root). Roots that are
  Python packages (hold ``__init__.py``) are the project's packages: the runtime gate scans their
  frames and the teeth check mutates their offloads.
- ``data-dir``: where reports and the cache go (default: ``.blocking-io`` under the project root).
- ``anchors``: the directory of gated anchor tests (default: ``tests/blocking_io``).
- ``exclude``: globs of files and directories left out of the scan.
- ``per-path-ignores``: a table of glob -> codes not reported for files matching the glob.
- ``select`` / ``ignore``: the codes reported (default: all) and the codes left out.
- ``fail-on``: the priority at or above which a new finding fails the run (default: none).
- ``docs-url``: where the built docs are published, an absolute http(s) URL ending in ``/``
  (default: none, and SARIF and ``--explain`` then carry no links: no address is guessed).
- ``primitives``, ``offloaders``, ``hooks``, ``entries``: arrays of tables that extend the rule
  tables; see ``blocking_io.static.extend``. Every entry needs a ``reason``.
- ``libraries``: follow calls into the installed third-party packages the project imports
  (default: true); see ``blocking_io.static.libraries``.
- ``python``: the interpreter or virtual environment whose packages are summarised (default:
  the project's ``.venv`` when there is one, else the interpreter running the tool).
- ``nonblocking``: an array of tables ``name`` (a library function, class or method, by
  qualified name) and ``reason``: library calls declared not to block; they are never
  reported and never followed into. To declare one blocking, add it to ``primitives``.

A glob matches a path relative to the table's directory (``*`` also crosses ``/``), or any of
the directories above the path, so ``scripts`` and ``scripts/*`` both cover ``scripts/a/b.py``.

The table is looked up in the nearest pyproject.toml at or above the starting directory, up to the
project root. An unknown key or a value of the wrong shape is a `ConfigError` naming the file,
the key and what was expected.
"""

from __future__ import annotations

import fnmatch
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .layout import CONFIG_FILE, DEFAULT_DATA_DIR, FINDINGS_FILE, find_project_root
from .static.extend import Extensions, read_extensions
from .static.primitives import PRIORITIES
from .static.rules import RULES_BY_CODE

__all__ = [
    "DEFAULT_ORIGIN",
    "DOCS_URL_EXPECTED",
    "KEYS",
    "MSG_INVALID_VALUE",
    "MSG_UNKNOWN_KEY",
    "ConfigError",
    "ProjectConfig",
    "TableReader",
    "load_config",
    "matches",
]

TABLE = "blocking-io"
DEFAULT_ANCHORS = "tests/blocking_io"
DEFAULT_ORIGIN = "default"
KEYS = (
    "roots",
    "data-dir",
    "anchors",
    "exclude",
    "per-path-ignores",
    "select",
    "ignore",
    "fail-on",
    "docs-url",
    "primitives",
    "offloaders",
    "hooks",
    "entries",
    "libraries",
    "python",
    "nonblocking",
)


DOCS_URL_EXPECTED = (
    "an absolute http or https URL of the published docs ending in `/`, "
    "such as 'https://docs.example.org/deer-flow/'"
)
MSG_INVALID_VALUE = (
    "Invalid `{key}` {value!r} in `[tool.{table}]` of `{source}`; expected {expected}"
)
MSG_UNKNOWN_KEY = (
    "Unknown key `{key}`{where} in `[tool.{table}]` of `{source}`; expected one of: {keys}"
)


class ConfigError(ValueError):
    """A `[tool.blocking-io]` value is missing, unknown or of the wrong shape."""


def matches(relative: str, patterns: tuple[str, ...]) -> bool:
    """Tell whether a `/`-separated relative path, or a directory above it, matches a glob."""
    path = PurePosixPath(relative)
    candidates = [relative, *(parent.as_posix() for parent in path.parents if parent.parts)]
    return any(fnmatch.fnmatchcase(c, p.rstrip("/")) for p in patterns for c in candidates)


@dataclass(frozen=True)
class ProjectConfig:
    """The effective configuration: the project root, and every path resolved absolute.

    ``origins`` maps each key to where its value came from: the table's file, the command
    line or ``default``.
    """

    root: Path
    source: Path | None
    roots: tuple[Path, ...]
    data_dir: Path
    anchors: Path
    exclude: tuple[str, ...] = ()
    per_path_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    fail_on: str | None = None
    docs_url: str | None = None
    extensions: Extensions = field(default_factory=Extensions)
    libraries: bool = True
    python: Path | None = None
    nonblocking: tuple[tuple[str, str], ...] = ()
    origins: Mapping[str, str] = field(default_factory=dict, hash=False)

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

    @property
    def codes(self) -> frozenset[str]:
        """Return the codes the scan reports: the selection minus the ignored codes."""
        selected = self.select if self.select is not None else frozenset(RULES_BY_CODE)
        return selected - self.ignore

    def relative(self, path: Path) -> str:
        """Return `path` relative to the table's directory, `/`-separated, for glob matching."""
        return Path(os.path.relpath(os.path.abspath(path), self.base)).as_posix()

    def excluded(self, path: Path) -> bool:
        """Tell whether a file is left out of the scan by ``exclude``."""
        return bool(self.exclude) and matches(self.relative(path), self.exclude)

    def ignored(self, path: Path, code: str) -> bool:
        """Tell whether ``per-path-ignores`` drops this code for this file."""
        relative = self.relative(path)
        return any(
            code in codes and matches(relative, (glob,)) for glob, codes in self.per_path_ignores
        )


class TableReader:
    """Typed access to the values of one table; every bad value is a `ConfigError`."""

    def __init__(self, source: Path, table: Mapping[str, object], name: str = TABLE) -> None:
        self.source = source
        self.table = table
        self.name = name

    def fail(self, key: str, value: object, expected: str) -> ConfigError:
        """Return the error for a bad value: the key, the value, the file and what was expected."""
        return ConfigError(
            MSG_INVALID_VALUE.format(
                key=key, value=value, table=self.name, source=self.source, expected=expected
            )
        )

    def check_keys(self, keys: tuple[str, ...], where: str = "") -> None:
        """Raise for the first key of the table that is not one of `keys`."""
        unknown = sorted(set(self.table) - set(keys))
        if unknown:
            raise ConfigError(
                MSG_UNKNOWN_KEY.format(
                    key=unknown[0],
                    where=where,
                    table=self.name,
                    source=self.source,
                    keys=", ".join(keys),
                )
            )

    def string(self, key: str, default: str | None = None, what: str = "string") -> str | None:
        """Return a non-empty string value, or `default` when the key is absent."""
        value = self.table.get(key, default)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, value, f"a non-empty {what}")
        return value

    def required(self, key: str, what: str = "string") -> str:
        """Return a non-empty string value that must be present."""
        value = self.string(key, what=what)
        if value is None:
            raise self.fail(key, None, f"a non-empty {what} (the key is required)")
        return value

    def integer(self, key: str, default: int) -> int:
        """Return a non-negative integer value."""
        value = self.table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.fail(key, value, "a non-negative integer")
        return value

    def boolean(self, key: str, default: bool) -> bool:
        """Return a boolean value."""
        value = self.table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, value, "true or false")
        return value

    def choice(self, key: str, valid: tuple[str, ...], default: str | None = None) -> str | None:
        """Return a value that must be one of `valid`."""
        value = self.table.get(key, default)
        if value is not None and value not in valid:
            raise self.fail(key, value, f"one of: {', '.join(valid)}")
        return value

    def strings(self, key: str, what: str = "path strings", empty: bool = False) -> list[str]:
        """Return a list of non-empty strings (empty only when `empty`)."""
        value = self.table.get(key, [])
        ok = isinstance(value, list) and (empty or value or key not in self.table)
        if not ok or not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(key, value, f"a {'' if empty else 'non-empty '}list of {what}")
        return list(value)

    def codes(self, key: str, value: object = None) -> frozenset[str]:
        """Return a list of rule codes, each one known."""
        value = self.table.get(key, []) if value is None else value
        valid = ", ".join(RULES_BY_CODE)
        if not isinstance(value, list) or not all(item in RULES_BY_CODE for item in value):
            raise self.fail(key, value, f"a list of rule codes from: {valid}")
        return frozenset(value)

    def tables(self, key: str) -> list[TableReader]:
        """Return an array of tables, each wrapped in a reader named after its position."""
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(key, value, f"an array of tables (`[[tool.{self.name}.{key}]]`)")
        return [
            TableReader(self.source, item, f"{self.name}.{key}[{index}]")
            for index, item in enumerate(value)
        ]


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


def _per_path_ignores(reader: TableReader) -> tuple[tuple[str, frozenset[str]], ...]:
    value = reader.table.get("per-path-ignores", {})
    if not isinstance(value, dict):
        raise reader.fail("per-path-ignores", value, 'a table of glob = ["CODE", ...]')
    return tuple(
        (glob, reader.codes(f"per-path-ignores.{glob!r}", codes)) for glob, codes in value.items()
    )


def _docs_url(reader: TableReader) -> str | None:
    value = reader.string("docs-url", what="URL")
    if value is None:
        return None
    parts = urlsplit(value)
    absolute = parts.scheme in ("http", "https") and bool(parts.netloc)
    if not absolute or parts.query or parts.fragment or not value.endswith("/"):
        raise reader.fail("docs-url", value, DOCS_URL_EXPECTED)
    return value


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
            origins=dict.fromkeys(KEYS, DEFAULT_ORIGIN),
        )
    source, table = found
    reader = TableReader(source, table)
    reader.check_keys(KEYS)
    base = source.parent
    roots = reader.strings("roots") or ["."]
    data_dir = reader.string("data-dir", what="path string")
    anchors = reader.string("anchors", DEFAULT_ANCHORS, what="path string")
    select = reader.codes("select") if "select" in table else None
    python = reader.string("python", what="path string")
    return ProjectConfig(
        root=root,
        source=source,
        roots=tuple((base / item).resolve() for item in roots),
        data_dir=(base / data_dir).resolve() if data_dir is not None else root / DEFAULT_DATA_DIR,
        anchors=(base / str(anchors)).resolve(),
        exclude=tuple(reader.strings("exclude", "globs", empty=True)),
        per_path_ignores=_per_path_ignores(reader),
        select=select,
        ignore=reader.codes("ignore"),
        fail_on=reader.choice("fail-on", PRIORITIES),
        docs_url=_docs_url(reader),
        extensions=read_extensions(reader),
        libraries=reader.boolean("libraries", True),
        python=(base / python).absolute() if python is not None else None,
        nonblocking=_nonblocking(reader),
        origins={key: str(source) if key in table else DEFAULT_ORIGIN for key in KEYS},
    )


def _nonblocking(reader: TableReader) -> tuple[tuple[str, str], ...]:
    declared = []
    for row in reader.tables("nonblocking"):
        row.check_keys(("name", "reason"))
        name = row.required("name", "dotted qualified name")
        if "." not in name or not all(part.isidentifier() for part in name.split(".")):
            raise row.fail("name", name, "a dotted qualified name such as `package.module.name`")
        declared.append((name, row.required("reason")))
    return tuple(declared)
