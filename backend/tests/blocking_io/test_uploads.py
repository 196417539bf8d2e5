"""`PUT /api/threads/{thread_id}/uploads/{filename}` stores and converts uploads off the loop.

Runs the production lifespan and drives the route through the ASGI app, from a `config.yaml`
whose `uploads.base_dir` is relative to a relative data home, with real files under `tmp_path`:
a new PDF (pypdf reads it back from disk), a text upload replacing one seeded on disk, and a
damaged PDF that is refused while the earlier files stay. It guards both offload sites of
`save_upload` in `deerflow/uploads/store.py`:

- `stage_upload`: `mkdir` of the thread's upload directory and the write of the staging file;
- `publish_upload`: the conversion, where the blocking IO happens inside a third-party library
  (`pypdf.PdfReader` opens and reads the staged file), then the Markdown write, the renames and
  the clean-up after a failed conversion.

The bug shape is a handler, or the harness function it awaits, calling a document library or
writing the upload on the loop that serves every request. Reverting either `asyncio.to_thread`
offload must turn this module red.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

from app.gateway.app import create_app
from deerflow.config import AppConfig, load_config
from deerflow.uploads import thread_upload_dir
from tests.gateway.client import serve
from tests.support.pdf import make_pdf

THREAD = "thread-uploads"
URL = f"/api/threads/{THREAD}/uploads"
CONFIG_YAML = """\
checkpointer:
  type: memory
run_events:
  backend: memory
uploads:
  base_dir: uploads
"""
SEEDED = {"notes.txt": b"seeded notes\n", "notes.txt.md": b"seeded notes\n"}


@pytest.fixture
def config(tmp_path: Path, data_home: Path) -> AppConfig:
    """Load a real `config.yaml` with a relative `uploads.base_dir`."""
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG_YAML, encoding="utf-8")
    return load_config(path)


@pytest.fixture
def uploads(config: AppConfig) -> Path:
    """Return the thread's upload directory, seeded with an earlier upload and its copy."""
    directory = thread_upload_dir(config.uploads.base_dir, THREAD)
    directory.mkdir(parents=True)
    for name, data in SEEDED.items():
        (directory / name).write_bytes(data)
    return directory


@pytest.fixture
def app(config: AppConfig) -> FastAPI:
    return create_app(config)


def _files(directory: Path) -> dict[str, bytes]:
    """Return the files in `directory` by name (run after the app has stopped)."""
    return {path.name: path.read_bytes() for path in directory.iterdir()}


async def test_upload_route_stores_and_converts_a_new_pdf(
    app: FastAPI, config: AppConfig, data_home: Path
) -> None:
    data = make_pdf("Minutes of the board", "Decisions")

    async with serve(app) as client:
        response = await client.put(f"{URL}/minutes.pdf", content=data)

    assert response.status_code == 200, response.text
    assert response.json()["markdown_filename"] == "minutes.pdf.md"
    directory = data_home / "uploads" / "threads" / THREAD
    assert thread_upload_dir(config.uploads.base_dir, THREAD) == directory
    assert (directory / "minutes.pdf").read_bytes() == data
    assert (directory / "minutes.pdf.md").read_text(encoding="utf-8") == (
        "# minutes.pdf\n\n## Page 1\n\nMinutes of the board\n\n## Page 2\n\nDecisions\n"
    )


async def test_upload_route_replaces_a_text_upload_on_disk(app: FastAPI, uploads: Path) -> None:
    async with serve(app) as client:
        response = await client.put(f"{URL}/notes.txt", content=b"revised notes\n")

    assert (response.status_code, response.json()["replaced"]) == (200, True)
    assert (uploads / "notes.txt.md").read_bytes() == b"revised notes\n"


async def test_upload_route_refuses_a_damaged_pdf_and_keeps_the_earlier_files(
    app: FastAPI, uploads: Path
) -> None:
    async with serve(app) as client:
        response = await client.put(f"{URL}/notes.pdf", content=b"%PDF-1.4 damaged")

    assert response.status_code == 422, response.text
    assert "`notes.pdf`" in response.json()["detail"]
    assert _files(uploads) == SEEDED
