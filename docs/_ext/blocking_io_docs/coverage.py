"""The `runtime-coverage` directive: one entry per anchor module in `tests/blocking_io/`.

The list of anchor files is remembered per page so that adding or removing an anchor re-reads the
page on the next incremental build; each anchor file is also a dependency, so editing its
docstring does too.
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .base import BackendDirective, display_path
from .messages import NO_ANCHORS
from .render import paragraph, prose
from .sources import Anchor, Problem, list_anchor_files, read_anchor

__all__ = ["RuntimeCoverageDirective", "merge_pages", "outdated_coverage_pages", "purge_page"]

_LISTINGS = "deerflow_anchor_listings"


def _listings(env: BuildEnvironment) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Return the per-page record (anchor dir, anchor file names) kept on the environment."""
    if not hasattr(env, _LISTINGS):
        setattr(env, _LISTINGS, {})
    return getattr(env, _LISTINGS)


def _listing(anchor_dir: Path) -> tuple[str, ...]:
    """Return the anchor file names currently in `anchor_dir`."""
    return tuple(path.name for path in list_anchor_files(anchor_dir))


class RuntimeCoverageDirective(BackendDirective):
    """List every runtime anchor with its coverage summary, detail and module path."""

    def run(self) -> list[nodes.Node]:
        """Read each anchor's docstring and render it as a definition-list entry."""
        anchor_dir = self.backend_path("deerflow_anchor_dir")
        files = list_anchor_files(anchor_dir)
        _listings(self.env)[self.env.docname] = (str(anchor_dir), tuple(p.name for p in files))
        if not files:
            message = NO_ANCHORS.format(directory=anchor_dir, setting="deerflow_anchor_dir")
            self.report([Problem(anchor_dir, 1, message)])
            return [paragraph("No runtime anchors were found.")]
        entries: list[nodes.Node] = []
        for path in files:
            self.note_source(path)
            anchor, problem = read_anchor(path)
            if problem is not None:
                self.report([problem])
            if anchor is not None:
                entries.append(self._entry(anchor))
        result = nodes.definition_list("", *entries)
        result["classes"].append("deerflow-runtime-coverage")
        return [result]

    def _entry(self, anchor: Anchor) -> nodes.definition_list_item:
        """Render one anchor: the summary as the term, the module path and detail below it."""
        term = nodes.term("", "", *paragraph(anchor.summary).children)
        where = nodes.paragraph("", "Module: ")
        shown = display_path(anchor.path, self.backend_root)
        where += nodes.literal(shown, shown)
        where["classes"].append("deerflow-anchor-path")
        body = nodes.definition("", where, *prose(anchor.detail))
        return nodes.definition_list_item("", term, body)


def outdated_coverage_pages(
    app: Sphinx,
    env: BuildEnvironment,
    added: Set[str],
    changed: Set[str],
    removed: Set[str],
) -> list[str]:
    """Return the pages whose anchor directory gained or lost a file since they were read."""
    stale = []
    for docname, (anchor_dir, names) in _listings(env).items():
        if docname not in removed and _listing(Path(anchor_dir)) != names:
            stale.append(docname)
    return stale


def purge_page(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Forget the anchor listing of a page that is about to be re-read or was removed."""
    _listings(env).pop(docname, None)


def merge_pages(
    app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
) -> None:
    """Copy the listings recorded by a parallel reader into the main environment."""
    theirs = _listings(other)
    _listings(env).update({name: theirs[name] for name in docnames if name in theirs})
