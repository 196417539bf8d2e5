"""The summary index: what the project-wide passes look up, derived once per summary.

Each entry is checked against a walk of the summary written here, independently of
``index.py``, on every fixture of the detector's corpus and on the backend's own packages (real
code with decorators, tables, properties and annotations). The passes that read the index are
checked against the whole-project walks they replaced (the class names mentioned, the property
names, the `Callable` fields, the calls by name and the constructions of table rows) on every
fixture project and on a project where two modules make the same function key. A scan that
keeps its intermediate data (``retain``) reports exactly what one that frees it reports.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Any

import pytest

from blocking_io.static import scan
from blocking_io.static.collisions import rekey_classes
from blocking_io.static.discovery import discover_files
from blocking_io.static.dispatch import Dispatch
from blocking_io.static.index import calls_named, module_calls
from blocking_io.static.project import Project, load_project
from blocking_io.static.resolve import Resolver
from blocking_io.static.sites import SiteIndex
from blocking_io.static.summary import summarise
from tests.support.paths import BACKEND_DIR

FIXTURES = Path(__file__).parent / "fixtures"
_SOURCES = sorted(
    [
        *FIXTURES.rglob("*.py"),
        *(BACKEND_DIR / "app").rglob("*.py"),
        *(BACKEND_DIR / "packages" / "harness" / "deerflow").rglob("*.py"),
        *(BACKEND_DIR / "packages" / "blocking-io" / "blocking_io").rglob("*.py"),
    ]
)
_PROJECTS = sorted(path for path in FIXTURES.iterdir() if path.is_dir())
_NAMES = ("run_in_executor", "create_task", "Depends", "open", "get", "Row", "sleep", "append")
_WORDS = re.compile(r"[A-Za-z_]\w*")

# Two modules make the key `a.b.c.d`: the method `d` of the nested class `b.c` in package `a`,
# and the function `d` of the module `a.b.c` (namespace directory `a/b/`, imported by name). The
# later module's record wins; the other's annotations, calls and rows must not count.
_COLLIDING = {
    "a/__init__.py": (
        "from typing import Callable\n\n\nclass Row:\n    convert: Callable[[str], str]\n\n\n"
        "class b:\n    class c:\n        def d(self, x: 'Hidden'):\n"
        "            return Row(convert=len)\n\n        @property\n        def shown(self):\n"
        "            return 1\n"
    ),
    "a/b/c.py": "def d():\n    return 1\n",
    "main.py": "from a.b.c import d\n",
}


# Walks of a summary, written apart from the index ------------------------------------------


def _last(func: Any) -> str | None:
    if isinstance(func, tuple) and func and func[0] == "n":
        return func[1]
    if isinstance(func, tuple) and func and func[0] == "a":
        return func[2]
    return None


def _names(expr: Any, found: set[str]) -> None:
    if not isinstance(expr, tuple) or not expr:
        return
    if expr[0] == "n":
        found.add(expr[1])
    elif expr[0] == "a":
        found.add(expr[2])
        _names(expr[1], found)
    elif expr[0] in ("c", "either", "or", "sub", "d"):
        for part in expr[1:]:
            _names(part, found)
    elif expr[0] == "tup":
        for part in expr[1]:
            _names(part, found)
    elif expr[0] == "s" and isinstance(expr[1], str):
        found.update(_WORDS.findall(expr[1]))


def _annotated(bindings: dict) -> list[Any]:
    return [b[1] for entries in bindings.values() for _, b in entries if b and b[0] == "ann"]


def _mentioned(summaries: list[dict]) -> set[str]:
    found: set[str] = set()
    for summary in summaries:
        found.update(summary["names"])
        for record in summary["functions"].values():
            for annotation in [*record["params"].values(), *_annotated(record["bindings"])]:
                _names(annotation, found)
        for record in summary["classes"].values():
            for annotation in _annotated(record["attrs"]):
                _names(annotation, found)
    return found


def _fields(summaries: list[dict]) -> set[str]:
    return {
        name
        for summary in summaries
        for record in summary["classes"].values()
        for name, entries in record["attrs"].items()
        if any(b and b[0] == "ann" and "Callable" in repr(b[1]) for _, b in entries)
    }


def _constructions(summary: dict) -> list[tuple]:
    """Calls inside module-level values: (last name, line, callee, arguments)."""
    found: list[tuple] = []

    def walk(expr: Any, line: int) -> None:
        if not isinstance(expr, tuple) or not expr:
            return
        tagged = isinstance(expr[0], str)
        if tagged and expr[0] == "c" and len(expr) > 2:
            rest = expr[3] if len(expr) > 3 and isinstance(expr[3], tuple) else ()
            arguments = [(None, expr[2])]
            arguments += [(a[1], a[2]) if a and a[0] == "kw" else (None, a) for a in rest]
            if _last(expr[1]) is not None:
                found.append((_last(expr[1]), line, expr[1], tuple(arguments)))
        for item in expr[1:] if tagged else expr:
            if isinstance(item, tuple):
                walk(item, line)

    for entries in summary["bindings"].values():
        for line, binding in entries:
            if binding is not None and binding[0] == "val":
                walk(binding[1], line)
    return found


def _imports(summary: dict) -> set[str]:
    scopes = [summary["bindings"], *(r["bindings"] for r in summary["functions"].values())]
    found = {
        b[1]
        for bindings in scopes
        for entries in bindings.values()
        for _, b in entries
        if b and b[0] == "imp" and not b[2]
    }
    return found | {module for module, level in summary["stars"] if not level}


def _calls(summary: dict, names: set[str]) -> list[tuple[str, int]]:
    return [
        (key, position)
        for key, record in summary["functions"].items()
        for position, call in enumerate(record["calls"])
        if _last(call[2]) in names
    ]


# Per summary ---------------------------------------------------------------------------------


def test_the_corpus_is_large_enough_to_mean_something() -> None:
    assert len(_SOURCES) > 150 and len(_PROJECTS) > 5


@pytest.mark.parametrize("path", _SOURCES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_index_agrees_with_a_walk_of_its_summary(path: Path) -> None:
    summary: dict = summarise(path.read_text(encoding="utf-8"))  # type: ignore[assignment]
    index = summary["index"]
    every = {_last(call[2]) for r in summary["functions"].values() for call in r["calls"]}
    every.discard(None)
    assert set(index["calls"]) == every
    assert calls_named(summary, every) == _calls(summary, every)  # type: ignore[arg-type]
    for name in _NAMES:
        assert calls_named(summary, {name}) == _calls(summary, {name})  # type: ignore[arg-type]
        both = calls_named(summary, {name, "open"}, ordered=False)  # type: ignore[arg-type]
        assert sorted(both) == sorted(_calls(summary, {name, "open"}))
    built = [(name, *row) for name, rows in index["built"].items() for row in rows]
    assert sorted(built, key=repr) == sorted(_constructions(summary), key=repr)
    assert set(index["mentioned"]) == _mentioned([summary])
    assert set(index["fields"]) == _fields([summary])
    assert set(index["imports"]) == _imports(summary)
    assert set(index["props"]) == {r["name"] for r in summary["functions"].values() if r["prop"]}


def test_callable_fields_and_imports_are_indexed() -> None:
    summary = summarise(
        "import os.path\nfrom . import sibling\nfrom pkg.star import *\n"
        "from typing import Callable\n"
        "class Row:\n    convert: Callable[[str], str]\n    name: str\n"
        "def f():\n    import json.decoder\n"
        "RULES = (Row(convert=f), rules.Row(g))\n"
    )
    assert summary["index"]["fields"] == ["convert"]
    # What each absolute import binds (`import os.path` binds `os`), and star imports.
    assert summary["index"]["imports"] == ["json", "os", "pkg.star", "typing.Callable"]
    assert [(line, args) for line, _, args in summary["index"]["built"]["Row"]] == [
        (10, ((None, None), ("convert", ("n", "f")))),
        (10, ((None, ("n", "g")),)),
    ]


def test_a_rekeyed_summary_is_indexed_under_its_new_keys() -> None:
    summary = summarise("class sub:\n    def f(self):\n        open('x')\n")
    rekeyed = rekey_classes(summary, {"sub": "sub@1"}, "pkg", "pkg")  # type: ignore[arg-type]
    assert calls_named(rekeyed, {"open"}) == [("sub@1.f", 0)]
    assert calls_named(summary, {"open"}) == [("sub.f", 0)]


# Per project: the passes against the walks they replaced ------------------------------------


def _resolver(root: Path) -> Resolver:
    found = discover_files([root], 10_000_000)
    return Resolver(load_project(found, None), found.given)


def _owned(resolver: Resolver) -> list[dict]:
    """Each module's summary with only the records the resolver holds for it."""
    out = []
    for module, summary in resolver.modules.items():
        functions = {
            q: r for q, r in summary["functions"].items()
            if resolver.functions[f"{module}.{q}"][0] == module
        }  # fmt: skip
        classes = {
            q: r for q, r in summary["classes"].items()
            if resolver.classes[f"{module}.{q}"][0] == module
        }  # fmt: skip
        out.append({**summary, "functions": functions, "classes": classes, "module": module})
    return out


