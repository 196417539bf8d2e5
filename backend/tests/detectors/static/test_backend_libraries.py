"""The backend's own library-backed feature, seen by the detector: reached, clean, and red when
its offload is reverted.

The upload route converts PDFs with pypdf inside `publish_upload`, which `save_upload` runs in a
thread. The detector reads pypdf's installed source (an environment holding only pypdf, taken
from the backend's own environment), follows the conversion through the `CONVERTERS` table, and
must report nothing while the offload is in place, and the `open` inside pypdf once it is gone.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import shutil
from pathlib import Path

import pytest

from blocking_io.static import scan
from blocking_io.static.environment import find_environment
from tests.support.paths import BACKEND_DIR

HARNESS = BACKEND_DIR / "packages" / "harness" / "deerflow"
OFFLOADED = "    return await asyncio.to_thread(publish_upload, staged, filename)\n"
REVERTED = "    return publish_upload(staged, filename)\n"


@pytest.fixture
def pypdf_only(tmp_path: Path) -> Path:
    """A virtual environment directory whose site-packages holds pypdf and nothing else."""
    site = tmp_path / "env" / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    (tmp_path / "env" / "pyvenv.cfg").write_text("version = 3.11\n", encoding="utf-8")
    spec = importlib.util.find_spec("pypdf")
    assert spec is not None and spec.origin is not None
    (site / "pypdf").symlink_to(Path(spec.origin).parent)
    info = Path(str(importlib.metadata.distribution("pypdf")._path))  # type: ignore[attr-defined]
    (site / info.name).symlink_to(info)
    return tmp_path / "env"


def _uploads_findings(harness: Path, environment: Path) -> list[dict]:
    found = find_environment(environment, [harness], None)
    report = scan([harness], repo_root=harness.parent, environment=found)
    assert report["libraries"]["loaded"], "pypdf was never asked about"
    return [f for f in report["findings"] if f["path"].startswith("deerflow/uploads/")]


def test_backend_upload_conversion_is_reached_through_pypdf_and_clean(
    tmp_path: Path, pypdf_only: Path
) -> None:
    harness = tmp_path / "src" / "deerflow"
    shutil.copytree(HARNESS, harness, ignore=shutil.ignore_patterns("__pycache__"))
    store = harness / "uploads" / "store.py"
    source = store.read_text(encoding="utf-8")
    assert OFFLOADED in source, "the upload offload moved; update this test"
    assert _uploads_findings(harness, pypdf_only) == []

    store.write_text(source.replace(OFFLOADED, REVERTED), encoding="utf-8")
    findings = _uploads_findings(harness, pypdf_only)
    pdf = [f for f in findings if f["call"] == "pypdf.PdfReader"]
    assert pdf, f"reverting the offload should expose pypdf's file read: {findings}"
    (finding,) = pdf
    assert finding["code"] == "BIO501"
    assert finding["library"]["distribution"] == "pypdf"
    assert finding["library"]["call"] == "builtins.open"
    assert [hop["function"] for hop in finding["chain"]] == [
        "save_upload",
        "publish_upload",
        "to_markdown",
        "pdf_to_markdown",
    ]
