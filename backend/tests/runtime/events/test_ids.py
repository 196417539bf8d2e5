"""`validate_id`: which thread and run ids are safe to use as path components."""

from __future__ import annotations

import pytest

from deerflow.runtime.events.store import validate_id
from deerflow.runtime.events.store.ids import ID_MAX_LENGTH, ID_RULES

GOOD_IDS = ["t", "thread-1", "run_2024.01.01", "ns:thread_9", "A" * ID_MAX_LENGTH, "a.b"]

BAD_IDS = [
    ("", "empty"),
    ("x" * (ID_MAX_LENGTH + 1), "longer than"),
    ("a/b", "path separator"),
    ("a\\b", "path separator"),
    ("..", "'..'"),
    ("a..b", "'..'"),
    (".", "current directory"),
    ("a\x00b", "NUL"),
    ("a b", "outside"),
    ("naïve", "outside"),
    ("a\nb", "outside"),
]


@pytest.mark.parametrize("value", GOOD_IDS)
def test_validate_id_accepts_safe_ids(value: str) -> None:
    assert validate_id(value, "thread_id") == value


@pytest.mark.parametrize(("value", "problem"), BAD_IDS)
def test_validate_id_rejects_unsafe_ids_naming_kind_and_id(value: str, problem: str) -> None:
    with pytest.raises(ValueError) as caught:
        validate_id(value, "run_id")
    message = str(caught.value)
    assert message.startswith("Invalid `run_id` ")
    assert problem in message
    assert repr(value)[:40] in message


@pytest.mark.parametrize("value", [None, 7, b"abc"])
def test_validate_id_rejects_non_strings(value: object) -> None:
    with pytest.raises(ValueError, match="not a string"):
        validate_id(value, "thread_id")


def test_every_id_rule_has_a_reason_and_a_bad_id_example() -> None:
    for rule in ID_RULES:
        assert rule.reason, rule.problem
        assert any(rule.violated(value) for value, _ in BAD_IDS), rule.problem
