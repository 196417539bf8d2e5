"""Report shape: schema, fingerprints that survive unrelated line moves, inline suppression."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import jsonschema

from blocking_io.static import scan
from blocking_io.static.rules import RULES_BY_CODE
from blocking_io.static.schema import REPORT_SCHEMA
from tests.support.paths import PROJECT, REPO_ROOT

FIXTURES = Path(__file__).parent / "fixtures"

SERVICE = """import os


def _purge(path):
    os.remove(path)


async def purge(path):
    _purge(path)


async def tick():
    import time

    time.sleep(1)
"""


def test_report_fixture_scan_matches_schema() -> None:
    report = scan([FIXTURES], repo_root=FIXTURES.parent)
    jsonschema.validate(report, REPORT_SCHEMA)
    assert report["counts"]["total"] == len(report["findings"]) > 0
    assert {f["exposure"] for f in report["findings"]} == {
        "direct",
        "reachable",
        "hook",
        "callback",
        "suppression",
    }
    assert all(f["path"].startswith("fixtures/") for f in report["findings"])


def test_report_default_roots_scan_is_schema_valid() -> None:
    roots = [root for root in PROJECT.roots if root.exists()]
    report = scan(roots, repo_root=REPO_ROOT)
    jsonschema.validate(report, REPORT_SCHEMA)
    assert report["roots"] == [
        "backend/app",
        "backend/packages/harness/deerflow",
        "backend/scripts",
    ]
    assert report["scan"]["files"] > 0


def test_report_finding_fields_describe_the_chain(tmp_path: Path) -> None:
    (tmp_path / "service.py").write_text(SERVICE, encoding="utf-8")
    report = scan([tmp_path])
    reachable = next(f for f in report["findings"] if f["code"] == "BIO201")
    assert reachable["rule"] == RULES_BY_CODE["BIO201"].name
    assert (reachable["line"], reachable["column"]) == (5, 5)
    assert reachable["function"] == "_purge"
    assert [(hop["function"], hop["line"]) for hop in reachable["chain"]] == [
        ("purge", 9),
        ("_purge", 5),
    ]
    assert reachable["snippet"] == "os.remove(path)"
    assert reachable["message"] == RULES_BY_CODE["BIO201"].message.format(
        entry="purge", call="os.remove", via="_purge", offload="_purge"
    )


HOOKS = """import asyncio
import time

from langchain.agents.middleware import AgentMiddleware


class Slow(AgentMiddleware):
    def before_model(self, state, runtime):
        time.sleep(1)


def _tick():
    time.sleep(2)


async def main():
    asyncio.get_running_loop().call_soon(_tick)
