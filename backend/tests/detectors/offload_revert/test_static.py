"""The static cross-check labels each reverted offload by whether the static detector sees it.

Matching and classification are specified with synthetic reports; the `--static-only` runs build
a tiny backend in `tmp_path` and run the real static detector on its mutant copies.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blocking_io.teeth import Site
from blocking_io.teeth.messages import (
    PROGRESS,
    STATIC_BLIND_SPOT,
    STATIC_FILE_ERROR,
    STATIC_SCAN_FAILED,
)
from blocking_io.teeth.mutants import AnchorRun
from blocking_io.teeth.outcomes import (
    NOT_REVERTED,
    NOT_RUN,
    SURVIVED,
    blind_spots,
)
from blocking_io.teeth.static import (
    NOT_SEEN,
    SEEN,
    STATIC_ERROR,
    classify_static,
    findings_through,
    mutant_line,
    normalise_path,
)
from blocking_io.teeth.teeth import Checker, main
from tests.detectors.offload_revert.trees import write_project_config

SITE_PATH = "packages/harness/deerflow/store.py"
OTHER_PATH = "packages/harness/deerflow/other.py"

# The only offload in its module: reverting it also drops `import asyncio`, which moves the
# reverted call up one line in the mutant.
READS_FILE = """import asyncio


