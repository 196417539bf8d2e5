"""HTTP routes: convert an upload already stored under the spool directory, or a link."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from markitdown import MarkItDown

from . import ingest

SPOOL = Path("/var/spool/doc-ingest")
router = APIRouter(prefix="/documents")


@router.post("/{name}/markdown")
async def upload_markdown(name: str) -> dict[str, str]:
    return {"markdown": ingest.markdown_of(SPOOL / name)}


@router.post("/links")
async def link_markdown(url: str) -> dict[str, str]:
    return {"markdown": ingest.markdown_of_link(url)}


@router.post("/{name}/preview")
async def preview(name: str) -> str:
    md = MarkItDown()
    return md.convert_local(SPOOL / name).markdown[:500]