"""


def test_report_hook_and_callback_messages_follow_the_rules(tmp_path: Path) -> None:
    (tmp_path / "hooks.py").write_text(HOOKS, encoding="utf-8")
    by_code = {f["code"]: f for f in scan([tmp_path])["findings"]}
    assert set(by_code) == {"BIO301", "BIO401"}
    assert by_code["BIO301"]["message"] == RULES_BY_CODE["BIO301"].message.format(
        entry="Slow.before_model",
        call="time.sleep",
        function="Slow.before_model",
        twin="abefore_model",
    )
    assert by_code["BIO401"]["message"] == RULES_BY_CODE["BIO401"].message.format(
        entry="_tick", call="time.sleep", function="_tick"
    )
    assert (by_code["BIO301"]["exposure"], by_code["BIO401"]["exposure"]) == ("hook", "callback")


def test_report_columns_count_characters_not_bytes(tmp_path: Path) -> None:
    source = 'import time\n\n\nasync def f():\n    label = "héllo"; time.sleep(1)\n'
    (tmp_path / "accents.py").write_text(source, encoding="utf-8")
    (finding,) = scan([tmp_path])["findings"]
    line = source.splitlines()[4]
    assert finding["column"] == line.index("time.sleep") + 1


def test_report_findings_are_sorted_by_priority_then_location(tmp_path: Path) -> None:
    (tmp_path / "service.py").write_text(SERVICE, encoding="utf-8")
    findings = scan([tmp_path])["findings"]
    assert [f["call"] for f in findings] == ["time.sleep", "os.remove"]


def test_report_ids_survive_blank_lines_above(tmp_path: Path) -> None:
    module = tmp_path / "service.py"
    module.write_text(SERVICE, encoding="utf-8")
    before = scan([tmp_path])["findings"]
    module.write_text("\n\n\n# moved\n" + SERVICE, encoding="utf-8")
    after = scan([tmp_path])["findings"]
    assert [f["line"] + 4 for f in before] == [f["line"] for f in after]
    assert [f["id"] for f in before] == [f["id"] for f in after]
    assert len({f["id"] for f in after}) == len(after)


def test_report_ids_change_when_the_call_changes(tmp_path: Path) -> None:
    module = tmp_path / "service.py"
    module.write_text(SERVICE, encoding="utf-8")
    before = {f["call"]: f["id"] for f in scan([tmp_path])["findings"]}
    module.write_text(SERVICE.replace("os.remove", "os.unlink"), encoding="utf-8")
    after = {f["call"]: f["id"] for f in scan([tmp_path])["findings"]}
    assert before["time.sleep"] == after["time.sleep"]
    assert before["os.remove"] != after["os.unlink"]


def test_report_inline_suppression_drops_and_counts(tmp_path: Path) -> None:
    source = SERVICE.replace(
        "os.remove(path)", "os.remove(path)  # blocking-io: ignore[BIO201] tiny file, tested"
    ).replace("time.sleep(1)", "time.sleep(1)  # blocking-io: ignore[BIO201] wrong code")
    (tmp_path / "service.py").write_text(source, encoding="utf-8")
    report = scan([tmp_path])
    assert [(f["code"], f["line"]) for f in report["findings"]] == [
        ("BIO101", 15),
        ("BIO901", 15),
    ]
    assert report["counts"]["suppressed"] == 1


def test_report_scan_of_stdlib_asyncio_is_clean_and_deterministic() -> None:
    root = Path(asyncio.__file__).parent
    first, second = scan([root]), scan([root])
    assert first["errors"] == []
    assert first["scan"]["files"] > 20
    assert first["findings"] == second["findings"]
    jsonschema.validate(first, REPORT_SCHEMA)


CHAIN = """import os


def _load(path):
    return open(path).read()


def _purge(path):
    os.remove(path)


async def startup(path):
    _load(path)  # blocking-io: ignore[BIO201] runs once before the app serves
    _purge(path)  # blocking-io: ignore[BIO101] the wrong code leaves the call followed


async def handler(path):
    return _load(path)
"""


def test_report_suppression_on_a_call_line_cuts_that_path_only(tmp_path: Path) -> None:
    module = tmp_path / "chain.py"
    module.write_text(CHAIN, encoding="utf-8")
    report = scan([tmp_path])
    blocking = [f for f in report["findings"] if f["code"] != "BIO901"]
    reached = {(f["call"], f["chain"][0]["function"]) for f in blocking}
    assert reached == {
        ("builtins.open", "handler"),
        ("io.TextIOWrapper.read", "handler"),
        ("os.remove", "startup"),
    }
    # The BIO201 comment is used (its call leads to the read); the BIO101 one is not.
    assert [f["line"] for f in report["findings"] if f["code"] == "BIO901"] == [14]
    assert report["counts"]["suppressed"] == 0
    module.write_text(
        CHAIN.replace("    return _load(path)\n", "    return path\n"), encoding="utf-8"
    )
    report = scan([tmp_path])
    assert [f["call"] for f in report["findings"] if f["code"] != "BIO901"] == ["os.remove"]
    # Both blocking calls in `_load` (the open and the read on its result) are suppressed.
    assert report["counts"]["suppressed"] == 2


def test_report_json_round_trips(tmp_path: Path) -> None:
    (tmp_path / "service.py").write_text(SERVICE, encoding="utf-8")
    report = scan([tmp_path])
    assert json.loads(json.dumps(report)) == report
