"""Local Sphinx extension generating the blocking-IO reference pages from backend source.

Directives: `runtime-coverage` (the anchors in `tests/blocking_io/`), `runtime-rules` (the gate's
`_PROJECT_BLOCKING_RULES`), `runtime-layers` (`PRIMITIVE_COVERAGE`: which gate layer covers
what), `protection-coverage`, `static-rules` (the detector's `PRIMITIVES`), `static-codes` (the
detector's `RULES`), `package-tree` (the tooling package's modules), `command-line` (the
detector's argument parser), `entry-kinds`, `nonblocking-arguments` and `peer-disagreements` (the
evaluation's `DISAGREEMENTS`). Sources are read with `ast` and never imported, except the parser,
which `command-line` builds by calling it; every file read is a page dependency. Paths are set in
conf.py, relative to `deerflow_backend_root`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .cli import CommandLineDirective
from .coverage import RuntimeCoverageDirective, merge_pages, outdated_coverage_pages, purge_page
from .package import PackageTreeDirective
from .protection import ProtectionCoverageDirective
from .tables import (
    EntryKindsDirective,
    LibraryFactsDirective,
    NonBlockingArgumentsDirective,
    PeerDisagreementsDirective,
    RuntimeLayersDirective,
    RuntimeRulesDirective,
    StaticCodesDirective,
    StaticRulesDirective,
)

__all__ = ["DEFAULT_CLI_PARSER", "DEFAULT_PATHS", "setup"]

# (config value, default relative to the backend root or conf.py's dir for the root itself)
_PATHS = (
    ("deerflow_backend_root", "../backend"),
    ("deerflow_anchor_dir", "tests/blocking_io"),
    ("deerflow_runtime_rules_file", "tests/support/detectors/blocking_io_runtime.py"),
    ("deerflow_coverage_file", "../.deer-flow/blocking-io-coverage.json"),
    ("deerflow_runtime_layers_file", "packages/blocking-io/blocking_io/runtime/layers.py"),
    ("deerflow_static_primitives_file", "packages/blocking-io/blocking_io/static/primitives.py"),
    ("deerflow_static_rules_file", "packages/blocking-io/blocking_io/static/rules.py"),
    ("deerflow_static_libfacts_file", "packages/blocking-io/blocking_io/static/libfacts.py"),
    ("deerflow_tooling_package", "packages/blocking-io/blocking_io"),
    ("deerflow_static_entrykinds_file", "packages/blocking-io/blocking_io/static/entrykinds.py"),
    ("deerflow_static_arguments_file", "packages/blocking-io/blocking_io/static/arguments.py"),
    (
        "deerflow_peer_disagreements_file",
        "packages/blocking-io/blocking_io/evaluation/disagreements.py",
    ),
)
# `module:function` returning the argparse parser the `command-line` directive renders.
DEFAULT_CLI_PARSER = "blocking_io.static.cli:_parser"


DEFAULT_PATHS: dict[str, str] = dict(_PATHS)


def _source_version() -> int:
    """Return a number that changes whenever this extension's code changes.

    Sphinx discards a pickled environment when an extension's `env_version` changes, so pages
    rendered by an older version of these directives are never reused.
    """
    digest = hashlib.blake2b(digest_size=4)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return int.from_bytes(digest.digest(), "big")


def _resolve_backend_root(app: Sphinx, config: Config) -> None:
    """Make `deerflow_backend_root` absolute, relative to the directory holding conf.py."""
    root = Path(app.confdir, config.deerflow_backend_root).resolve()
    config.deerflow_backend_root = str(root)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the config values, the directives and the incremental-build hooks."""
    for name, default in _PATHS:
        app.add_config_value(name, default, "env", types=frozenset({str}))
    app.add_config_value("deerflow_cli_parser", DEFAULT_CLI_PARSER, "env", types=frozenset({str}))
    app.connect("config-inited", _resolve_backend_root)
    app.add_directive("runtime-coverage", RuntimeCoverageDirective)
    app.add_directive("runtime-rules", RuntimeRulesDirective)
    app.add_directive("runtime-layers", RuntimeLayersDirective)
    app.add_directive("protection-coverage", ProtectionCoverageDirective)
    app.add_directive("static-rules", StaticRulesDirective)
    app.add_directive("static-codes", StaticCodesDirective)
    app.add_directive("package-tree", PackageTreeDirective)
    app.add_directive("command-line", CommandLineDirective)
    app.add_directive("entry-kinds", EntryKindsDirective)
    app.add_directive("library-facts", LibraryFactsDirective)
    app.add_directive("nonblocking-arguments", NonBlockingArgumentsDirective)
    app.add_directive("peer-disagreements", PeerDisagreementsDirective)
    app.connect("env-get-outdated", outdated_coverage_pages)
    app.connect("env-purge-doc", purge_page)
    app.connect("env-merge-info", merge_pages)
    return {
        "version": "1",
        "env_version": _source_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
