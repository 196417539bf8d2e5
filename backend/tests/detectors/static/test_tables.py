"""Rule tables: entries are well formed, stated with a reason, and consistent with each other."""

from __future__ import annotations

import re

from blocking_io.static import (
    entries,
    libfacts,
    offloaders,
    primitives,
    protocols,
    rules,
)
from blocking_io.static.returns import RETURN_TYPES, TYPE_ALIASES


def test_tables_primitives_have_valid_priority_operation_and_reason() -> None:
    names = [p.name for p in primitives.PRIMITIVES]
    assert len(names) == len(set(names)), "duplicate primitive names"
    for entry in primitives.PRIMITIVES:
        assert entry.priority in primitives.PRIORITIES, entry
        assert entry.operation in primitives.OPERATIONS, entry
        assert entry.reason.endswith("."), entry
        assert entry.hint, entry
        assert "." in entry.name, entry


def test_tables_rules_have_stable_codes_and_kebab_names() -> None:
    codes = [rule.code for rule in rules.RULES]
    assert len(codes) == len(set(codes))
    for rule in rules.RULES:
        assert re.fullmatch(r"BIO\d{3}", rule.code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", rule.name)
        assert not rule.message.endswith(".")
        assert all((rule.summary, rule.what, rule.why, rule.example, rule.instead))
    assert {rule.exposure for rule in rules.RULES} == {
        "direct",
        "reachable",
        "hook",
        "callback",
        "library",
        rules.SUPPRESSION,
    }


def test_tables_offloaders_entries_and_types_state_reasons() -> None:
    tables = (
        offloaders.OFFLOADERS,
        entries.LOOP_CALLBACKS,
        entries.LOOP_HOOKS,
        entries.HOOK_DECORATORS,
        protocols.PROTOCOL_HOOKS,
        RETURN_TYPES,
        TYPE_ALIASES,
    )
    for table in tables:
        assert table
        for entry in table:
            assert entry.reason.strip(), entry


def test_tables_offloaders_are_not_primitives() -> None:
    blocking = set(primitives.PRIMITIVES_BY_NAME)
    assert not blocking & {o.name for o in offloaders.OFFLOADERS}
    assert not blocking & {c.name for c in entries.LOOP_CALLBACKS}


def test_tables_library_facts_are_complete_and_block_like_primitives() -> None:
    names = [fact.name for fact in libfacts.LIBRARY_FACTS]
    assert len(names) == len(set(names)), "a library fact is listed twice"
    for fact in libfacts.LIBRARY_FACTS:
        assert fact.when in libfacts.WHEN, fact
        assert fact.priority in primitives.PRIORITIES, fact
        assert fact.operation in primitives.OPERATIONS, fact
        assert fact.reason.endswith("."), fact
        assert fact.hint and fact.distribution, fact
        assert "." in fact.name, fact
        # A fact blocks like a primitive: the site classifier and the report read it there.
        assert primitives.PRIMITIVES_BY_NAME[fact.name].priority == fact.priority, fact
