"""Typed harness configuration: models, the YAML loader and data-home paths."""

from deerflow.config.loader import CONFIG_ENV, DEFAULT_CONFIG_PATH, ConfigError, load_config
from deerflow.config.paths import BACKEND_DIR, DATA_HOME_ENV, REPO_ROOT, get_data_home
from deerflow.config.schema import (
    AppConfig,
    CheckpointerConfig,
    GatewayConfig,
    RunEventsConfig,
    SkillsConfig,
    UploadsConfig,
)

__all__ = [
    "BACKEND_DIR",
    "CONFIG_ENV",
    "DATA_HOME_ENV",
    "DEFAULT_CONFIG_PATH",
    "REPO_ROOT",
    "AppConfig",
    "CheckpointerConfig",
    "ConfigError",
    "GatewayConfig",
    "RunEventsConfig",
    "SkillsConfig",
    "UploadsConfig",
    "get_data_home",
    "load_config",
]
