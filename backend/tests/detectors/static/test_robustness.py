"""Robustness: generated programs never crash the detector, and the cache never changes a report.

Generated projects mix nested calls, classes, imports across modules (absolute, relative, star,
namespace packages), unusual syntax and files that do not parse. Each is scanned cold with a
cache, warm from the stored report, warm from cached summaries, and without a cache: the four
reports must agree; after a comment is appended to one file, the cached scan (which may reuse
the stored analysis) must agree with an uncached one. The cache fault test flips and truncates
bytes of both cache files and asserts the report stays the same (a damaged cache is a rebuild,
never a crash). The whole standard library of the running interpreter is scanned once, in a
subprocess.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from blocking_io.static import scan
from blocking_io.static.cli import EXIT_OK
from blocking_io.static.messages import INPUT_REASONS

MODULES = ("pkg/__init__.py", "pkg/m0.py", "pkg/m1.py", "pkg/sub/m2.py", "ns/m3.py", "top.py")
CALLEES = ("a", "b", "run", "load", "Store", "m0.a", "pkg.m1.b", "self.b", "helper")
_OLD = 1_000_000_000  # a modification time far outside the racy window

_calls = st.sampled_from(CALLEES).map(lambda callee: f"{callee}()")
_expressions = st.one_of(
    _calls,
    st.sampled_from(
        [
            "time.sleep(1)",
            "open('p').read()",
            "os.remove('p')",
            "await asyncio.sleep(0)",
            "await asyncio.to_thread(b)",
            "await asyncio.to_thread(time.sleep, 1)",
            "loop.call_soon(b)",
            "sorted([1], key=lambda v: b())",
            "[b() for _ in range(2) if a()]",
            "(w := a())",
            "f'{a()!r:>{b()}}'",
            "super().run()",
            "Path('p') / 'q' / 'r'",
            "functools.partial(b, 1)()",
            "x[0][1]['k'].attr.call()",
        ]
    ),
    st.integers(1, 60).map(lambda depth: "x" + ".a" * depth),
    st.integers(1, 60).map(lambda depth: "x" + "[0]" * depth),
)
_simple = _expressions.map(lambda expression: [expression])
_blocks = st.one_of(
    _simple,
    _expressions.map(lambda e: ["with open('p') as handle:", f"    {e}"]),
    _expressions.map(lambda e: ["for item in range(3):", f"    {e}"]),
    _expressions.map(lambda e: ["try:", f"    {e}", "except* ValueError:", "    pass"]),
    _expressions.map(lambda e: ["match x:", "    case [1, *rest]:", f"        {e}"]),
    _expressions.map(lambda e: ["def inner():", f"    {e}", "inner()"]),
    _expressions.map(lambda e: ["if TYPE_CHECKING:", "    import os", "else:", f"    {e}"]),
)
_imports = st.sampled_from(
    [
        "import time",
        "import os, asyncio, functools",
        "from pathlib import Path",
        "from pkg import m0",
        "import pkg.m1",
        "from pkg.m1 import *",
        "from . import m0",
        "from .m1 import b as helper",
        "from .. import top",
        "from ns.m3 import run",
        "from typing import TYPE_CHECKING",
        "import pkg.sub.m2 as deep",
    ]
)


def _function(name: str, is_async: bool, blocks: list[list[str]], indent: str) -> list[str]:
    head = f"{indent}{'async ' if is_async else ''}def {name}(self, x=None, *args, **kwargs):"
    return [head] + [f"{indent}    {line}" for block in blocks for line in block]


@st.composite
def _module(draw: st.DrawFn) -> str:
    lines = list(draw(st.lists(_imports, max_size=4)))
    for index in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(["a", "b", "run", "load", "helper"]))
        blocks = draw(st.lists(_blocks, min_size=1, max_size=3))
        if draw(st.booleans()):
            lines.append(f"class Store{index}(Store if False else object):")
            lines += _function(name, draw(st.booleans()), blocks, "    ")
            lines.append("    @property")
            lines += _function("load", False, [["time.sleep(1)"]], "    ")
        else:
            lines += _function(name, draw(st.booleans()), blocks, "")
    if draw(st.integers(0, 9)) == 0:
        lines.append(draw(st.sampled_from(["def broken(:", "x = 'unterminated", "\tif x:\n  y"])))
    return "\n".join(lines) + "\n"


_projects = st.fixed_dictionaries({name: _module() for name in MODULES})


def _write(root: Path, project: dict[str, str]) -> None:
    for name, text in project.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(_OLD, _OLD))


def _stable(report: dict) -> dict:
    """Return a report without its timing and cache figures."""
    return {key: value for key, value in report.items() if key != "scan"}


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
    phases=[Phase.explicit, Phase.generate],
)
@given(project=_projects)
def test_robustness_generated_projects_agree_cold_warm_and_uncached(
    project: dict[str, str],
) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        src, cache = base / "src", base / "cache"
        _write(src, project)
        cold = scan([src], repo_root=base, cache_dir=cache)
        reused = scan([src], repo_root=base, cache_dir=cache)
        for stored in cache.glob("report-*"):
            stored.unlink()
        summarised = scan([src], repo_root=base, cache_dir=cache)
        uncached = scan([src], repo_root=base, cache_dir=None)
        edited = src / MODULES[1]
        edited.write_text(project[MODULES[1]] + "# edited\n", encoding="utf-8")
        os.utime(edited, ns=(_OLD + 1, _OLD + 1))
        incremental = scan([src], repo_root=base, cache_dir=cache)
        uncached_edit = scan([src], repo_root=base, cache_dir=None)
    assert reused["scan"]["reused_report"] is True
    assert summarised["scan"]["cache_misses"] == 0 or cold["errors"]
    assert _stable(reused) == _stable(cold)
    assert _stable(summarised) == _stable(cold)
    assert _stable(uncached) == _stable(cold)
    assert _stable(incremental) == _stable(uncached_edit)
    assert incremental["scan"]["lines"] == uncached_edit["scan"]["lines"]


FAULTY = {
    "pkg/__init__.py": "",
    "pkg/io.py": "import time\n\n\ndef wait():\n    time.sleep(1)\n",
    "pkg/api.py": "from pkg.io import wait\n\n\nasync def handler():\n    wait()\n",
    "pkg/files.py": "async def read(p):\n    return open(p).read()\n",
}


def _damage(path: Path, rng: random.Random) -> str:
    data = bytearray(path.read_bytes())
    if rng.random() < 0.3:
        cut = rng.randrange(len(data))
        path.write_bytes(bytes(data[:cut]))
        return f"truncated to {cut}"
    for _ in range(rng.randint(1, 4)):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))
    return "flipped"


def test_robustness_damaged_cache_gives_the_same_report_or_rebuilds(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    _write(src, FAULTY)
    baseline = _stable(scan([src], repo_root=tmp_path, cache_dir=None))
    scan([src], repo_root=tmp_path, cache_dir=cache)
    rng = random.Random(20261130)
    stored = sorted(cache.iterdir())
    assert [path.name.split("-")[0] for path in stored] == ["report", "summaries"]
    for trial in range(60):
        victim = stored[trial % 2]
        how = _damage(victim, rng)
        if victim.name.startswith("summaries"):
            stored[0].unlink()  # else the intact stored report answers without reading summaries
        report = scan([src], repo_root=tmp_path, cache_dir=cache)
        assert _stable(report) == baseline, f"trial {trial}: {victim.name} {how}"
    assert len(baseline["findings"]) >= 2  # the comparison is not vacuous


def _template_prefix(template: str) -> str:
    return template.split("{", 1)[0]


def test_robustness_whole_standard_library_scans_without_a_crash(tmp_path: Path) -> None:
    # A subprocess, so a crash or a hang cannot take the test worker down; no cache, so every
    # file is parsed and summarised (in parallel when cores allow).
    stdlib = sysconfig.get_paths()["stdlib"]
    target = tmp_path / "stdlib.json"
    argv = [sys.executable, "-m", "blocking_io", stdlib, "--no-cache", "--output", str(target)]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == EXIT_OK, done.stderr
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["scan"]["lines"] > 100_000
    known = tuple(_template_prefix(template) for template in INPUT_REASONS)
    assert [e for e in report["errors"] if not e["reason"].startswith(known)] == []
    assert len(report["errors"]) < report["scan"]["files"] / 50


def test_robustness_file_name_that_is_not_utf8_is_reported_in_every_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from blocking_io.static.cli import main

    app = tmp_path / "app"
    app.mkdir()
    name = os.fsdecode(b"caf\xe9.py")  # a Latin-1 byte in the name, surrogate-escaped
    (app / name).write_text("import time\n\n\nasync def f():\n    time.sleep(1)\n", "utf-8")
    for output_format in ("json", "sarif", "text", "github", "concise"):
        output = tmp_path / f"report.{output_format}"
        status = main([str(app), "--no-cache", "--no-libraries", "--format", output_format,
                       "--output", str(output)])  # fmt: skip
        assert status == EXIT_OK, (output_format, capsys.readouterr().err)
        assert "time.sleep" in output.read_text(encoding="utf-8")
    sarif = json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))
    location = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"].endswith("caf%E9.py")
