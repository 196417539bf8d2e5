"""The `make eval-peers` command line on a tiny local suite (no download)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from blocking_io.evaluation import peers
from scripts import eval_peers

SUITE = """# type: ignore
async def foo():
    time.sleep(1)  # ASYNC251: 4, "trio"
    os.path.normpath("")  # ASYNC240: 4, 'normpath'
    os.system()
"""


@pytest.fixture
def local_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Serve a tiny eval-file archive instead of downloading the pinned one."""
    archive = tmp_path / "suite.tar.gz"
    with tarfile.open(archive, "w:gz") as bundle:
        data = SUITE.encode("utf-8")
        info = tarfile.TarInfo("flake8_async-0/tests/eval_files/async251.py")
        info.size = len(data)
        bundle.addfile(info, io.BytesIO(data))
    monkeypatch.setattr(eval_peers, "fetch_suite", lambda *_args: archive)
    return archive


def test_eval_peers_scores_a_local_suite(
    local_archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(
        eval_peers, "match_disagreements", lambda lines: peers.match_disagreements(lines, [])
    )
    assert eval_peers.main(["--data-dir", str(tmp_path / "data")]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("ASYNC251"))
    # labelled, disagreed, scored, found, recall, ruff, ours unlabelled, ruff unlabelled
    assert row.split() == ["ASYNC251", "2", "0", "2", "1", "50.0%", "2", "1", "1"]
    assert "recall on scored labels 50.0% (target ≥ 95%: MISSED)" in out
    assert '  async251.py:4: os.path.normpath("")' in out
    assert "  async251.py:5: os.system()  [BIO101 os.system]" in out


def test_eval_peers_exits_2_when_a_disagreement_names_no_line(
    local_archive: Path, tmp_path: Path, capsys
) -> None:
    assert eval_peers.main(["--data-dir", str(tmp_path / "data")]) == 2
    assert "matches no eval file" in capsys.readouterr().err
