"""Request and response bodies of the gateway API (pydantic models)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from deerflow.runtime.events.store import RunEvent, validate_id
from deerflow.skills import Skill
from deerflow.uploads import StoredUpload

__all__ = [
    "DEFAULT_SUBAGENT",
    "EventOut",
    "EventsOut",
    "HealthOut",
    "MessagesOut",
    "RunCreate",
    "RunDeleted",
    "RunOut",
    "SkillOut",
    "SkillsOut",
    "ThreadDeleted",
    "UploadOut",
]

DEFAULT_SUBAGENT = "general-purpose"


class HealthOut(BaseModel):
    """Liveness answer."""

    status: Literal["ok"] = "ok"


class SkillOut(BaseModel):
    """One skill as listed by `GET /api/skills`."""

    name: str
    description: str
    category: Literal["public", "custom"]
    metadata: dict[str, Any]

    @classmethod
    def from_skill(cls, skill: Skill) -> SkillOut:
        """Convert a harness `Skill` (its filesystem path is not exposed)."""
        return cls(
            name=skill.name,
            description=skill.description,
            category=skill.category,
            metadata=skill.metadata,
        )


class SkillsOut(BaseModel):
    """Body of `GET /api/skills`: skills sorted by name."""

    skills: list[SkillOut]


class RunCreate(BaseModel):
    """Body of `POST /api/threads/{thread_id}/runs`.

    `run_id` is optional; give one to retry a run idempotently, or let the server pick one. A
    retry of a finished run answers its stored outcome; one still in flight, or a `run_id` reused
    for another subagent or task, answers 409.
    """

    model_config = ConfigDict(extra="forbid")

    subagent: str = DEFAULT_SUBAGENT
    task: str = Field(min_length=1)
    run_id: str | None = None

    @field_validator("run_id")
    @classmethod
    def _check_run_id(cls, value: str | None) -> str | None:
        return None if value is None else validate_id(value, "run_id")


class RunOut(BaseModel):
    """Outcome of a run; `final_message` holds the error message when `status` is `failed`."""

    thread_id: str
    run_id: str
    status: Literal["completed", "failed"]
    final_message: str


class EventOut(BaseModel):
    """One stored run event."""

    thread_id: str
    run_id: str
    seq: int
    event_type: str
    category: str
    content: Any
    metadata: dict[str, Any]
    created_at: str

    @classmethod
    def from_event(cls, event: RunEvent) -> EventOut:
        """Convert a store record."""
        return cls(**event.to_dict())


class EventsOut(BaseModel):
    """Body of `GET /api/threads/{thread_id}/runs/{run_id}/events`."""

    thread_id: str
    run_id: str
    events: list[EventOut]


class MessagesOut(BaseModel):
    """Body of `GET /api/threads/{thread_id}/messages`."""

    thread_id: str
    messages: list[EventOut]


class RunDeleted(BaseModel):
    """Body of `DELETE /api/threads/{thread_id}/runs/{run_id}`."""

    thread_id: str
    run_id: str
    deleted: int


class ThreadDeleted(BaseModel):
    """Body of `DELETE /api/threads/{thread_id}`."""

    thread_id: str
    deleted: int


class UploadOut(BaseModel):
    """Body of `PUT /api/threads/{thread_id}/uploads/{filename}`: what was stored.

    `markdown_filename` names the Markdown copy next to the upload; `replaced` tells whether an
    earlier upload of the same name (and its copy) was replaced.
    """

    thread_id: str
    filename: str
    size: int
    markdown_filename: str
    markdown_chars: int
    replaced: bool

    @classmethod
    def from_stored(cls, thread_id: str, stored: StoredUpload) -> UploadOut:
        """Convert a harness `StoredUpload` (its filesystem paths are not exposed)."""
        return cls(
            thread_id=thread_id,
            filename=stored.path.name,
            size=stored.size,
            markdown_filename=stored.markdown_path.name,
            markdown_chars=stored.markdown_chars,
            replaced=stored.replaced,
        )
