"""`PUT /api/threads/{thread_id}/uploads/{filename}`: store a document with a Markdown copy.

Bad names answer 422 (the path guard refuses dot segments and encoded separators before routing;
the name check refuses the rest), an unsupported type 415, an empty body or a document that
cannot be converted 422, a body over the limit 413; in every refused case the thread's uploads
are as they were.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from app.gateway.app import create_app
from app.gateway.messages import MSG_BODY_TOO_LARGE
from deerflow.config import AppConfig, GatewayConfig
from deerflow.uploads import thread_upload_dir
from deerflow.uploads.messages import EMPTY_UPLOAD, UNSUPPORTED_TYPE
from tests.gateway.client import make_config, serve
from tests.support.pdf import make_pdf

THREAD = "thread-docs"
URL = f"/api/threads/{THREAD}/uploads"
LIMIT = 4096
EARLIER = b"earlier notes\n"


@pytest.fixture
def config(tmp_path: Path) -> AppConfig:
    config = make_config(tmp_path)
    return config.model_copy(update={"gateway": GatewayConfig(max_request_body_bytes=LIMIT)})


@pytest.fixture
def uploads(config: AppConfig) -> Path:
    return thread_upload_dir(config.uploads.base_dir, THREAD)


@pytest.fixture
async def client(config: AppConfig) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(create_app(config)) as client:
        response = await client.put(f"{URL}/notes.txt", content=EARLIER)
        assert response.status_code == 200, response.text
        yield client


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


async def test_put_upload_stores_a_pdf_and_its_markdown(
    client: httpx.AsyncClient, uploads: Path
) -> None:
    data = make_pdf("Revenue grew 12%", "Costs fell")

    response = await client.put(
        f"{URL}/Q3 report.pdf", content=data, headers={"content-type": "application/pdf"}
    )

    markdown = "# Q3 report.pdf\n\n## Page 1\n\nRevenue grew 12%\n\n## Page 2\n\nCosts fell\n"
    assert response.status_code == 200, response.text
    assert response.json() == {
        "thread_id": THREAD,
        "filename": "Q3 report.pdf",
        "size": len(data),
        "markdown_filename": "Q3 report.pdf.md",
        "markdown_chars": len(markdown),
        "replaced": False,
    }
    assert (uploads / "Q3 report.pdf").read_bytes() == data
    assert (uploads / "Q3 report.pdf.md").read_text(encoding="utf-8") == markdown


async def test_put_upload_replaces_an_earlier_upload(
    client: httpx.AsyncClient, uploads: Path
) -> None:
    response = await client.put(f"{URL}/notes.txt", content=b"newer notes\n")

    assert (response.status_code, response.json()["replaced"]) == (200, True)
    assert _files(uploads) == {"notes.txt": b"newer notes\n", "notes.txt.md": b"newer notes\n"}


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("%2e%2e", "`%2e%2e`"),
        ("..%2Fescape.pdf", "`..%2Fescape.pdf`"),
        ("sub/escape.pdf", "'sub/escape.pdf'"),
        ("report..pdf", "'report..pdf'"),
        (".hidden.pdf", "'.hidden.pdf'"),
        ("what%3F.pdf", "'what?.pdf'"),
    ],
)
async def test_put_upload_answers_422_for_bad_names_naming_them(
    client: httpx.AsyncClient, uploads: Path, name: str, named: str
) -> None:
    before = _files(uploads)

    response = await client.put(f"{URL}/{name}", content=b"x")

    assert response.status_code == 422, response.text
    assert named in response.json()["detail"]
    assert _files(uploads) == before
    assert sorted(path.name for path in uploads.parent.iterdir()) == [THREAD]


async def test_put_upload_answers_415_for_an_unsupported_type(
    client: httpx.AsyncClient, uploads: Path
) -> None:
    response = await client.put(f"{URL}/slides.pptx", content=b"PK\x03\x04")

    assert response.status_code == 415
    assert response.json()["detail"] == UNSUPPORTED_TYPE.format(
        filename="slides.pptx", suffix=".pptx", choices=".pdf, .txt, .md"
    )
    assert sorted(_files(uploads)) == ["notes.txt", "notes.txt.md"]


@pytest.mark.parametrize(
    ("name", "data"),
    [("notes.txt", b"\xffnot utf-8"), ("notes.pdf", b"%PDF-1.4 damaged")],
    ids=["text", "pdf"],
)
async def test_put_upload_answers_422_when_conversion_fails_and_keeps_earlier_files(
    client: httpx.AsyncClient, uploads: Path, name: str, data: bytes
) -> None:
    before = _files(uploads)

    response = await client.put(f"{URL}/{name}", content=data)

    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail.startswith(f"Could not convert `{name}` to Markdown as ")
    assert "nothing was stored" in detail
    assert _files(uploads) == before


async def test_put_upload_answers_422_for_an_empty_body(
    client: httpx.AsyncClient, uploads: Path
) -> None:
    response = await client.put(f"{URL}/blank.txt", content=b"")

    assert (response.status_code, response.json()["detail"]) == (
        422,
        EMPTY_UPLOAD.format(filename="blank.txt"),
    )
    assert sorted(_files(uploads)) == ["notes.txt", "notes.txt.md"]


async def test_put_upload_answers_413_over_the_body_limit(
    client: httpx.AsyncClient, uploads: Path
) -> None:
    response = await client.put(f"{URL}/big.txt", content=b"a" * (LIMIT + 1))

    assert (response.status_code, response.json()["detail"]) == (
        413,
        MSG_BODY_TOO_LARGE.format(limit=LIMIT),
    )
    assert sorted(_files(uploads)) == ["notes.txt", "notes.txt.md"]


async def test_put_upload_answers_422_for_an_invalid_thread_id(client: httpx.AsyncClient) -> None:
    response = await client.put("/api/threads/bad thread/uploads/a.txt", content=b"x")

    assert response.status_code == 422
    assert "`thread_id`" in response.json()["detail"]
