"""The table directives: `runtime-rules`, `static-rules`, `static-codes` and `peer-disagreements`.

Each reads one rules-as-data tuple from the backend (keyword string literals per entry) and renders
it, so the docs list exactly what the gate and the static detector enforce.
"""

from __future__ import annotations

from docutils import nodes

from .base import BackendDirective
from .render import code_block, paragraph, prose, table
from .sources import TableEntry, read_table

__all__ = [
    "TABLE_DIRECTIVES",
    "EntryKindsDirective",
    "LibraryFactsDirective",
    "NonBlockingArgumentsDirective",
    "PeerDisagreementsDirective",
    "RuntimeLayersDirective",
    "RuntimeRulesDirective",
    "StaticCodesDirective",
    "StaticRulesDirective",
]


def _code(text: str) -> nodes.literal:
    """Return `text` as inline code."""
    return nodes.literal(text, text)


class _TableDirective(BackendDirective):
    """Read a table from the file named by `file_config` and render it."""

    file_config = ""
    table_name = ""
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    def run(self) -> list[nodes.Node]:
        """Read the table, warn about malformed entries and render the rest."""
        path = self.backend_path(self.file_config)
        self.note_source(path)
        entries, problems = read_table(path, self.table_name, self.required, self.optional)
        self.report(problems)
        if not entries:
            return [paragraph(f"No entries could be read from `{self.table_name}`.")]
        return self.render(entries)

    def render(self, entries: list[TableEntry]) -> list[nodes.Node]:
        """Return the nodes for the well-formed entries."""
        raise NotImplementedError


class RuntimeRulesDirective(_TableDirective):
    """Table of the gate's extra rules: primitive and reason."""

    file_config = "deerflow_runtime_rules_file"
    table_name = "_PROJECT_BLOCKING_RULES"
    required = ("target", "reason")

    def render(self, entries: list[TableEntry]) -> list[nodes.Node]:
        """Render one row per project rule."""
        rows = [[_code(e.fields["target"]), e.fields["reason"]] for e in entries]
        return [table(("Primitive", "Reason"), rows, widths=(30, 70), classes=["deerflow-rules"])]


class RuntimeLayersDirective(_TableDirective):
    """Table of which gate layer covers which primitive, and which primitives stay blind."""

    file_config = "deerflow_runtime_layers_file"
    table_name = "PRIMITIVE_COVERAGE"
    required = ("primitive", "layers", "status", "reason")

    def render(self, entries: list[TableEntry]) -> list[nodes.Node]:
        """Render one row per primitive (or group of primitives)."""
        rows = [
            [
                _code(e.fields["primitive"]),
                e.fields["layers"],
                e.fields["status"],
                e.fields["reason"],
            ]
            for e in entries
        ]
        headers = ("Primitive", "Layers", "Status", "Reason")
        return [table(headers, rows, widths=(25, 12, 10, 53), classes=["deerflow-layers"])]


class StaticRulesDirective(_TableDirective):
    """Table of the static detector's blocking primitives."""

    file_config = "deerflow_static_primitives_file"
    table_name = "PRIMITIVES"
    required = ("name", "operation", "priority")
    optional = ("hint",)

    def render(self, entries: list[TableEntry]) -> list[nodes.Node]:
        """Render one row per primitive; a primitive without a hint shows a dash."""
        rows = [
            [
                _code(e.fields["name"]),
                e.fields["operation"],
                e.fields["priority"],
                _code(e.fields["hint"]) if "hint" in e.fields else "—",
            ]
            for e in entries
        ]
        headers = ("Primitive", "Operation", "Priority", "Hint")
        return [table(headers, rows, widths=(30, 15, 10, 45), classes=["deerflow-primitives"])]


