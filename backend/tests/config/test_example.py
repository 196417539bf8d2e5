"""`backend/config.example.yaml` loads, equals the defaults and documents every key and choice."""

from __future__ import annotations

import typing

import yaml
from pydantic import BaseModel

from deerflow.config import AppConfig, load_config
from tests.support.paths import BACKEND_DIR

EXAMPLE = BACKEND_DIR / "config.example.yaml"


def _leaf_fields(model: type[BaseModel], prefix: str = ""):
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _leaf_fields(annotation, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", annotation


def test_example_config_loads_to_the_defaults() -> None:
    assert load_config(EXAMPLE) == AppConfig()


def test_example_config_sets_every_key() -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for dotted, _ in _leaf_fields(AppConfig):
        section, key = dotted.split(".")
        assert key in data[section], f"{dotted} missing from {EXAMPLE.name}"


def test_example_config_lists_every_choice() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    for dotted, annotation in _leaf_fields(AppConfig):
        if typing.get_origin(annotation) is typing.Literal:
            choices = ", ".join(typing.get_args(annotation))
            assert f"one of: {choices}" in text, f"choices of {dotted} not documented"
