"""Build a tiny docs tree over a fake backend in a temporary directory and run Sphinx on it.

The fake backend mirrors the real layout (anchors, the gate's rule table, the detector's primitive
and rule tables) so the tests exercise the real `docs/_ext` extension end to end.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import re
import sys
import textwrap
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

from sphinx.cmd.build import build_main

from tests.support.paths import REPO_ROOT

__all__ = [
    "EXT_DIR",
    "MESSAGES",
    "BuildResult",
    "DocsTree",
    "import_extension",
    "list_items",
    "table_rows",
    "visible_text",
]

EXT_DIR = REPO_ROOT / "docs" / "_ext"


def _load_messages() -> ModuleType:
    """Load the extension's warning templates by path (docs/_ext is not an installed package)."""
    path = EXT_DIR / "blocking_io_docs" / "messages.py"
    spec = importlib.util.spec_from_file_location("blocking_io_docs_messages", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MESSAGES = _load_messages()


def import_extension() -> ModuleType:
    """Import the `blocking_io_docs` extension package the way conf.py does (from docs/_ext)."""
    if str(EXT_DIR) not in sys.path:
        sys.path.insert(0, str(EXT_DIR))
    return importlib.import_module("blocking_io_docs")


ANCHOR_ALPHA = '''\
"""Alpha store keeps its file writes off the event loop.

Drives `put` against a real directory; reverting the offload must fail.
"""


async def test_alpha_put_offloaded():
    assert True
'''

ANCHOR_BETA = '''\
"""Beta loader reads skills on a worker thread.

It guards:

- `_load_skills`, which
  walks the skills tree;
- `load_skills`
Reverting either offload must fail.
"""


async def test_beta_load_offloaded():
    assert True
'''

RUNTIME_RULES = '''\
"""Fake gate module."""

_PROJECT_BLOCKING_RULES: tuple[ProjectRule, ...] = (
    ProjectRule(target="builtins.open", reason="Opening a file stats and opens it."),
    ProjectRule(target="os.fsync", reason="Flushing to disk waits on the device."),
)
'''

PRIMITIVES = '''\
"""Fake primitive table."""

PRIMITIVES: tuple[Primitive, ...] = (
    Primitive(
        name="time.sleep",
        operation="sleep",
        priority="high",
        hint="await asyncio.sleep(...)",
        reason="Sleeps the whole loop.",
    ),
    Primitive(name="os.walk", operation="filesystem", priority="medium", reason="Lists dirs."),
)
'''

RULES = '''\
"""Fake rule table."""

RULES = (
    Rule(
        code="BIO101",
        name="blocking-call-in-async",
        exposure="direct",
        message="Blocking call `{callee}` in async function `{function}`",
        summary="An async function calls a blocking primitive directly.",
        what="Calls to known blocking primitives inside `async def` bodies.",
        why="The loop cannot run other tasks while the call blocks.",
        example="async def tick():\\n    time.sleep(1)",
        instead="async def tick():\\n    await asyncio.sleep(1)",
    ),
)
'''

INDEX = """\
# Fake docs

## Coverage

```{runtime-coverage}
```

## Runtime rules

```{runtime-rules}
```

## Static primitives

```{static-rules}
```

## Static codes

```{static-codes}
```
"""


@dataclass(frozen=True)
class BuildResult:
    """The outcome of one sphinx-build run."""

    returncode: int
    warnings: str
    html: str


class DocsTree:
    """A docs source dir plus a fake backend under one root; build it as often as needed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.backend = root / "backend"
        self.docs = root / "docs"
        self.out = root / "out"
        self.docs.mkdir(parents=True)
        self.anchors = self.backend / "tests" / "blocking_io"
        self.anchors.mkdir(parents=True)
        self.detectors = self.backend / "tests" / "support" / "detectors"
        self.detectors.mkdir(parents=True)
        self.write_anchor("test_alpha.py", ANCHOR_ALPHA)
        self.write_anchor("test_beta.py", ANCHOR_BETA)
        self.write_backend("tests/support/detectors/blocking_io_runtime.py", RUNTIME_RULES)
        self.write_backend("packages/blocking-io/blocking_io/static/primitives.py", PRIMITIVES)
        self.write_backend("packages/blocking-io/blocking_io/static/rules.py", RULES)
        (self.docs / "index.md").write_text(INDEX, encoding="utf-8")
        conf = f"""\
            import sys
            sys.path.insert(0, {str(EXT_DIR)!r})
            project = "fake"
            extensions = ["myst_parser", "blocking_io_docs"]
            nitpicky = True
            deerflow_backend_root = "../backend"
            """
        (self.docs / "conf.py").write_text(textwrap.dedent(conf), encoding="utf-8")

    def write_anchor(self, name: str, source: str) -> Path:
        """Write an anchor module into the fake `tests/blocking_io/`."""
        path = self.anchors / name
        path.write_text(source, encoding="utf-8")
        return path

    def write_backend(self, relative: str, source: str) -> Path:
        """Write a file in the fake backend tree."""
        path = self.backend / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
        return path

    def build(self, *extra: str) -> BuildResult:
        """Run sphinx-build in-process with warnings as errors into a persistent output dir.

        In-process keeps the suite fast (Sphinx and MyST import once); warnings are captured
        through `-w` so the result carries exactly what sphinx-build would print.
        """
        warnings = self.root / "warnings.txt"
        argv = [
            "-W", "--keep-going", "-b", "html", "-q", "-w", str(warnings),
            *extra, str(self.docs), str(self.out),
        ]  # fmt: skip
        with contextlib.redirect_stderr(io.StringIO()):
            returncode = build_main(argv)
        index = self.out / "index.html"
        html = index.read_text(encoding="utf-8") if index.exists() else ""
        text = warnings.read_text(encoding="utf-8") if warnings.exists() else ""
        return BuildResult(returncode, text, html)


class _Text(HTMLParser):
    """Collect the text of the page body and the cells of each table row."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)
        if self._cell is not None:
            self._cell.append(data)


def visible_text(html: str) -> str:
    """Return the page text, one space between text chunks of different elements."""
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.chunks))


def table_rows(html: str) -> list[list[str]]:
    """Return every table row of the page as a list of cell texts."""
    parser = _Text()
    parser.feed(html)
    return parser.rows


def list_items(html: str) -> list[str]:
    """Return the text of every list item in the page body (the content of each `<li>`)."""
    body = html.split('<div class="body"', 1)[-1]
    return [
        " ".join(visible_text(item).split()) for item in re.findall(r"<li>(.*?)</li>", body, re.S)
    ]
