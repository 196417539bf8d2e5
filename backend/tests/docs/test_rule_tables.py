"""The `runtime-rules`, `static-rules` and `static-codes` directives render the backend's tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.docs.docs_tree import MESSAGES, BuildResult, DocsTree, table_rows, visible_text


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Build the default fake tree once for the read-only assertions."""
    result = DocsTree(tmp_path_factory.mktemp("tables")).build()
    assert result.returncode == 0, result.warnings
    return result


def test_runtime_rules_renders_one_row_per_project_rule(clean_build: BuildResult) -> None:
    rows = table_rows(clean_build.html)
    assert ["Primitive", "Reason"] in rows
    assert ["builtins.open", "Opening a file stats and opens it."] in rows
    assert ["os.fsync", "Flushing to disk waits on the device."] in rows


def test_static_rules_renders_primitive_operation_priority_and_hint(
    clean_build: BuildResult,
) -> None:
    rows = table_rows(clean_build.html)
    assert ["Primitive", "Operation", "Priority", "Hint"] in rows
    assert ["time.sleep", "sleep", "high", "await asyncio.sleep(...)"] in rows
    assert ["os.walk", "filesystem", "medium", "—"] in rows


def test_static_codes_renders_summary_and_four_part_explanation(clean_build: BuildResult) -> None:
    text = visible_text(clean_build.html)
    assert "BIO101 blocking-call-in-async" in text
    assert "An async function calls a blocking primitive directly." in text
    assert "What it checks Calls to known blocking primitives inside async def bodies." in text
    assert "Why it is bad The loop cannot run other tasks while the call blocks." in text
    assert 'id="bio101"' in clean_build.html
    assert "Exposure direct" in text
    assert "Message Blocking call `{callee}` in async function `{function}`" in text


def test_static_codes_renders_example_and_remedy_as_code_blocks(
    clean_build: BuildResult,
) -> None:
    example, instead = clean_build.html.split("Example", 1)[1].split("Use instead", 1)
    instead = instead.split("Exposure", 1)[0]
    assert 'class="highlight-python' in example
    assert "time . sleep ( 1 )" in visible_text(example)
    assert 'class="highlight-python' in instead
    assert "await asyncio . sleep ( 1 )" in visible_text(instead)


