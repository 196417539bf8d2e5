"""Health router: `GET /health`."""

from __future__ import annotations

from fastapi import APIRouter

from app.gateway.schemas import HealthOut

__all__ = ["router"]

router = APIRouter(tags=["health"])


@router.get("/health")
async def health() -> HealthOut:
    """Report that the gateway is serving."""
    return HealthOut()
