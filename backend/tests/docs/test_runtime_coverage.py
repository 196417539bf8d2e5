"""The `runtime-coverage` directive lists every anchor module and warns about undocumented ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs.docs_tree import MESSAGES, BuildResult, DocsTree, list_items, visible_text


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Build the default fake tree once for the read-only assertions."""
    return DocsTree(tmp_path_factory.mktemp("coverage")).build()


def test_runtime_coverage_builds_clean_tree_without_warnings(clean_build: BuildResult) -> None:
    assert clean_build.returncode == 0, clean_build.warnings
    assert "WARNING" not in clean_build.warnings


def test_runtime_coverage_lists_each_anchor_summary_and_path(clean_build: BuildResult) -> None:
    text = visible_text(clean_build.html)
    assert "Alpha store keeps its file writes off the event loop." in text
    assert "Module: backend/tests/blocking_io/test_alpha.py" in text
    assert "Beta loader reads skills on a worker thread." in text
    assert "Module: backend/tests/blocking_io/test_beta.py" in text


def test_runtime_coverage_renders_detail_with_inline_code_and_lists(
    clean_build: BuildResult,
) -> None:
    text = visible_text(clean_build.html)
    assert "Drives put against a real directory; reverting the offload must fail." in text
    assert '<code class="docutils literal notranslate"><span class="pre">put</span></code>' in (
        clean_build.html
    )
    items = list_items(clean_build.html)
    assert "_load_skills , which walks the skills tree;" in items
    assert "load_skills" in items
    assert "Reverting either offload must fail." not in " ".join(items)
    assert "Reverting either offload must fail." in text


def test_runtime_coverage_sorts_entries_by_file_name(clean_build: BuildResult) -> None:
    text = visible_text(clean_build.html)
    assert text.index("test_alpha.py") < text.index("test_beta.py")


def test_runtime_coverage_warns_at_file_and_line_for_missing_docstring(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    bare = tree.write_anchor("test_bare.py", "async def test_nothing():\n    assert True\n")

    result = tree.build()

    assert result.returncode != 0
    message = MESSAGES.ANCHOR_WITHOUT_DOCSTRING.format(name="test_bare.py")
    assert f"{bare}:1: WARNING: {message}" in result.warnings
    assert "Alpha store keeps its file writes off the event loop." in visible_text(result.html)


def test_runtime_coverage_warns_at_error_line_for_unparsable_anchor(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    broken = tree.write_anchor("test_broken.py", '"""Broken."""\n\ndef (:\n')

    result = tree.build()

    assert result.returncode != 0
    message = MESSAGES.SOURCE_UNPARSABLE.format(path=broken, error="invalid syntax")
    assert f"{broken}:3: WARNING: {message}" in result.warnings


def test_runtime_coverage_adds_entry_for_new_anchor_on_rebuild(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    first = tree.build()
    assert first.returncode == 0, first.warnings
    assert "Gamma runner" not in first.html

    tree.write_anchor("test_gamma.py", '"""Gamma runner offloads its subprocess start."""\n')
    second = tree.build()

    assert second.returncode == 0, second.warnings
    text = visible_text(second.html)
    assert "Gamma runner offloads its subprocess start." in text
    assert "Module: backend/tests/blocking_io/test_gamma.py" in text


def test_runtime_coverage_updates_summary_when_docstring_changes(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    assert tree.build().returncode == 0

    tree.write_anchor("test_alpha.py", '"""Alpha store now also guards compaction."""\n')
    result = tree.build()

    text = visible_text(result.html)
    assert "Alpha store now also guards compaction." in text
    assert "Alpha store keeps its file writes off the event loop." not in text


def test_runtime_coverage_drops_entry_for_removed_anchor_on_rebuild(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    assert tree.build().returncode == 0

    (tree.anchors / "test_beta.py").unlink()
    result = tree.build()

    assert result.returncode == 0, result.warnings
    assert "Beta loader" not in visible_text(result.html)


def test_runtime_coverage_warns_when_anchor_dir_is_empty(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    for anchor in tree.anchors.glob("test_*.py"):
        anchor.unlink()

    result = tree.build()

    assert result.returncode != 0
    message = MESSAGES.NO_ANCHORS.format(directory=tree.anchors, setting="deerflow_anchor_dir")
    assert f"{tree.anchors}:1: WARNING: {message}" in result.warnings


def test_runtime_coverage_reads_anchors_without_importing_them(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    tree.write_anchor(
        "test_exploding.py",
        '"""Exploding anchor is read, never imported."""\n\nraise SystemExit("imported")\n',
    )

    result = tree.build()

    assert result.returncode == 0, result.warnings
    assert "Exploding anchor is read, never imported." in visible_text(result.html)
