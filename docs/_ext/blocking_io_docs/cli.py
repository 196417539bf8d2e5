"""The `command-line` directive: a reference page generated from a command's argparse parser.

Unlike the other directives this one imports code: the parser is built by calling a function
named in conf.py (`module:function`), so the page always shows the options the command accepts.
The module must import without side effects; the static detector's command line is pure stdlib.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import cast

from docutils import nodes

from .base import BackendDirective
from .messages import PARSER_UNAVAILABLE
from .render import code_block, paragraph, table
from .sources import Problem

__all__ = ["CommandLineDirective", "load_parser"]


def load_parser(target: str) -> tuple[argparse.ArgumentParser, Path | None]:
    """Import `module:function`, call it, and return the parser and the module's file.

    Raises:
        ValueError: `target` is not of the form `module:function`.
        ImportError, AttributeError, TypeError: the module or function cannot be used.
    """
    module_name, sep, function_name = target.partition(":")
    if not sep or not module_name or not function_name:
        raise ValueError(f"expected `module:function`, got {target!r}")
    module = importlib.import_module(module_name)
    build = cast(Callable[[], object], getattr(module, function_name))
    parser = build()
    if not isinstance(parser, argparse.ArgumentParser):
        raise TypeError(f"{target} returned {type(parser).__name__}, not an ArgumentParser")
    source = getattr(module, "__file__", None)
    return parser, Path(source) if source else None


def _invocation(action: argparse.Action) -> str:
    """Return how an argument is written: `--format FORMAT`, `paths ...`, `--no-cache`."""
    if not action.option_strings:
        return f"{action.dest} ..." if action.nargs in ("*", "+") else action.dest
    if action.nargs == 0:
        return ", ".join(action.option_strings)
    metavar = action.metavar or action.dest.upper()
    return ", ".join(f"{option} {metavar}" for option in action.option_strings)


def _rows(parser: argparse.ArgumentParser) -> list[list[str | nodes.Node]]:
    """Return one (argument, help) row per documented argument, positional ones first."""
    rows: list[list[str | nodes.Node]] = []
    # argparse keeps its actions and help expansion private; these are the stable spellings
    # every release since 3.2 uses, and the same ones `--help` goes through.
    formatter = parser._get_formatter()
    actions = sorted(parser._actions, key=lambda action: bool(action.option_strings))
    for action in actions:
        if action.help == argparse.SUPPRESS:
            continue
        text = _invocation(action)
        help_text = formatter._expand_help(action) if action.help else ""
        rows.append([nodes.literal(text, text), help_text])
    return rows


class CommandLineDirective(BackendDirective):
    """Render usage, description, the argument table and the epilog of one parser."""

    def run(self) -> list[nodes.Node]:
        """Build the parser named by `deerflow_cli_parser` and render it."""
        target = self.config.deerflow_cli_parser
        try:
            parser, source = load_parser(target)
        except Exception as error:  # any failure becomes a located warning, not a crash
            detail = f"{type(error).__name__}: {error}"
            message = PARSER_UNAVAILABLE.format(
                target=target, error=detail, setting="deerflow_cli_parser"
            )
            self.report([Problem(Path(self.env.doc2path(self.env.docname)), self.lineno, message)])
            return [paragraph(f"The parser `{target}` could not be loaded.")]
        if source is not None:
            self.note_source(source)
        result: list[nodes.Node] = [code_block(parser.format_usage().strip(), language="text")]
        if parser.description:
            result.append(paragraph(parser.description))
        rows = _rows(parser)
        headers = ("Argument", "Meaning")
        result.append(table(headers, rows, widths=(35, 65), classes=["deerflow-cli"]))
        if parser.epilog:
            result.append(code_block(parser.epilog.strip(), language="text"))
        return result
