"""SARIF 2.1.0 output: rules with help links, results with their chains as code flows.

Locations are relative URIs against ``%SRCROOT%`` (the project root, given in
``originalUriBaseIds`` when known), so code-scanning services map them onto the checkout. Each
result carries the chain from its loop entry as a ``codeFlows`` thread flow (one flow per entry
when the finding lists its ``entries``). Files that could not be parsed, and malformed
suppression comments, are tool execution notifications of the run's invocation. Rules link
their docs section (``helpUri``) and the tool its docs page (``informationUri``) only when the
configuration says where the docs are published (``docs-url``); no address is guessed.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from .rules import DETECTOR_PAGE, RULES, docs_page_uri, rule_help_uri

__all__ = ["SARIF_SCHEMA_URI", "SRCROOT", "render_sarif"]

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
_LEVELS = {"high": "error", "medium": "warning", "low": "note"}


def _artifact(path: str) -> dict:
    if path.startswith("/"):
        return {"uri": Path(path).as_uri()}
    # A byte that is not UTF-8 in a file name (surrogate-escaped) is percent-encoded as itself.
    return {"uri": quote(path, errors="surrogateescape"), "uriBaseId": SRCROOT}


def _location(path: str, line: int, column: int | None = None, message: str = "") -> dict:
    region: dict = {"startLine": max(line, 1)}
    if column is not None:
        region["startColumn"] = column
    location: dict = {"physicalLocation": {"artifactLocation": _artifact(path), "region": region}}
    if message:
        location["message"] = {"text": message}
    return location


def _flows(finding: dict) -> list[dict]:
    chains = [entry["chain"] for entry in finding.get("entries", [])] or [finding["chain"]]
    inside = finding.get("library", {}).get("chain", [])
    if inside:  # the chain goes on inside the library, under its site directory
        chains = [[*chain, *inside] for chain in chains]
    return [
        {
            "threadFlows": [
                {
                    "locations": [
                        {"location": _location(hop["path"], hop["line"], message=hop["function"])}
                        for hop in chain
                    ]
                }
            ]
        }
        for chain in chains
        if chain
    ]


def _rules(docs_url: str | None) -> list[dict]:
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": f"{rule.what} {rule.why}"},
            "help": {
                "text": f"{rule.why}\n\nExample:\n{rule.example}\n\nUse instead:\n{rule.instead}",
                "markdown": f"{rule.why}\n\nExample:\n\n```python\n{rule.example}\n```\n\n"
                f"Use instead:\n\n```python\n{rule.instead}\n```",
            },
        }
        for rule in RULES
    ]
    if docs_url is not None:
        for rule, entry in zip(RULES, rules, strict=True):
            entry["helpUri"] = rule_help_uri(rule.code, docs_url)
    return rules


def _result(finding: dict, index: dict[str, int]) -> dict:
    result = {
        "ruleId": finding["code"],
        "ruleIndex": index[finding["code"]],
        "level": _LEVELS[finding["priority"]],
        "message": {"text": finding["message"]},
        "partialFingerprints": {"blockingIo/v1": finding["id"]},
        "locations": [_location(finding["path"], finding["line"], finding["column"])],
        "properties": {"priority": finding["priority"], "exposure": finding["exposure"]},
    }
    flows = _flows(finding)
    if flows:
        result["codeFlows"] = flows
    return result


def _notifications(report: dict) -> list[dict]:
    notes = [
        {
            "level": "error",
            "message": {"text": f"Could not analyse the file: {error['reason']}"},
            "locations": [_location(error["path"], error["line"] or 1)],
        }
        for error in report["errors"]
    ]
    notes += [
        {
            "level": "warning",
            "message": {"text": warning["message"]},
            "locations": [_location(warning["path"], warning["line"])],
        }
        for warning in report.get("warnings", [])
    ]
    return notes


def render_sarif(report: dict, root: Path | None = None, docs_url: str | None = None) -> str:
    """Return the report as a SARIF 2.1.0 log.

    Args:
        report: the scan report.
        root: the directory ``%SRCROOT%`` names (None: not given).
        docs_url: where the docs are published (None: no help links).
    """
    index = {rule.code: position for position, rule in enumerate(RULES)}
    driver: dict = {"name": report["tool"]["name"], "version": report["tool"]["version"]}
    if docs_url is not None:
        driver["informationUri"] = docs_page_uri(docs_url, DETECTOR_PAGE)
    driver["rules"] = _rules(docs_url)
    run: dict = {
        "tool": {"driver": driver},
        "invocations": [
            {"executionSuccessful": True, "toolExecutionNotifications": _notifications(report)}
        ],
        "results": [_result(finding, index) for finding in report["findings"]],
    }
    if root is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root.resolve().as_uri() + "/"}}
    sarif = {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, indent=2) + "\n"
