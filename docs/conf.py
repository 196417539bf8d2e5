"""Sphinx configuration for the DeerFlow backend maintenance docs (MyST Markdown pages)."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

DOCS_DIR = Path(__file__).resolve().parent
# The local extensions in _ext/ read backend source with `ast`; they never import the backend.
sys.path.insert(0, str(DOCS_DIR / "_ext"))

# -- Project ---------------------------------------------------------------------------------------

project = "DeerFlow backend"
author = "DeerFlow maintainers"
copyright = "2026, DeerFlow maintainers"

try:
    release = metadata.version("deer-flow-backend")
except metadata.PackageNotFoundError:
    # Building from a checkout where the backend is not installed (for example a docs-only env).
    release = "0+unknown"
version = release

# -- General ---------------------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "blocking_io_docs",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]
nitpicky = True
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]

# Paths read by blocking_io_docs; the root is relative to this file, the rest to the root.
deerflow_backend_root = "../backend"
deerflow_anchor_dir = "tests/blocking_io"
deerflow_runtime_rules_file = "tests/support/detectors/blocking_io_runtime.py"
deerflow_coverage_file = "../.deer-flow/blocking-io-coverage.json"
deerflow_runtime_layers_file = "packages/blocking-io/blocking_io/runtime/layers.py"
deerflow_static_primitives_file = "packages/blocking-io/blocking_io/static/primitives.py"
deerflow_static_rules_file = "packages/blocking-io/blocking_io/static/rules.py"
deerflow_tooling_package = "packages/blocking-io/blocking_io"
deerflow_static_entrykinds_file = "packages/blocking-io/blocking_io/static/entrykinds.py"
deerflow_static_arguments_file = "packages/blocking-io/blocking_io/static/arguments.py"
# The `command-line` page imports the detector's CLI module (pure stdlib) to render its parser.
deerflow_cli_parser = "blocking_io.static.cli:_parser"
deerflow_peer_disagreements_file = "packages/blocking-io/blocking_io/evaluation/disagreements.py"

# -- HTML ------------------------------------------------------------------------------------------

html_theme = "furo"
html_title = f"DeerFlow backend {release}"
html_static_path = ["_static"]
html_css_files = ["deerflow.css"]
