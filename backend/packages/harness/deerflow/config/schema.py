"""Typed configuration models: skills, checkpointer, run-event store, uploads, gateway and loop
monitor settings."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from deerflow.config.paths import get_data_home, resolve_under_data_home

__all__ = [
    "DEFAULT_MAX_REQUEST_BODY_BYTES",
    "AppConfig",
    "CheckpointerConfig",
    "GatewayConfig",
    "LoopMonitorConfig",
    "RunEventsConfig",
    "SkillsConfig",
    "UploadsConfig",
]

_MODEL_CONFIG = ConfigDict(frozen=True, extra="forbid")

DEFAULT_MAX_REQUEST_BODY_BYTES = 1024 * 1024


def _default_skills_path() -> Path:
    return get_data_home() / "skills"


def _default_run_events_dir() -> Path:
    return get_data_home() / "run-events"


def _default_uploads_dir() -> Path:
    return get_data_home() / "uploads"


class SkillsConfig(BaseModel):
    """Where skills are discovered (`public/` and `custom/` below `path`)."""

    model_config = _MODEL_CONFIG

    path: Path = Field(default_factory=_default_skills_path)

    @field_validator("path")
    @classmethod
    def _resolve_path(cls, value: Path) -> Path:
        return resolve_under_data_home(value)


class CheckpointerConfig(BaseModel):
    """LangGraph checkpointer selection.

    `connection_string` stays raw here; `resolve_sqlite_conn_str` resolves it later, off the loop.
    """

    model_config = _MODEL_CONFIG

    type: Literal["memory", "sqlite"] = "sqlite"
    connection_string: str = "checkpoints.db"


class RunEventsConfig(BaseModel):
    """Run-event store selection; `base_dir` is used by the `jsonl` backend."""

    model_config = _MODEL_CONFIG

    backend: Literal["memory", "jsonl"] = "jsonl"
    base_dir: Path = Field(default_factory=_default_run_events_dir)

    @field_validator("base_dir")
    @classmethod
    def _resolve_base_dir(cls, value: Path) -> Path:
        return resolve_under_data_home(value)


class UploadsConfig(BaseModel):
    """Where uploaded documents and their Markdown copies are kept.

    Layout: `<base_dir>/threads/<thread_id>/<filename>` and `<filename>.md` next to it.
    """

    model_config = _MODEL_CONFIG

    base_dir: Path = Field(default_factory=_default_uploads_dir)

    @field_validator("base_dir")
    @classmethod
    def _resolve_base_dir(cls, value: Path) -> Path:
        return resolve_under_data_home(value)


class GatewayConfig(BaseModel):
    """HTTP gateway limits.

    `max_request_body_bytes` caps every request body; a larger one answers 413 before any route
    reads it. Strict, so `true` or `"1MiB"` are rejected rather than coerced.
    """

    model_config = _MODEL_CONFIG

    max_request_body_bytes: int = Field(default=DEFAULT_MAX_REQUEST_BODY_BYTES, ge=1, strict=True)


class LoopMonitorConfig(BaseModel):
    """The gateway's production loop monitor: warn-only, off unless `enabled`.

    It logs when the event loop has not turned for longer than `threshold_ms` (sampling the loop
    thread's stack every `interval_ms`) and when project code makes an audited blocking call on
    the loop; each site at most once per `rate_limit_s`. `findings_file` is the static report
    whose finding keys the records cite (relative paths resolve against the data home).
    """

    model_config = _MODEL_CONFIG

    enabled: bool = False
    threshold_ms: int = Field(default=100, gt=0)
    interval_ms: int = Field(default=10, gt=0)
    rate_limit_s: float = Field(default=60.0, ge=0)
    findings_file: Path | None = None

    @field_validator("findings_file")
    @classmethod
    def _resolve_findings_file(cls, value: Path | None) -> Path | None:
        return None if value is None else resolve_under_data_home(value)


class AppConfig(BaseModel):
    """The whole harness configuration; every section has defaults."""

    model_config = _MODEL_CONFIG

    skills: SkillsConfig = Field(default_factory=SkillsConfig)
    checkpointer: CheckpointerConfig = Field(default_factory=CheckpointerConfig)
    run_events: RunEventsConfig = Field(default_factory=RunEventsConfig)
    uploads: UploadsConfig = Field(default_factory=UploadsConfig)
    gateway: GatewayConfig = Field(default_factory=GatewayConfig)
    loop_monitor: LoopMonitorConfig = Field(default_factory=LoopMonitorConfig)
