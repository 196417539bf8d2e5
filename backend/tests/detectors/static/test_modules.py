"""Module names: namespace packages resolve, and each root's imports find that root's copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from blocking_io.static import scan

HELPER = "import time\n\n\ndef wait():\n    time.sleep(1)\n"
CALLER = "from {module} import wait\n\n\nasync def run():\n    wait()\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_modules_namespace_package_import_is_resolved(tmp_path: Path) -> None:
    _write(tmp_path / "ns" / "inner" / "helpers.py", HELPER)
    _write(tmp_path / "main.py", CALLER.format(module="ns.inner.helpers"))
    report = scan([tmp_path], repo_root=tmp_path)
    assert [(f["path"], f["function"]) for f in report["findings"]] == [
        ("ns/inner/helpers.py", "wait")
    ]
    assert [hop["function"] for hop in report["findings"][0]["chain"]] == ["run", "wait"]


def test_modules_namespace_package_with_a_src_directory(tmp_path: Path) -> None:
    _write(tmp_path / "src" / "ns" / "helpers.py", HELPER)
    _write(tmp_path / "src" / "ns" / "main.py", CALLER.format(module="ns.helpers"))
    report = scan([tmp_path], repo_root=tmp_path)
    assert [f["path"] for f in report["findings"]] == ["src/ns/helpers.py"]


def test_modules_two_roots_with_one_module_name_resolve_within_their_root(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    _write(first / "tools.py", "def wait():\n    pass\n")
    _write(first / "caller_one.py", CALLER.format(module="tools"))
    _write(second / "tools.py", HELPER)
    _write(second / "caller_two.py", CALLER.format(module="tools"))
    report = scan([first, second], repo_root=tmp_path)
    assert [(f["path"], f["chain"][0]["path"]) for f in report["findings"]] == [
        ("two/tools.py", "two/caller_two.py")
    ]


def test_modules_two_roots_first_root_keeps_the_name(tmp_path: Path) -> None:
    first, second = tmp_path / "b_first", tmp_path / "a_second"
    _write(first / "tools.py", HELPER)
    _write(first / "caller.py", CALLER.format(module="tools"))
    _write(second / "tools.py", "def wait():\n    pass\n")
    report = scan([first, second], repo_root=tmp_path)
    assert [f["path"] for f in report["findings"]] == ["b_first/tools.py"]


def test_modules_star_import_cycles_do_not_crash_the_analysis(tmp_path: Path) -> None:
    _write(tmp_path / "pkg" / "__init__.py", "")
    _write(tmp_path / "pkg" / "self_star.py", "from pkg.self_star import *\n" + CALLER[26:])
    _write(tmp_path / "pkg" / "ring_a.py", "from .ring_b import *\n")
    _write(tmp_path / "pkg" / "ring_b.py", "from .ring_a import *\n" + HELPER)
    _write(tmp_path / "pkg" / "user.py", CALLER.format(module="pkg.ring_a"))
    report = scan([tmp_path], repo_root=tmp_path)
    assert [f["path"] for f in report["findings"]] == ["pkg/ring_b.py"]


# A class `sub` in `pkg/__init__.py` whose method `f` shares the name `pkg.sub.f` with the
# function `f` of the module file `pkg/sub.py`. Python's rules: `import pkg.sub` sets the package
# attribute `sub` to the module, so `pkg.sub.f()` is the module function; the class object itself
# (its name in `pkg/__init__.py`, an instance of it) reaches the method.
PACKAGE = (
    "import time\n"  # 1
    "\n"
    "\n"
    "class sub:\n"  # 4
    "    def f(self):\n"  # 5
    "        time.sleep(1)\n"  # 6
    "\n"
    "\n"
    "async def use_class():\n"  # 9
    "    sub().f()\n"  # 10
)
SUBMODULE = "import time\n\n\ndef f():\n    {call}\n"  # the call is on line 5
MAIN = "import pkg.sub\n\n\nasync def use_module():\n    pkg.sub.f()\n"


def _colliding_package(root: Path, package: str, submodule_call: str) -> None:
    _write(root / "pkg" / "__init__.py", package)
    _write(root / "pkg" / "sub.py", SUBMODULE.format(call=submodule_call))


def _located(report: dict) -> list[tuple]:
    return sorted(
        (f["path"], f["line"], f["function"], f["call"], [h["function"] for h in f["chain"]])
        for f in report["findings"]
    )


@pytest.mark.parametrize(
    ("submodule_call", "primitive"),
    [("open('p')", "builtins.open"), ("time.sleep(1)", "time.sleep")],
    ids=["different-primitives", "same-primitive"],
)
def test_modules_method_and_submodule_function_sharing_a_name_are_both_analysed(
    tmp_path: Path, submodule_call: str, primitive: str
) -> None:
    _colliding_package(tmp_path, PACKAGE, submodule_call)
    _write(tmp_path / "main.py", MAIN)
    report = scan([tmp_path], repo_root=tmp_path)
    assert _located(report) == [
        ("pkg/__init__.py", 6, "sub.f", "time.sleep", ["use_class", "sub.f"]),
        ("pkg/sub.py", 5, "f", primitive, ["use_module", "f"]),
    ]
    assert len({f["id"] for f in report["findings"]}) == 2
    assert report["errors"] == []


def test_modules_class_object_in_its_package_reaches_the_method_not_the_submodule(
    tmp_path: Path,
) -> None:
    package = (
        "import time\n"  # 1
        "from . import sub as submodule\n"  # 2: no attribute `sub` yet, Python imports pkg.sub
        "\n"
        "\n"
        "class sub:\n"  # 5
        "    @staticmethod\n"
        "    def f():\n"  # 7
        "        time.sleep(1)\n"  # 8
        "\n"
        "\n"
        "from pkg import sub as S  # noqa: E402\n"  # 11: the attribute is the class now
        "\n"
        "\n"
        "async def through_class():\n"  # 14
        "    S.f()\n"
        "    sub.f()\n"
        "\n"
        "\n"
        "async def through_submodule():\n"  # 19
        "    submodule.f()\n"
    )
    _colliding_package(tmp_path, package, "open('p')")
    report = scan([tmp_path], repo_root=tmp_path)
    assert _located(report) == [
        ("pkg/__init__.py", 8, "sub.f", "time.sleep", ["through_class", "sub.f"]),
        ("pkg/sub.py", 5, "f", "builtins.open", ["through_submodule", "f"]),
    ]
    assert report["errors"] == []


def test_modules_async_method_and_submodule_coroutine_sharing_a_name_are_both_reported(
    tmp_path: Path,
) -> None:
    _write(
        tmp_path / "pkg" / "__init__.py",
        "import time\n\n\nclass sub:\n    async def f(self):\n        time.sleep(1)\n",
    )
    _write(tmp_path / "pkg" / "sub.py", "import os\n\n\nasync def f():\n    os.remove('p')\n")
    report = scan([tmp_path], repo_root=tmp_path)
    assert _located(report) == [
        ("pkg/__init__.py", 6, "sub.f", "time.sleep", ["sub.f"]),
        ("pkg/sub.py", 5, "f", "os.remove", ["f"]),
    ]
    assert report["errors"] == []


def test_modules_names_sharing_a_key_stay_apart_with_cached_summaries(tmp_path: Path) -> None:
    src, cache = tmp_path / "src", tmp_path / "cache"
    _colliding_package(src, PACKAGE, "open('p')")
    _write(src / "main.py", MAIN)
    graphs: list[dict[str, list[str]]] = [{}, {}]
    cold = scan([src], repo_root=tmp_path, cache_dir=cache, call_graph=graphs[0])
    warm = scan([src], repo_root=tmp_path, cache_dir=cache, call_graph=graphs[1])
    assert warm["scan"]["cache_hits"] == 3
    assert warm["findings"] == cold["findings"]
    assert graphs[0] == graphs[1]
    assert graphs[0]["main.use_module"] == ["pkg.sub.f"]
    assert graphs[0]["pkg.sub.f"] == ["builtins.open"]
    (method,) = graphs[0]["pkg.use_class"]
    assert method != "pkg.sub.f"
    assert graphs[0][method] == ["time.sleep"]


def test_modules_class_named_like_a_submodule_keeps_its_attributes_lambdas_and_closures(
    tmp_path: Path,
) -> None:
    package = (
        "import time\n"  # 1
        "\n"
        "\n"
        "class Helper:\n"  # 4
        "    def go(self):\n"
        "        time.sleep(2)\n"  # 6
        "\n"
        "\n"
        "class sub:\n"  # 9
        "    def __init__(self):\n"
        "        self.helper = Helper()\n"
        "        self.callback = lambda: open('p')\n"  # 12
        "\n"
        "    def f(self):\n"  # 14
        "        def inner():\n"
        "            time.sleep(3)\n"  # 16
        "\n"
        "        inner()\n"
        "        self.helper.go()\n"
        "        self.callback()\n"
        "\n"
        "\n"
        "async def use_class():\n"  # 23
        "    sub().f()\n"
    )
    _colliding_package(tmp_path, package, "open('p')")
    _write(tmp_path / "main.py", MAIN)
    report = scan([tmp_path], repo_root=tmp_path)
    assert _located(report) == [
        ("pkg/__init__.py", 6, "Helper.go", "time.sleep", ["use_class", "sub.f", "Helper.go"]),
        (
            "pkg/__init__.py",
            12,
            "sub.__init__.<locals>.<lambda:1>",
            "builtins.open",
            ["use_class", "sub.f", "sub.__init__.<locals>.<lambda:1>"],
        ),
        (
            "pkg/__init__.py",
            16,
            "sub.f.<locals>.inner",
            "time.sleep",
            ["use_class", "sub.f", "sub.f.<locals>.inner"],
        ),
        ("pkg/sub.py", 5, "f", "builtins.open", ["use_module", "f"]),
    ]
