"""Uploads router: store a document in a thread's uploads with a Markdown copy next to it."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status

from app.gateway.deps import AppConfigDep, ThreadId
from app.gateway.json_body import StrictJsonRoute
from app.gateway.schemas import UploadOut
from deerflow.uploads import UnsupportedUploadError, UploadError, save_upload

__all__ = ["router"]

router = APIRouter(
    prefix="/api/threads/{thread_id}/uploads", tags=["uploads"], route_class=StrictJsonRoute
)


# `:path` lets a name with a '/' reach the name check, which answers 422 naming it, not 404.
@router.put("/{filename:path}")
async def put_upload(
    thread_id: ThreadId, filename: str, request: Request, config: AppConfigDep
) -> UploadOut:
    """Store the request body as `filename` and convert it to Markdown; replace an earlier one.

    An unsupported type answers 415; a bad name, an empty body or a document that cannot be
    converted answers 422, and nothing is stored.
    """
    try:
        stored = await save_upload(
            config.uploads.base_dir, thread_id, filename, await request.body()
        )
    except UnsupportedUploadError as exc:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, str(exc)) from None
    except UploadError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(exc)) from None
    return UploadOut.from_stored(thread_id, stored)
