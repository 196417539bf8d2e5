"""Detector fixtures: every annotated line produces its finding and no other line produces one."""

from __future__ import annotations

from pathlib import Path

import pytest

from blocking_io.static import scan
from blocking_io.static.environment import find_environment
from blocking_io.static.rules import RULES_BY_CODE
from tests.detectors.static.annotations import (
    Expectation,
    actual_fields,
    enabled_codes,
    parse_expectations,
)

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(
    p for p in FIXTURES.iterdir() if p.name.startswith("bio") and p.suffix in ("", ".py")
)


def _relative(finding_path: str, fixture: Path) -> str:
    root = fixture if fixture.is_dir() else fixture.parent
    return Path(finding_path).resolve().relative_to(root.resolve()).as_posix()


def _run(fixture: Path) -> tuple[list[Expectation], list[tuple[Expectation, dict]]]:
    codes = enabled_codes(fixture)
    unknown = codes - set(RULES_BY_CODE)
    assert not unknown, f"{fixture.name} enables unknown codes {sorted(unknown)}"
    environment = fixture / "env"
    if environment.is_dir():
        # A fixture with its own fake environment: `app/` is the project, `env/` the venv
        # whose site-packages holds the libraries it calls.
        roots = [fixture / "app"]
        found = find_environment(environment, roots, None)
        report = scan(roots, repo_root=None, cache_dir=None, select=codes, environment=found)
        assert report["libraries"]["modules"] > 0, f"{fixture.name}: no library was summarised"
    else:
        report = scan([fixture], repo_root=None, cache_dir=None, select=codes)
    assert report["errors"] == [], f"{fixture.name} does not parse: {report['errors']}"
    actual = [
        (Expectation(_relative(f["path"], fixture), f["line"], f["code"]), f)
        for f in report["findings"]
    ]
    return parse_expectations(fixture), actual


def _order(item: Expectation) -> tuple[str, int, str]:
    return (item.path, item.line, item.code)


def check_fixture(fixture: Path) -> None:
    """Fail with the first differing line, then on codes, then on annotated fields."""
    expected, actual = _run(fixture)
    expected_keys = sorted(expected, key=_order)
    actual_keys = sorted((item for item, _ in actual), key=_order)
    for want, got in zip(expected_keys, actual_keys, strict=False):
        if want.key() != got.key():
            pytest.fail(f"first difference:\n  expected {want.key()}\n  actual   {got.key()}")
    if len(expected_keys) != len(actual_keys):
        longer = expected_keys if len(expected_keys) > len(actual_keys) else actual_keys
        extra = longer[min(len(expected_keys), len(actual_keys))]
        side = "expected (missing)" if longer is expected_keys else "actual (unexpected)"
        pytest.fail(f"first difference:\n  {side} {extra.key()}")
    assert [e.code for e in expected_keys] == [a.code for a in actual_keys]
    by_line: dict[tuple[str, int, str], list[dict]] = {}
    for item, finding in actual:
        by_line.setdefault((item.path, item.line, item.code), []).append(finding)
    for want in expected:
        if not want.fields:
            continue
        candidates = by_line[(want.path, want.line, want.code)]
        names = list(want.fields)
        rendered = [actual_fields(finding, names) for finding in candidates]
        assert want.fields in rendered, f"{want.key()}: expected {want.fields}, got {rendered}"


@pytest.mark.parametrize("fixture", CASES, ids=[p.name for p in CASES])
def test_fixture_findings_match_annotations(fixture: Path) -> None:
    check_fixture(fixture)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("    time.sleep(1)\n", "actual (unexpected) bio101_probe.py:6: BIO101"),
        (
            "    time.sleep(1)  # expect: BIO201\n",
            "expected bio101_probe.py:6: BIO201\n  actual   bio101_probe.py:6: BIO101",
        ),
        ("    time.time()  # expect: BIO101\n", "expected (missing) bio101_probe.py:6: BIO101"),
        ("    time.sleep(1)  # expect: BIO101 col=9\n", "{'col': '9'}"),
    ],
)
def test_fixture_harness_reports_the_first_difference(
    tmp_path: Path, line: str, message: str
) -> None:
    probe = tmp_path / "bio101_probe.py"
    probe.write_text("# enable: BIO201\nimport time\n\n\nasync def f():\n" + line, encoding="utf-8")
    with pytest.raises((pytest.fail.Exception, AssertionError)) as failure:
        check_fixture(probe)
    assert message in str(failure.value)


def test_fixture_codes_cover_every_rule() -> None:
    used: set[str] = set()
    for fixture in CASES:
        used |= {e.code for e in parse_expectations(fixture)}
        used |= enabled_codes(fixture)
    assert used == set(RULES_BY_CODE), f"without fixtures: {set(RULES_BY_CODE) - used}"


def test_fixture_annotations_only_use_enabled_codes() -> None:
    for fixture in CASES:
        stray = {e.code for e in parse_expectations(fixture)} - enabled_codes(fixture)
        assert not stray, f"{fixture.name} expects codes it does not enable: {sorted(stray)}"