def _read(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


async def load(path):
    return await asyncio.to_thread(_read, path)
"""
NO_IO = """import asyncio


def _shout(text):
    return text.upper()


async def shout(text):
    return await asyncio.to_thread(_shout, text)
"""
# An offload that is not awaited directly: the codemod cannot revert it.
UNREVERTABLE = """import asyncio


async def put(path):
    pending = asyncio.to_thread(print, path)
    await pending
"""
# A blocking call that is on the loop already in the unmodified tree.
ALREADY_BLOCKING = """import time


async def nap():
    time.sleep(1)
"""


def _hop(path: str, line: int, function: str = "f") -> dict:
    return {"function": function, "path": path, "line": line}


def _finding(identifier: str, call: str, *hops: dict) -> dict:
    last = hops[-1]
    return {
        "id": identifier,
        "code": "BIO201",
        "call": call,
        "path": last["path"],
        "line": last["line"],
        "function": last["function"],
        "chain": list(hops),
    }


def _report(*findings: dict, errors: tuple[dict, ...] = ()) -> dict:
    return {"findings": list(findings), "errors": list(errors)}


def test_findings_through_matches_a_hop_at_the_site_absolute_or_relative(tmp_path: Path) -> None:
    copy = tmp_path / "backend"
    through_absolute = _finding(
        "a", "builtins.open", _hop(str(copy / SITE_PATH), 10, "load"), _hop(OTHER_PATH, 3)
    )
    through_relative = _finding("b", "os.stat", _hop(f"./{SITE_PATH}", 10), _hop(OTHER_PATH, 4))
    other_line = _finding("c", "os.stat", _hop(SITE_PATH, 11), _hop(OTHER_PATH, 4))
    other_file = _finding("d", "os.stat", _hop(OTHER_PATH, 10))
    report = _report(through_absolute, through_relative, other_line, other_file)
    hits = findings_through(report, SITE_PATH, 10, copy)
    assert [f["id"] for f in hits] == ["a", "b"]


def test_normalise_path_keeps_paths_outside_the_copy(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "x.py"
    assert normalise_path(str(outside), tmp_path / "backend") == outside.as_posix()
    assert normalise_path(str(tmp_path / "backend" / "app" / "x.py"), tmp_path / "backend") == (
        "app/x.py"
    )


def test_classify_static_counts_only_new_findings_through_the_site(tmp_path: Path) -> None:
    old = _finding("old", "time.sleep", _hop(SITE_PATH, 10))
    new = _finding("new", "builtins.open", _hop(SITE_PATH, 10), _hop(OTHER_PATH, 5))
    elsewhere = _finding("far", "os.walk", _hop(OTHER_PATH, 7))
    result = classify_static(_report(old, new, elsewhere), SITE_PATH, 10, tmp_path, {"old"})
    assert result.status == SEEN
    assert [f.id for f in result.findings] == ["new"]
    assert result.first_call == "builtins.open"
    assert result.cell == f"{SEEN}: 1 × builtins.open"
    assert result.as_json()["new_findings"] == 1


def test_classify_static_is_not_seen_when_every_hit_is_in_the_baseline(tmp_path: Path) -> None:
    old = _finding("old", "time.sleep", _hop(SITE_PATH, 10))
    result = classify_static(_report(old), SITE_PATH, 10, tmp_path, {"old"})
    assert (result.status, result.findings, result.first_call) == (NOT_SEEN, (), None)
    assert classify_static(_report(), SITE_PATH, 10, tmp_path).status == NOT_SEEN


def test_classify_static_reports_a_file_the_detector_cannot_analyse(tmp_path: Path) -> None:
    error = {"path": str(tmp_path / SITE_PATH), "line": 3, "reason": "invalid syntax"}
    result = classify_static(_report(errors=(error,)), SITE_PATH, 10, tmp_path)
    assert result.status == STATIC_ERROR
    assert result.detail == STATIC_FILE_ERROR.format(path=SITE_PATH, reason="invalid syntax")


def test_mutant_line_follows_lines_removed_above_the_site() -> None:
    original = "import asyncio\nimport os\n\nasync def f():\n    await asyncio.to_thread(g)\n"
    mutated = "import os\n\nasync def f():\n    g()\n"
    assert mutant_line(original, mutated, 5) == 4
    assert mutant_line(original, mutated, 2) == 1
    assert mutant_line(original, original, 5) == 5


def test_checker_reports_a_crashing_detector_without_raising(tmp_path: Path) -> None:
    backend = tmp_path / "backend"
    write_project_config(backend)
    (backend / SITE_PATH).write_text(READS_FILE, encoding="utf-8")
    site = Site(SITE_PATH, 10, 18, "asyncio.to_thread", "_read")

    def crash(copy: Path) -> dict:
        raise RecursionError("too deep")

    result = Checker(backend, None, crash).check(site)
    assert result.outcome == NOT_RUN
    assert result.static is not None and result.static.status == STATIC_ERROR
    assert result.static.detail == STATIC_SCAN_FAILED.format(error="RecursionError: too deep")
    assert blind_spots([result]) == [result]


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    backend = tmp_path / "backend"
    write_project_config(backend)
    package = backend / "packages" / "harness" / "deerflow"
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")
    return backend


def _never(copy: Path) -> AnchorRun:
    raise AssertionError("--static-only must not run the anchors")


def _static_only(backend: Path, *argv: str) -> int:
    return main(["--static-only", *argv], backend=backend, run=_never, verify=_never)


def test_static_only_sees_an_offloaded_file_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = _tree(tmp_path, {"store.py": READS_FILE, "nap.py": ALREADY_BLOCKING})
    assert _static_only(backend, "--json") == 0
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    [site] = document["sites"]
    assert (site["path"], site["line"], site["outcome"]) == (SITE_PATH, 10, NOT_RUN)
    static = site["static"]
    assert static["status"] == SEEN
    assert static["first_call"] == "builtins.open"
    assert static["new_findings"] == len(static["findings"]) >= 1
    # The sleep in nap.py is a baseline finding: counted there, never as new for the site.
    assert document["summary"]["baseline_findings"] == 1
    assert all(f["call"] != "time.sleep" for f in static["findings"])
    assert document["summary"]["static"] == {SEEN: 1, NOT_SEEN: 0, STATIC_ERROR: 0}
    progress = captured.err.splitlines()[0]
    head = PROGRESS.split(" ({")[0].format(
        done=1, total=1, name="store.py", line=10, status=f"static {SEEN}"
    )
    assert progress.startswith(head)


def test_static_only_lists_an_offload_without_io_as_a_blind_spot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = _tree(tmp_path, {"store.py": NO_IO})
    assert _static_only(backend) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith(f"{SITE_PATH}:9"))
    assert row.split()[2:4] == [NOT_SEEN.split()[0], NOT_SEEN.split()[1]]
    blind = STATIC_BLIND_SPOT.format(callable="_shout", location=f"{SITE_PATH}:9", status=NOT_SEEN)
    assert f"- {blind}" in out.splitlines()


def test_default_run_records_the_static_result_next_to_the_anchor_outcome(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = _tree(tmp_path, {"store.py": READS_FILE})
    runs: list[Path] = []

    def green(copy: Path) -> AnchorRun:
        runs.append(copy)
        return AnchorRun(0, (), "1 passed")

    assert main(["--json"], backend=backend, run=green, verify=lambda copy: None) == 1
    [site] = json.loads(capsys.readouterr().out)["sites"]
    assert (site["outcome"], site["static"]["status"]) == (SURVIVED, SEEN)
    assert len(runs) == 2  # the baseline and the one mutant


def test_static_only_fails_only_sites_it_cannot_revert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backend = _tree(tmp_path, {"later.py": UNREVERTABLE, "store.py": NO_IO})
    assert _static_only(backend, "--json") == 1
    captured = capsys.readouterr()
    sites = json.loads(captured.out)["sites"]
    assert [(s["path"].rsplit("/", 1)[-1], s["outcome"]) for s in sites] == [
        ("later.py", NOT_REVERTED),
        ("store.py", NOT_RUN),
    ]
    assert sites[0]["static"] is None
    # One progress line per site on stderr, numbered as the sites finish.
    progress = [line for line in captured.err.splitlines() if line.startswith("[")]
    assert sorted(line.split("]")[0] for line in progress) == ["[1/2", "[2/2"]
    # A blind spot alone never fails the check.
    assert _static_only(backend, "--site", f"{SITE_PATH}:9") == 0
