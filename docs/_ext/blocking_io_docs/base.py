"""Shared directive plumbing: backend paths from conf.py, dependency notes and located warnings."""

from __future__ import annotations

from pathlib import Path

from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .sources import Problem

__all__ = ["BackendDirective", "display_path"]

logger = logging.getLogger(__name__)


def display_path(path: Path, backend_root: Path) -> str:
    """Return `path` as shown in the docs: relative to the directory holding the backend."""
    try:
        return path.relative_to(backend_root.parent).as_posix()
    except ValueError:
        return path.as_posix()


class BackendDirective(SphinxDirective):
    """A directive that renders content read from a source file in the backend tree."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0

    @property
    def backend_root(self) -> Path:
        """Return the backend root (made absolute against conf.py's dir when the config loaded)."""
        return Path(self.config.deerflow_backend_root)

    def backend_path(self, config_name: str) -> Path:
        """Return the backend file or directory named by the config value `config_name`."""
        return self.backend_root / getattr(self.config, config_name)

    def note_source(self, path: Path) -> None:
        """Note `path` as a dependency so the page is rebuilt when the file changes."""
        self.env.note_dependency(path)

    def report(self, problems: list[Problem]) -> None:
        """Emit one Sphinx warning per problem, located at the source file and line."""
        for problem in problems:
            logger.warning(
                problem.message,
                location=f"{problem.path}:{problem.line}",
                type="deerflow",
                subtype="source",
            )
