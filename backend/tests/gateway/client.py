"""Helpers that run the gateway lifespan and drive it through httpx, plus a tmp config."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI

from deerflow.config import (
    AppConfig,
    CheckpointerConfig,
    RunEventsConfig,
    SkillsConfig,
    UploadsConfig,
)


def write_skill(root: Path, category: str, name: str, description: str, extra: str = "") -> None:
    """Create `<root>/<category>/<name>/SKILL.md` with the given front matter."""
    skill_dir = root / category / name
    skill_dir.mkdir(parents=True)
    text = f"---\nname: {name}\ndescription: {description}\n{extra}---\n# {name}\n"
    (skill_dir / "SKILL.md").write_text(text, encoding="utf-8")


def make_config(tmp_path: Path) -> AppConfig:
    """Return a config with a JSONL store, a SQLite checkpointer, skills and uploads under tmp."""
    return AppConfig(
        skills=SkillsConfig(path=tmp_path / "skills"),
        checkpointer=CheckpointerConfig(
            type="sqlite", connection_string=str(tmp_path / "db" / "checkpoints.db")
        ),
        run_events=RunEventsConfig(backend="jsonl", base_dir=tmp_path / "run-events"),
        uploads=UploadsConfig(base_dir=tmp_path / "uploads"),
    )


@asynccontextmanager
async def serve(
    app: FastAPI, *, follow_redirects: bool = False
) -> AsyncIterator[httpx.AsyncClient]:
    """Run the app's lifespan (ASGITransport does not) and yield a client bound to it.

    `follow_redirects=True` makes the client behave like `curl -L`: it follows redirects and
    normalises dot segments in the target, as real clients do.
    """
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", follow_redirects=follow_redirects
        ) as client:
            yield client
