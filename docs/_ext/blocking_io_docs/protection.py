"""The `protection-coverage` directive: the figures of `make blocking-io-coverage`, as tables.

It reads the JSON the command writes (`deerflow_coverage_file`, relative to the backend root) and
notes it as a page dependency. Without the file (a fresh checkout) it says how to produce it
instead of failing the build: the figures depend on a test run, not on the source alone.
"""

from __future__ import annotations

import json

from docutils import nodes

from .base import BackendDirective
from .render import paragraph, table

__all__ = ["ProtectionCoverageDirective"]

NO_COVERAGE = (
    "No coverage report at `{path}`; run `make test`, `make detect-blocking-io` and "
    "`make blocking-io-coverage`, then rebuild the docs."
)


def _code(text: str) -> nodes.literal:
    return nodes.literal(text, text)


class ProtectionCoverageDirective(BackendDirective):
    """Render the three protection-coverage figures from the coverage JSON."""

    def run(self) -> list[nodes.Node]:
        """Read the report and render entries by kind, unprotected items and missed catches."""
        path = self.backend_path("deerflow_coverage_file").resolve()
        if not path.is_file():
            return [paragraph(NO_COVERAGE.format(path=path.name))]
        self.note_source(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        share = data["executed_share"] * 100
        result: list[nodes.Node] = [
            paragraph(
                f"Loop entries executed under the gate: {share:.1f} % "
                f"(in {data['gated_tests']} gated tests)."
            )
        ]
        rows = [
            [kind, str(c["total"]), str(c["executed"]), str(c["total"] - c["executed"])]
            for kind, c in data["entries"].items()
        ]
        headers = ("Entry kind", "Entries", "Executed", "Unprotected")
        result.append(table(headers, rows, widths=(25, 25, 25, 25), classes=["deerflow-cov"]))
        entries = [
            [_code(f"{e['path']}:{e['line']}"), e["function"], e["kind"]]
            for e in data["unprotected_entries"]
        ]
        if entries:
            headers = ("Unprotected entry", "Function", "Kind")
            result.append(table(headers, entries, widths=(50, 35, 15), classes=["deerflow-cov"]))
        findings = [
            [_code(f"{f['path']}:{f['line']}"), f["code"], f["priority"], _code(f["call"])]
            for f in data["unprotected_findings"]
        ]
        result.append(paragraph(f"HIGH/MEDIUM findings no gated test runs: {len(findings)}."))
        if findings:
            headers = ("Finding", "Code", "Priority", "Call")
            result.append(
                table(headers, findings, widths=(40, 15, 15, 30), classes=["deerflow-cov"])
            )
        missed = data["missed_by_static"]
        result.append(paragraph(f"Runtime catches the static detector missed: {len(missed)}."))
        if missed:
            rows = [
                [_code(f"{c['path']}:{c['line']}"), _code(c["primitive"]), c["test"]]
                for c in missed
            ]
            headers = ("Catch", "Primitive", "Test")
            result.append(table(headers, rows, widths=(35, 20, 45), classes=["deerflow-cov"]))
        return result
