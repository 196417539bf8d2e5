"""HTTP routes: convert a stored upload or a link in a worker thread."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import APIRouter
from markitdown import MarkItDown

from . import ingest

SPOOL = Path("/var/spool/doc-ingest")
router = APIRouter(prefix="/documents")


@router.post("/{name}/markdown")
async def upload_markdown(name: str) -> dict[str, str]:
    return {"markdown": await asyncio.to_thread(ingest.markdown_of, SPOOL / name)}


@router.post("/links")
async def link_markdown(url: str) -> dict[str, str]:
    loop = asyncio.get_running_loop()
    return {"markdown": await loop.run_in_executor(None, ingest.markdown_of_link, url)}


@router.post("/{name}/preview")
async def preview(name: str) -> str:
    md = await asyncio.to_thread(MarkItDown)
    result = await asyncio.to_thread(md.convert_local, SPOOL / name)
    return result.markdown[:500]