def test_runtime_rules_warns_at_entry_line_for_non_literal_reason(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    gate = tree.write_backend(
        "tests/support/detectors/blocking_io_runtime.py",
        "_PROJECT_BLOCKING_RULES = (\n"
        '    ProjectRule(target="os.open", reason="Opens a descriptor."),\n'
        '    ProjectRule(target="os.fsync", reason=REASON),\n'
        ")\n",
    )

    result = tree.build()

    assert result.returncode != 0
    message = MESSAGES.ENTRY_FIELD_NOT_LITERAL.format(
        field="reason", entry="ProjectRule", file="blocking_io_runtime.py"
    )
    assert f"{gate}:3: WARNING: {message}" in result.warnings
    assert ["os.open", "Opens a descriptor."] in table_rows(result.html)


def test_static_rules_warns_at_entry_line_for_missing_field(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    primitives = tree.write_backend(
        "packages/blocking-io/blocking_io/static/primitives.py",
        'PRIMITIVES = (\n    Primitive(name="os.walk", priority="high"),\n)\n',
    )

    result = tree.build()

    assert result.returncode != 0
    message = MESSAGES.ENTRY_FIELD_MISSING.format(
        entry="Primitive", file="primitives.py", field="operation"
    )
    assert f"{primitives}:2: WARNING: {message}" in result.warnings


def test_static_rules_maps_positional_arguments_through_class_fields(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    tree.write_backend(
        "packages/blocking-io/blocking_io/static/primitives.py",
        "class Primitive:\n"
        "    name: str\n    operation: str\n    priority: str\n    hint: str | None = None\n\n"
        'PRIMITIVES = (Primitive("shutil.rmtree", "filesystem", "low", hint="offload it"),)\n',
    )

    result = tree.build()

    assert result.returncode == 0, result.warnings
    assert ["shutil.rmtree", "filesystem", "low", "offload it"] in table_rows(result.html)


def test_static_codes_warns_without_crashing_when_rules_file_is_missing(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    rules = tree.backend / "packages/blocking-io/blocking_io/static/rules.py"
    rules.unlink()

    result = tree.build()

    assert result.returncode != 0
    message = MESSAGES.SOURCE_MISSING.format(path=rules)
    assert f"{rules}:1: WARNING: {message}" in result.warnings
    assert "Exception occurred" not in result.warnings
    assert "No entries could be read from RULES" in visible_text(result.html)


def test_static_codes_warns_when_table_is_not_a_literal_tuple(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    rules = tree.write_backend(
        "packages/blocking-io/blocking_io/static/rules.py",
        '"""Rules."""\n\nRULES = tuple(make_rules())\n',
    )

    result = tree.build()

    assert result.returncode != 0
    message = MESSAGES.TABLE_NOT_LITERAL.format(table="RULES", file="rules.py")
    assert f"{rules}:3: WARNING: {message}" in result.warnings


def test_rule_tables_read_sources_without_importing_them(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    gate = tree.backend / "tests/support/detectors/blocking_io_runtime.py"
    gate.write_text(
        "import module_that_does_not_exist\n\n" + gate.read_text(encoding="utf-8"),
        encoding="utf-8",
    )

    result = tree.build()

    assert result.returncode == 0, result.warnings
    assert ["os.fsync", "Flushing to disk waits on the device."] in table_rows(result.html)


def test_runtime_rules_resolves_module_level_string_constants(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    tree.write_backend(
        "tests/support/detectors/blocking_io_runtime.py",
        'SHARED = "Waits on the disk."\n'
        "_PROJECT_BLOCKING_RULES = (\n"
        '    ProjectRule(target="os.open", reason=SHARED),\n'
        '    ProjectRule(target="os.fsync", reason=SHARED),\n'
        ")\n",
    )

    result = tree.build()

    assert result.returncode == 0, result.warnings
    rows = table_rows(result.html)
    assert ["os.open", "Waits on the disk."] in rows
    assert ["os.fsync", "Waits on the disk."] in rows


def test_runtime_rules_warns_for_a_name_bound_twice(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    gate = tree.write_backend(
        "tests/support/detectors/blocking_io_runtime.py",
        'SHARED = "First."\nSHARED = "Second."\n'
        "_PROJECT_BLOCKING_RULES = (\n"
        '    ProjectRule(target="os.open", reason=SHARED),\n'
        ")\n",
    )

    result = tree.build()

    assert result.returncode != 0
    message = MESSAGES.ENTRY_FIELD_NOT_LITERAL.format(
        field="reason", entry="ProjectRule", file="blocking_io_runtime.py"
    )
    assert f"{gate}:4: WARNING: {message}" in result.warnings


def test_peer_disagreements_renders_rows_with_named_reasons_resolved(tmp_path: Path) -> None:
    tree = DocsTree(tmp_path)
    tree.write_backend(
        "packages/blocking-io/blocking_io/evaluation/disagreements.py",
        'PURE = "Pure string work."\n'
        'UNREPORTED = "unreported"\n'
        "DISAGREEMENTS = (\n"
        '    Disagreement(files="async240.py", function="foo", code="normpath()",'
        " kind=UNREPORTED, reason=PURE),\n"
        '    Disagreement(files="async211.py", function="", code="x()", kind="extra",'
        " reason=MISSING),\n"
        ")\n",
    )
    index = tree.docs / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8") + "\n## Peers\n\n```{peer-disagreements}\n```\n",
        encoding="utf-8",
    )

    result = tree.build()

    assert ["async240.py", "foo", "normpath()", "unreported", "Pure string work."] in table_rows(
        result.html
    )
    message = MESSAGES.ENTRY_FIELD_NOT_LITERAL.format(
        field="reason", entry="Disagreement", file="disagreements.py"
    )
    assert message in result.warnings
