"""Health router: `GET /health`."""

from __future__ import annotations

from fastapi import APIRouter

from app.gateway.json_body import StrictJsonRoute
from app.gateway.schemas import HealthOut

__all__ = ["router"]

router = APIRouter(tags=["health"], route_class=StrictJsonRoute)


@router.get("/health")
async def health() -> HealthOut:
    """Report that the gateway is serving."""
    return HealthOut()
