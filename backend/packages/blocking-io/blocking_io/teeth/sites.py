"""Find the offload sites in source files and revert one of them at a time."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext

from ..layout import is_skipped_dir
from .messages import NO_SITE_AT, PARSE_FAILED
from .revert import FoundSite, RevertOffloadCommand, SiteSelector

__all__ = ["Site", "find_offload_sites", "find_sites_in_source", "revert_site", "revert_source"]

# Directories never scanned for sites: caches and virtual environments.


@dataclass(frozen=True)
class Site:
    """An offload call in a file; `problem` says why the codemod cannot revert it."""

    path: str
    line: int
    column: int
    offloader: str
    callable: str
    problem: str | None = None

    @property
    def location(self) -> str:
        """Return `path:line`, the form `--site` accepts."""
        return f"{self.path}:{self.line}"


def _transform(
    source: str, path: str, selector: SiteSelector | None
) -> tuple[str, RevertOffloadCommand]:
    """Run the codemod over `source` and return the new source and the command's record."""
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        message = PARSE_FAILED.format(path=path, error=str(error).splitlines()[0])
        raise ValueError(message) from error
    command = RevertOffloadCommand(CodemodContext(filename=path), selector)
    return command.transform_module(module).code, command


def _site(path: str, found: FoundSite) -> Site:
    """Label a site the command found with its file."""
    return Site(path, found.line, found.column, found.offloader, found.callable, found.problem)


def find_sites_in_source(source: str, path: str = "<source>") -> list[Site]:
    """Return the offload sites in `source`, in source order, labelled with `path`."""
    _, command = _transform(source, path, None)
    return sorted((_site(path, found) for found in command.found), key=_order)


def find_offload_sites(path: Path, relative_to: Path | None = None) -> list[Site]:
    """Return the offload sites in a file, or in every `.py` file under a directory.

    Site paths are POSIX paths relative to `relative_to` (default: the current directory when
    `path` lies under it, else `path` as given).
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"Path `{path}` does not exist; pass a Python file or directory.")
    base = Path(relative_to) if relative_to is not None else Path.cwd()
    files = [path] if path.is_file() else sorted(_python_files(path))
    sites: list[Site] = []
    for file in files:
        label = _label(file, base)
        sites += find_sites_in_source(file.read_text(encoding="utf-8"), label)
    return sites


def revert_site(source: str, site: Site | SiteSelector) -> tuple[str, list[str]]:
    """Revert the one offload at `site` in `source`; return the new source and the warnings.

    A site the codemod cannot revert, or a selector that matches no offload, leaves the source
    unchanged and yields a warning.
    """
    path = site.path if isinstance(site, Site) else "<source>"
    selector = SiteSelector(site.line, site.column)
    new_source, command = _transform(source, path, selector)
    warnings = list(command.problems)
    if not command.reverted and not warnings:
        column = f", column {site.column}" if site.column is not None else ""
        warnings.append(NO_SITE_AT.format(line=site.line, column=column, path=path))
    return new_source, warnings


def revert_source(source: str, selector: SiteSelector | None = None) -> tuple[str, list[str]]:
    """Revert every offload in `source` (or those `selector` picks); return source and warnings."""
    new_source, command = _transform(source, "<source>", selector)
    return new_source, list(command.problems)


def _order(site: Site) -> tuple[int, int]:
    """Sort key: source order."""
    return site.line, site.column


def _python_files(root: Path) -> list[Path]:
    """Return the `.py` files under `root`, skipping caches and virtual environments."""
    return [
        file
        for file in root.rglob("*.py")
        if not any(is_skipped_dir(part) for part in file.relative_to(root).parts[:-1])
    ]


def _label(file: Path, base: Path) -> str:
    """Return `file` as a POSIX path relative to `base`, or as given when outside it."""
    resolved = file.resolve()
    if resolved.is_relative_to(base.resolve()):
        return resolved.relative_to(base.resolve()).as_posix()
    return file.as_posix()
