"""The `package-tree` and `command-line` directives, on a fake tree and on the real package."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.docs.docs_tree import MESSAGES, DocsTree, import_extension, table_rows, visible_text
from tests.support.paths import BACKEND_DIR

EXTENSION = import_extension()
PACKAGE = "packages/blocking-io/blocking_io"

FAKE_CLI = '''\
"""A fake command line for the docs tests."""

import argparse


def build():
    parser = argparse.ArgumentParser(prog="fake-tool", description="Do a fake thing.")
    parser.add_argument("paths", nargs="*", help="what to look at")
    parser.add_argument("--level", metavar="N", default=3, help="how deep (default: %(default)s)")
    parser.add_argument("--quiet", action="store_true", help="say less")
    parser.add_argument("--secret", help=argparse.SUPPRESS)
    return parser


def not_a_parser():
    return 42
'''


def _tree(tmp_path: Path, page: str) -> DocsTree:
    tree = DocsTree(tmp_path)
    (tree.docs / "index.md").write_text(textwrap.dedent(page), encoding="utf-8")
    (tree.docs / "fake_cli_for_docs.py").write_text(FAKE_CLI, encoding="utf-8")
    conf = tree.docs / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + f"sys.path.insert(0, {str(tree.docs)!r})\n",
        encoding="utf-8",
    )
    return tree


def test_package_tree_lists_modules_and_subpackages_with_summaries(tmp_path: Path) -> None:
    tree = _tree(tmp_path, "# Fake\n\n```{package-tree}\n```\n")
    tree.write_backend(f"{PACKAGE}/__init__.py", '"""The fake tool."""\n')
    tree.write_backend(f"{PACKAGE}/layout.py", '"""Where things are.\n\nMore detail."""\n')
    tree.write_backend(f"{PACKAGE}/static/__init__.py", '"""The static half."""\n')
    tree.write_backend(f"{PACKAGE}/static/__pycache__/x.py", '"""Never listed."""\n')

    result = tree.build()

    assert result.returncode == 0, result.warnings
    text = visible_text(result.html)
    assert "layout.py : Where things are." in text
    assert "static/ : The static half." in text
    assert "primitives.py" in text and "Never listed" not in text and "More detail" not in text


def test_package_tree_warns_at_a_module_without_docstring(tmp_path: Path) -> None:
    tree = _tree(tmp_path, "# Fake\n\n```{package-tree}\n```\n")
    bare = tree.write_backend(f"{PACKAGE}/bare.py", "X = 1\n")

    result = tree.build()

    assert result.returncode != 0
    message = MESSAGES.MODULE_WITHOUT_DOCSTRING.format(name="bare.py")
    assert f"{bare}:1: WARNING: {message}" in result.warnings


def test_command_line_renders_usage_arguments_and_expanded_help(tmp_path: Path) -> None:
    tree = _tree(tmp_path, "# Fake\n\n```{command-line}\n```\n")

    result = tree.build("-D", "deerflow_cli_parser=fake_cli_for_docs:build")

    assert result.returncode == 0, result.warnings
    rows = table_rows(result.html)
    assert rows[0] == ["Argument", "Meaning"]
    assert ["paths ...", "what to look at"] in rows
    assert ["--level N", "how deep (default: 3)"] in rows
    assert ["--quiet", "say less"] in rows
    assert "--secret" not in result.html
    assert "Do a fake thing." in visible_text(result.html)


def test_command_line_warns_when_the_target_is_not_a_parser(tmp_path: Path) -> None:
    tree = _tree(tmp_path, "# Fake\n\n```{command-line}\n```\n")

    result = tree.build("-D", "deerflow_cli_parser=fake_cli_for_docs:not_a_parser")

    assert result.returncode != 0
    message = MESSAGES.PARSER_UNAVAILABLE.format(
        target="fake_cli_for_docs:not_a_parser",
        error="TypeError: fake_cli_for_docs:not_a_parser returned int, not an ArgumentParser",
        setting="deerflow_cli_parser",
    )
    assert message in result.warnings


def test_real_package_tree_names_every_module_and_each_has_a_docstring() -> None:
    root = BACKEND_DIR / EXTENSION.DEFAULT_PATHS["deerflow_tooling_package"]
    problems: list = []
    entries = EXTENSION.package.read_package(root, root, problems)

    def names(items) -> set[str]:
        found = set()
        for item in items:
            found.add(item.relative)
            found |= names(item.children)
        return found

    listed = names(entries)
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if "__pycache__" in relative:
            continue
        shown = relative.removesuffix("__init__.py") if "/" in relative else relative
        assert shown in listed, f"{relative} is missing from the package tree"
    assert problems == []


def test_real_command_line_parser_loads() -> None:
    parser, source = EXTENSION.cli.load_parser(EXTENSION.DEFAULT_CLI_PARSER)
    assert parser.prog == "blocking-io"
    assert source is not None and source.name == "cli.py"