def _check_passes(resolver: Resolver) -> None:
    owned = _owned(resolver)
    assert Dispatch.of(resolver)._mentioned() == _mentioned(owned)
    props = {r["name"] for _, r in resolver.functions.values() if r["prop"]}
    assert resolver.property_names == props
    index = SiteIndex(resolver, frozenset(), frozenset())
    assert index._callable_fields() == _fields(owned)
    names = {_last(c[2]) for _, r in resolver.functions.values() for c in r["calls"]} - {None}
    for name in sorted(names):  # type: ignore[type-var]
        walked = {
            (fn, call[0], repr(call))
            for fn, (module, record) in resolver.functions.items()
            for call in record["calls"]
            if _last(call[2]) == name
        }
        indexed = {
            (fn, call[0], repr(call))
            for module, summary in resolver.indexed.items()
            for fn, call in module_calls(module, summary, {name})  # type: ignore[arg-type]
        }
        assert indexed == walked, name
        rows = {
            (summary["module"], line, repr(callee), repr(args))
            for summary in owned
            for spelled, line, callee, args in _constructions(summary)
            if spelled == name
        }
        spelled = {
            (module, line, repr(callee), repr(args))
            for module, fn, line, callee, args in index._spelled(name)  # type: ignore[arg-type]
            if fn is None
        }
        assert spelled == rows, name


