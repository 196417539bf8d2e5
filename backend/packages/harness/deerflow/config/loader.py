"""Load `AppConfig` from YAML and turn every bad value into a `ConfigError` naming file and key."""

from __future__ import annotations

import logging
import os
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from deerflow.config import messages
from deerflow.config.paths import BACKEND_DIR
from deerflow.config.schema import AppConfig

__all__ = ["CONFIG_ENV", "DEFAULT_CONFIG_PATH", "ConfigError", "load_config"]

logger = logging.getLogger(__name__)

CONFIG_ENV = "DEER_FLOW_CONFIG"
# Read at call time (not bound as a default argument) so tests can point it elsewhere.
DEFAULT_CONFIG_PATH = BACKEND_DIR / "config.yaml"

_MAX_VALUE_CHARS = 80

# Human wording for the scalar annotations used by the models; Literal and model types are
# described from the annotation itself.
_TYPE_WORDING: dict[Any, str] = {
    str: "a string",
    Path: "a path string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    Path | None: "a path string",
}
# Bounds declared with Field(ge=..., gt=..., le=..., lt=...), in the order they are worded.
_BOUND_WORDING = (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<"))


class ConfigError(ValueError):
    """A configuration file or value is invalid; the message names the source, key and remedy."""


def load_config(path: Path | None = None) -> AppConfig:
    """Load the configuration.

    Search order: `path`, then the `DEER_FLOW_CONFIG` environment variable, then
    `backend/config.yaml` if it exists, else built-in defaults. An empty file means defaults.
    Relative `skills.path`, `run_events.base_dir` and `uploads.base_dir` resolve against the
    data home.

    Raises:
        ConfigError: the file named by `path` or `DEER_FLOW_CONFIG` is missing or unreadable,
            the YAML does not parse, the top level is not a mapping, or a value is invalid.
    """
    source = _select_source(path)
    if source is None:
        logger.debug("No config file found; using %s", messages.BUILTIN_DEFAULTS_SOURCE)
        return AppConfig()
    data = _read_yaml(source)
    try:
        config = AppConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe_validation_error(exc, str(source))) from None
    logger.debug("Loaded config from %s", source)
    return config


def _select_source(path: Path | None) -> Path | None:
    if path is not None:
        return _require_file(Path(path), "the `path` argument of load_config")
    env_value = os.environ.get(CONFIG_ENV, "").strip()
    if env_value:
        return _require_file(Path(env_value).expanduser(), CONFIG_ENV)
    default = DEFAULT_CONFIG_PATH
    return default if default.is_file() else None


def _require_file(path: Path, origin: str) -> Path:
    if not path.exists():
        raise ConfigError(messages.MISSING_FILE.format(path=path, origin=origin))
    return path


def _read_yaml(source: Path) -> dict[str, Any]:
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(messages.UNREADABLE_FILE.format(path=source, problem=exc)) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(_describe_yaml_error(exc, str(source))) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            messages.INVALID_TOP_LEVEL.format(
                value=_show(data), source=source, choices=_keys_of(AppConfig)
            )
        )
    return data


def _describe_yaml_error(exc: yaml.YAMLError, source: str) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    return messages.UNPARSABLE_YAML.format(source=source, where=where, problem=problem)


def _describe_validation_error(exc: ValidationError, source: str) -> str:
    sentences = [_describe_one(error, source) for error in exc.errors(include_url=False)]
    return " ".join(dict.fromkeys(sentences))


def _describe_one(error: Any, source: str) -> str:
    loc = tuple(str(part) for part in error["loc"])
    key = ".".join(loc)
    value = _show(error.get("input"))
    if error["type"] == "extra_forbidden":
        parent = _annotation_at(loc[:-1])
        return messages.UNKNOWN_KEY.format(
            key=key, value=value, source=source, choices=_keys_of(parent)
        )
    expected = _expected_for(_annotation_at(loc)) + _bounds_at(loc)
    return messages.INVALID_VALUE.format(key=key, value=value, source=source, expected=expected)


def _field_at(loc: tuple[str, ...]) -> FieldInfo | None:
    annotation: Any = AppConfig
    field = None
    for part in loc:
        fields = annotation.model_fields if _is_model(annotation) else {}
        if part not in fields:
            return None
        field = fields[part]
        annotation = field.annotation
    return field


def _annotation_at(loc: tuple[str, ...]) -> Any:
    if not loc:
        return AppConfig
    field = _field_at(loc)
    return None if field is None else field.annotation


def _bounds_at(loc: tuple[str, ...]) -> str:
    """Return the field's numeric bounds as words (" >= 1"), or "" when it declares none."""
    field = _field_at(loc)
    bounds = [
        f"{symbol} {getattr(item, name)}"
        for item in (field.metadata if field is not None else ())
        for name, symbol in _BOUND_WORDING
        if hasattr(item, name)
    ]
    return " " + " and ".join(bounds) if bounds else ""


def _expected_for(annotation: Any) -> str:
    if typing.get_origin(annotation) is typing.Literal:
        return "one of: " + ", ".join(str(choice) for choice in typing.get_args(annotation))
    if _is_model(annotation):
        return "a mapping with keys: " + _keys_of(annotation)
    return _TYPE_WORDING.get(annotation, "a valid value")


def _keys_of(model: Any) -> str:
    return ", ".join(sorted(model.model_fields)) if _is_model(model) else "(no keys)"


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_VALUE_CHARS else text[: _MAX_VALUE_CHARS - 3] + "..."
