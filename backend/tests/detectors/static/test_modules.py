"""Module names: namespace packages resolve, and each root's imports find that root's copy."""

from __future__ import annotations

from pathlib import Path

from blocking_io.static import scan
from blocking_io.static.messages import SHADOWED_REASON

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


def test_modules_method_sharing_a_submodule_function_name_is_reported(tmp_path: Path) -> None:
    _write(
        tmp_path / "pkg" / "__init__.py",
        "import time\n\n\nclass sub:\n    async def f(self):\n        time.sleep(1)\n",
    )
    _write(tmp_path / "pkg" / "sub.py", "import os\n\n\nasync def f():\n    os.remove('p')\n")
    report = scan([tmp_path], repo_root=tmp_path)
    assert [f["path"] for f in report["findings"]] == ["pkg/sub.py"]
    assert report["errors"] == [
        {
            "path": "pkg/__init__.py",
            "line": 5,
            "reason": SHADOWED_REASON.format(
                function="sub.f", key="pkg.sub.f", other=tmp_path / "pkg" / "sub.py"
            ),
        }
    ]