class StaticCodesDirective(_TableDirective):
    """Each finding code with its summary and the four-part explanation."""

    file_config = "deerflow_static_rules_file"
    table_name = "RULES"
    required = ("code", "name", "summary", "what", "why", "example", "instead")
    optional = ("exposure", "message")

    def render(self, entries: list[TableEntry]) -> list[nodes.Node]:
        """Render each code as a rubric, its summary and the explanation; code parts as blocks."""
        result: list[nodes.Node] = []
        for entry in entries:
            fields = entry.fields
            title = f"{fields['code']} {fields['name']}"
            rubric = nodes.rubric(title, title)
            rubric["ids"].append(nodes.make_id(fields["code"]))
            rubric["classes"].append("deerflow-code")
            result.append(rubric)
            result.append(paragraph(fields["summary"]))
            parts = [
                ("What it checks", prose(fields["what"])),
                ("Why it is bad", prose(fields["why"])),
                ("Example", [code_block(fields["example"])]),
                ("Use instead", [code_block(fields["instead"])]),
            ]
            for label, key in (("Exposure", "exposure"), ("Message", "message")):
                if key in fields:
                    parts.append((label, [nodes.paragraph("", "", _code(fields[key]))]))
            items = [
                nodes.definition_list_item(
                    "", nodes.term(label, label), nodes.definition("", *body)
                )
                for label, body in parts
            ]
            result.append(nodes.definition_list("", *items))
        return result




class EntryKindsDirective(_TableDirective):
    """Table of the static detector's loop entry kinds, in the order their chains are shown."""

    file_config = "deerflow_static_entrykinds_file"
    table_name = "ENTRY_KINDS"
    required = ("name", "reason")

    def render(self, entries: list[TableEntry]) -> list[nodes.Node]:
        """Render one row per entry kind."""
        rows = [[_code(e.fields["name"]), e.fields["reason"]] for e in entries]
        return [table(("Entry kind", "Why"), rows, widths=(20, 80), classes=["deerflow-rules"])]


class LibraryFactsDirective(_TableDirective):
    """Table of the library facts: blocking library calls that source analysis cannot see."""

    file_config = "deerflow_static_libfacts_file"
    table_name = "LIBRARY_FACTS"
    required = ("name", "distribution", "when", "operation", "priority", "reason")
    optional = ("hint",)

    def render(self, entries: list[TableEntry]) -> list[nodes.Node]:
        """Render one row per fact."""
        rows = [
            [
                _code(e.fields["name"]),
                e.fields["distribution"],
                e.fields["when"],
                e.fields["priority"],
                e.fields["reason"],
            ]
            for e in entries
        ]
        headers = ("Call", "Distribution", "When", "Priority", "Why it blocks")
        return [table(headers, rows, widths=(26, 14, 9, 8, 43), classes=["deerflow-rules"])]


class NonBlockingArgumentsDirective(_TableDirective):
    """Table of the arguments that make a blocking primitive not block."""

    file_config = "deerflow_static_arguments_file"
    table_name = "NONBLOCKING_ARGUMENTS"
    required = ("primitive", "keyword", "reason")

    def render(self, entries: list[TableEntry]) -> list[nodes.Node]:
        """Render one row per argument rule."""
        rows = [
            [_code(e.fields["primitive"]), _code(e.fields["keyword"]), e.fields["reason"]]
            for e in entries
        ]
        headers = ("Primitive", "Argument", "Why it does not block")
        return [table(headers, rows, widths=(30, 15, 55), classes=["deerflow-rules"])]


class PeerDisagreementsDirective(_TableDirective):
    """Table of the labels of the peers' suite that the detector deliberately does not share."""

    file_config = "deerflow_peer_disagreements_file"
    table_name = "DISAGREEMENTS"
    required = ("files", "function", "code", "kind", "reason")

    def render(self, entries: list[TableEntry]) -> list[nodes.Node]:
        """Render one row per disagreement: where, which line, which kind and why."""
        rows = [
            [
                _code(e.fields["files"]),
                _code(e.fields["function"] or "<module>"),
                _code(e.fields["code"]),
                e.fields["kind"],
                e.fields["reason"],
            ]
            for e in entries
        ]
        headers = ("Eval files", "Function", "Line", "Kind", "Reason")
        widths = (14, 16, 22, 10, 38)
        return [table(headers, rows, widths=widths, classes=["deerflow-disagreements"])]


# Every directive that renders a table; the tests read each table with the same reader.
TABLE_DIRECTIVES: tuple[type[_TableDirective], ...] = (
    RuntimeRulesDirective,
    RuntimeLayersDirective,
    StaticRulesDirective,
    StaticCodesDirective,
    EntryKindsDirective,
    NonBlockingArgumentsDirective,
    PeerDisagreementsDirective,
)
