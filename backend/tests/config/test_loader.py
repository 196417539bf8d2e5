"""`load_config`: search order, defaults, relative path resolution and the ConfigError messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from deerflow.config import (
    AppConfig,
    CheckpointerConfig,
    ConfigError,
    RunEventsConfig,
    SkillsConfig,
    load_config,
    loader,
    messages,
)


def test_load_config_without_any_file_returns_defaults(data_home: Path) -> None:
    config = load_config()
    assert config.skills.path == data_home / "skills"
    assert config.run_events.backend == "jsonl"
    assert config.run_events.base_dir == data_home / "run-events"
    assert config.uploads.base_dir == data_home / "uploads"
    assert config.checkpointer.type == "sqlite"
    assert config.checkpointer.connection_string == "checkpoints.db"
    assert config.gateway.max_request_body_bytes == 1024 * 1024


def test_load_config_defaults_follow_the_data_home_at_call_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEER_FLOW_HOME", str(tmp_path / "other"))
    assert load_config().skills.path == tmp_path / "other" / "skills"


def test_load_config_empty_file_means_defaults(write_config) -> None:
    assert load_config(write_config("")) == AppConfig()


def test_load_config_reads_the_path_argument(write_config) -> None:
    path = write_config("checkpointer:\n  type: memory\nrun_events:\n  backend: memory\n")
    config = load_config(path)
    assert config.checkpointer.type == "memory"
    assert config.run_events.backend == "memory"


def test_load_config_env_var_names_the_file(write_config, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEER_FLOW_CONFIG", str(write_config("checkpointer: {type: memory}\n")))
    assert load_config().checkpointer.type == "memory"


def test_load_config_argument_wins_over_env(write_config, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = write_config("checkpointer: {type: memory}\n", name="env.yaml")
    arg_file = write_config("checkpointer: {connection_string: arg.db}\n", name="arg.yaml")
    monkeypatch.setenv("DEER_FLOW_CONFIG", str(env_file))
    config = load_config(arg_file)
    assert config.checkpointer == CheckpointerConfig(type="sqlite", connection_string="arg.db")


def test_load_config_env_wins_over_backend_config_yaml(
    write_config, monkeypatch: pytest.MonkeyPatch
) -> None:
    default_file = write_config("checkpointer: {connection_string: default.db}\n", "default.yaml")
    env_file = write_config("checkpointer: {connection_string: env.db}\n", name="env.yaml")
    monkeypatch.setattr(loader, "DEFAULT_CONFIG_PATH", default_file)
    monkeypatch.setenv("DEER_FLOW_CONFIG", str(env_file))
    assert load_config().checkpointer.connection_string == "env.db"


def test_load_config_falls_back_to_backend_config_yaml(
    write_config, monkeypatch: pytest.MonkeyPatch
) -> None:
    default_file = write_config("checkpointer: {connection_string: default.db}\n", "default.yaml")
    monkeypatch.setattr(loader, "DEFAULT_CONFIG_PATH", default_file)
    assert load_config().checkpointer.connection_string == "default.db"


def test_load_config_resolves_relative_paths_against_data_home(
    write_config, data_home: Path
) -> None:
    config = load_config(
        write_config(
            "skills: {path: my/skills}\nrun_events: {base_dir: ev}\nuploads: {base_dir: up}\n"
        )
    )
    assert config.skills.path == data_home / "my" / "skills"
    assert config.run_events.base_dir == data_home / "ev"
    assert config.uploads.base_dir == data_home / "up"


def test_load_config_keeps_absolute_paths(write_config, tmp_path: Path) -> None:
    target = tmp_path / "abs-skills"
    config = load_config(write_config(f"skills:\n  path: {target}\n"))
    assert config.skills.path == target


def test_load_config_keeps_connection_string_raw(write_config) -> None:
    config = load_config(write_config("checkpointer: {connection_string: sub/cp.db}\n"))
    assert config.checkpointer.connection_string == "sub/cp.db"


def test_models_are_frozen_and_reject_unknown_fields(tmp_path: Path) -> None:
    config = RunEventsConfig(base_dir=tmp_path)
    with pytest.raises(ValueError, match="frozen"):
        config.backend = "memory"  # type: ignore[misc]
    with pytest.raises(ValueError, match="extra"):
        SkillsConfig(path=tmp_path, colour="red")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("text", "key", "value", "expected"),
    [
        ("checkpointer: {type: redis}", "checkpointer.type", "'redis'", "one of: memory, sqlite"),
        ("run_events: {backend: s3}", "run_events.backend", "'s3'", "one of: memory, jsonl"),
        ("skills: {path: 5}", "skills.path", "5", "a path string"),
        (
            "checkpointer: {connection_string: [1]}",
            "checkpointer.connection_string",
            "[1]",
            "a string",
        ),
        (
            "checkpointer: [1, 2]",
            "checkpointer",
            "[1, 2]",
            "a mapping with keys: connection_string, type",
        ),
        (
            "gateway: {max_request_body_bytes: 0}",
            "gateway.max_request_body_bytes",
            "0",
            "an integer >= 1",
        ),
        (
            "gateway: {max_request_body_bytes: 1MiB}",
            "gateway.max_request_body_bytes",
            "'1MiB'",
            "an integer >= 1",
        ),
        (
            "gateway: {max_request_body_bytes: true}",
            "gateway.max_request_body_bytes",
            "True",
            "an integer >= 1",
        ),
        (
            "loop_monitor: {threshold_ms: 0}",
            "loop_monitor.threshold_ms",
            "0",
            "an integer > 0",
        ),
        ("loop_monitor: {enabled: maybe}", "loop_monitor.enabled", "'maybe'", "true or false"),
        (
            "loop_monitor: {rate_limit_s: -1}",
            "loop_monitor.rate_limit_s",
            "-1",
            "a number >= 0",
        ),
    ],
    ids=[
        "bad-enum-type",
        "bad-enum-backend",
        "wrong-type-path",
        "wrong-type-str",
        "wrong-type-section",
        "body-limit-zero",
        "body-limit-with-unit",
        "body-limit-bool",
        "monitor-threshold-not-positive",
        "monitor-enabled-not-bool",
        "monitor-rate-limit-negative",
    ],
)
def test_load_config_bad_value_names_file_key_value_and_choices(
    write_config, text: str, key: str, value: str, expected: str
) -> None:
    path = write_config(text + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == messages.INVALID_VALUE.format(
        value=value, key=key, source=path, expected=expected
    )


@pytest.mark.parametrize(
    ("text", "key", "choices"),
    [
        (
            "colour: red",
            "colour",
            "checkpointer, gateway, loop_monitor, run_events, skills, uploads",
        ),
        ("checkpointer: {typ: memory}", "checkpointer.typ", "connection_string, type"),
    ],
    ids=["top-level", "nested"],
)
def test_load_config_unknown_key_lists_valid_keys(
    write_config, text: str, key: str, choices: str
) -> None:
    path = write_config(text + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"Unknown key `{key}`")
    assert str(path) in message
    assert message.endswith(f"expected one of: {choices}.")


def test_load_config_reports_every_problem(write_config) -> None:
    path = write_config("checkpointer: {type: redis}\nrun_events: {backend: s3}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert "`checkpointer.type`" in str(caught.value)
    assert "`run_events.backend`" in str(caught.value)


def test_load_config_unparsable_yaml_names_file_and_position(write_config) -> None:
    path = write_config("checkpointer:\n  type: [memory\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"Could not parse YAML in {path} at line ")
    assert message.endswith("; fix the syntax.")


@pytest.mark.parametrize("text", ["- a\n- b\n", "just a string\n", "42\n"])
def test_load_config_non_mapping_top_level_is_rejected(write_config, text: str) -> None:
    path = write_config(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith("Invalid top level ")
    assert str(path) in message
    assert message.endswith(
        "expected a mapping with keys: checkpointer, gateway, loop_monitor, run_events, skills,"
        " uploads."
    )


def test_load_config_missing_file_from_env_names_variable_and_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nope.yaml"
    monkeypatch.setenv("DEER_FLOW_CONFIG", str(missing))
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert str(caught.value) == messages.MISSING_FILE.format(
        path=missing, origin="DEER_FLOW_CONFIG"
    )


def test_load_config_missing_path_argument_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope\.yaml"):
        load_config(tmp_path / "nope.yaml")


def test_load_config_directory_instead_of_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Could not read config file"):
        load_config(tmp_path)


def test_config_error_is_a_value_error() -> None:
    assert issubclass(ConfigError, ValueError)
