"""Hostile inputs for the summary index and the files known by their stored key.

Each test builds a small project, scans it, and checks the scan neither crashes nor reports
anything but what a scan without a cache reports of the same tree at the same moment (timing
and cache counters aside, as in ``test_reuse``).
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from blocking_io.static import scan

_clock = itertools.count(1_000_000_000, 1_000)  # old modification times: outside the racy window


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    stamp = next(_clock)
    os.utime(path, ns=(stamp, stamp))


def _comparable(report: dict) -> dict:
    """Return a report without its timing and cache figures (files and lines stay)."""
    shown = {key: value for key, value in report.items() if key != "scan"}
    shown["scan"] = (report["scan"]["files"], report["scan"]["lines"])
    return shown


# A nested class `b.c` of package `a` and the function `d` of the module `a.b.c` (in the
# namespace directory `a/b/`, no `__init__.py`) have the same key `a.b.c.d`: the later module's
# record wins in the resolver. The index of `a` still lists the calls of its own `b.c.d`.
_NESTED = {
    "handed": (
        "import asyncio\nimport time\n\n\ndef blocking():\n    time.sleep(1)\n\n\n"
        "class b:\n    class c:\n        def d(self):\n"
        "            asyncio.get_event_loop().call_soon(blocking)\n",
        "from a.b.c import d\n",
    ),
    "unresolved": (
        "class b:\n    class c:\n        def d(self, x):\n            x.fetch_all()\n",
        "import os\nfrom a.b.c import d\n\n\nclass Store:\n    async def fetch_all(self):\n"
        "        os.remove('x')\n\n\nSTORE = Store()\n",
    ),
    "spelled": (
        "from typing import Callable\n\n\nclass Row:\n    convert: Callable[[str], str]\n\n\n"
        "class b:\n    class c:\n        def d(self):\n            return Row(convert=str)\n",
        "from a import Row\nfrom a.b.c import d\n\n\nasync def go(row: Row):\n"
        "    row.convert('x')\n",
    ),
}


@pytest.mark.parametrize("kind", sorted(_NESTED))
def test_hostile_index_of_a_function_whose_key_another_module_took_is_not_followed(
    tmp_path: Path, kind: str
) -> None:
    init, main = _NESTED[kind]
    src, cache = tmp_path / "src", tmp_path / "cache"
    _write(src / "a" / "__init__.py", init)
    _write(src / "a" / "b" / "c.py", "def d():\n    return 1\n")
    _write(src / "main.py", main)
    uncached = scan([src], repo_root=tmp_path, cache_dir=None)
    assert uncached["errors"] == []
    cold = scan([src], repo_root=tmp_path, cache_dir=cache)
    _write(src / "main.py", main + "\n# edited\n")
    warm = scan([src], repo_root=tmp_path, cache_dir=cache)
    assert _comparable(cold) == _comparable(uncached)
    assert _comparable(warm) == _comparable(scan([src], repo_root=tmp_path, cache_dir=None))
