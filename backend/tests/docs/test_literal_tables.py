"""The documented rule tables stay readable without importing them: one checker for all of them.

The docs build reads each table with `blocking_io_docs.sources.read_table` (string literals and
module-level string constants only). These tests run that same reader over the real tables and
compare what it reads with the imported tables, so a table the docs could not render, or would
render differently, fails here before the docs build.
"""

from __future__ import annotations

from typing import Any

import pytest

from blocking_io.evaluation import disagreements
from blocking_io.runtime import layers
from blocking_io.static import arguments, entrykinds, primitives, rules
from tests.docs.docs_tree import import_extension
from tests.support.detectors import blocking_io_runtime
from tests.support.paths import BACKEND_DIR

EXTENSION = import_extension()
TABLE_DIRECTIVES = EXTENSION.tables.TABLE_DIRECTIVES
# The imported value of each documented table, by the name the directive reads.
IMPORTED: dict[str, tuple[Any, ...]] = {
    "_PROJECT_BLOCKING_RULES": blocking_io_runtime._PROJECT_BLOCKING_RULES,
    "PRIMITIVES": primitives.PRIMITIVES,
    "RULES": rules.RULES,
    "ENTRY_KINDS": entrykinds.ENTRY_KINDS,
    "NONBLOCKING_ARGUMENTS": arguments.NONBLOCKING_ARGUMENTS,
    "DISAGREEMENTS": disagreements.DISAGREEMENTS,
    "PRIMITIVE_COVERAGE": layers.PRIMITIVE_COVERAGE,
}


def test_every_table_directive_has_its_imported_table() -> None:
    assert {directive.table_name for directive in TABLE_DIRECTIVES} == set(IMPORTED)


@pytest.mark.parametrize("directive", TABLE_DIRECTIVES, ids=lambda d: d.table_name)
def test_documented_table_reads_completely_and_matches_the_import(directive: Any) -> None:
    path = BACKEND_DIR / EXTENSION.DEFAULT_PATHS[directive.file_config]
    entries, problems = EXTENSION.sources.read_table(
        path, directive.table_name, directive.required, directive.optional
    )

    assert problems == []
    imported = IMPORTED[directive.table_name]
    assert len(entries) == len(imported)
    for entry, record in zip(entries, imported, strict=True):
        for field, value in entry.fields.items():
            assert value == getattr(record, field), f"{path.name}:{entry.line} `{field}`"


def test_primitive_reasons_shared_by_several_entries_are_named_constants() -> None:
    source = (BACKEND_DIR / EXTENSION.DEFAULT_PATHS["deerflow_static_primitives_file"]).read_text(
        encoding="utf-8"
    )
    reasons = [p.reason for p in primitives.PRIMITIVES]
    repeated = {reason for reason in reasons if reasons.count(reason) > 1}
    for reason in sorted(repeated):
        assert source.count(f'"{reason}"') == 1, f"write the shared reason once: {reason}"