@pytest.mark.parametrize("root", _PROJECTS, ids=lambda p: p.name)
def test_project_passes_read_what_the_whole_project_walks_read(root: Path) -> None:
    _check_passes(_resolver(root))


def test_a_module_whose_key_another_module_took_counts_only_what_it_keeps(tmp_path: Path) -> None:
    for name, text in _COLLIDING.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    resolver = _resolver(tmp_path)
    assert resolver.functions["a.b.c.d"][0] == "a.b.c"  # the module's function won the key
    assert "Hidden" not in Dispatch.of(resolver)._mentioned()  # the method's annotation is gone
    assert "shown" in resolver.property_names  # what `a` keeps still counts
    assert [fn for fn, _ in module_calls("a", resolver.indexed["a"], {"Row"})] == []
    _check_passes(resolver)


def test_a_retaining_scan_reports_what_a_freeing_scan_reports(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "api.py").write_text(
        "import time\n\n\ndef wait():\n    time.sleep(1)\n\n\nasync def handler():\n    wait()\n"
    )
    kept: list[object] = []
    try:
        retained = scan([package], repo_root=tmp_path, retain=kept)
    finally:
        gc.unfreeze()  # the command exits after a retaining scan; a test process goes on
    freed = scan([package], repo_root=tmp_path)
    assert any(isinstance(item, Project) for item in kept)  # handed over, not freed
    for report in (retained, freed):
        report["scan"].pop("seconds")
    assert retained == freed
    assert [finding["call"] for finding in freed["findings"]] == ["time.sleep"]
