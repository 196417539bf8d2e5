"""Skills router: `GET /api/skills`."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter

from app.gateway.deps import AppConfigDep
from app.gateway.json_body import StrictJsonRoute
from app.gateway.schemas import SkillOut, SkillsOut
from deerflow.skills import get_or_new_skill_storage

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["skills"], route_class=StrictJsonRoute)


@router.get("/skills")
async def list_skills(config: AppConfigDep) -> SkillsOut:
    """List the configured skills; the directory walk runs in a worker thread."""
    storage = await asyncio.to_thread(get_or_new_skill_storage, config)
    skills = await asyncio.to_thread(storage.load_skills)
    return SkillsOut(skills=[SkillOut.from_skill(skill) for skill in skills])
