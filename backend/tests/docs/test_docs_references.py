"""The docs and the README name only make targets and repository files that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.paths import REPO_ROOT

REPO = REPO_ROOT
PAGES = [*sorted((REPO / "docs").glob("*.md")), REPO / "README.md"]

# Paths the docs name on purpose although they are not committed: each with the reason.
NOT_COMMITTED = {
    "backend/config.yaml": "the optional local config; git-ignored, the example is committed",
    "docs/_build/html": "the output of `make docs`; git-ignored and absent on a fresh clone",
}

_INLINE_MAKE = re.compile(r"`make ([a-z][a-z-]*)")
_BLOCK_MAKE = re.compile(r"^\s*(?:\$ )?make ([a-z][a-z-]*)", re.MULTILINE)
_FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_REPO_PATH = re.compile(r"`((?:backend|docs|\.github|\.ci)/[^`\s<>*]+)`")


def _targets(makefile: Path) -> set[str]:
    """Return the targets a Makefile defines; a `%:` rule delegating to backend/ adds backend's."""
    text = makefile.read_text(encoding="utf-8")
    rules = set(re.findall(r"^([a-z][a-z-]*):", text, re.MULTILINE))
    if re.search(r"^%:.*\n\t.*-C backend \$@", text, re.MULTILINE):
        rules |= _targets(REPO / "backend" / "Makefile")
    return rules


def _make_targets_named(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    named = set(_INLINE_MAKE.findall(text))
    for block in _FENCE.findall(text):
        named |= set(_BLOCK_MAKE.findall(block))
    return named


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_docs_page_names_only_existing_make_targets(page: Path) -> None:
    root_targets = _targets(REPO / "Makefile")
    backend_targets = _targets(REPO / "backend" / "Makefile")
    for target in sorted(_make_targets_named(page)):
        assert target in root_targets, f"{page.name} names `make {target}`; not a root target"
        assert target in backend_targets, f"{page.name} names `make {target}`; not in backend/"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_docs_page_names_only_existing_repository_paths(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for path in sorted(set(_REPO_PATH.findall(text)) - set(NOT_COMMITTED)):
        assert (REPO / path.rstrip("/.,")).exists(), (
            f"{page.name} names `{path}`; it does not exist"
        )


def test_docs_reference_checks_see_the_main_commands() -> None:
    # Guards the patterns above: if they matched nothing, the two tests would pass vacuously.
    named = set().union(*(_make_targets_named(page) for page in PAGES))
    assert {"test", "detect-blocking-io", "test-blocking-io", "docs"} <= named
    paths = set().union(*(_REPO_PATH.findall(p.read_text(encoding="utf-8")) for p in PAGES))
    assert "backend/tests/support/detectors/blocking_io_runtime.py" in paths
