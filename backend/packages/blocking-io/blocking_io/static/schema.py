"""JSON Schema of the report the CLI writes with ``--format json``; tests validate against it."""

from __future__ import annotations

from typing import Any

from .entrykinds import ENTRY_KINDS
from .primitives import OPERATIONS, PRIORITIES
from .report import EXPOSURES
from .rules import RULES, SUPPRESSION

__all__ = ["REPORT_SCHEMA"]

_EXPOSURES = list(EXPOSURES)
_OPERATIONS = [*OPERATIONS, SUPPRESSION]
_CODES = [rule.code for rule in RULES]
_KINDS = [kind.name for kind in ENTRY_KINDS]


def _counts(keys: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {key: {"type": "integer", "minimum": 0} for key in keys},
        "required": keys,
        "additionalProperties": False,
    }


_HOP = {
    "type": "object",
    "properties": {
        "function": {"type": "string"},
        "path": {"type": "string"},
        "line": {"type": "integer", "minimum": 1},
    },
    "required": ["function", "path", "line"],
    "additionalProperties": False,
}

_ENTRY = {
    "type": "object",
    "properties": {
        "entry": {"type": "string"},
        "kind": {"enum": _KINDS},
        "chain": {"type": "array", "items": _HOP, "minItems": 1},
    },
    "required": ["entry", "kind", "chain"],
    "additionalProperties": False,
}

_UNIT = {
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "path": {"type": "string"},
        "line": {"type": "integer", "minimum": 1},
        "function": {"type": "string"},
        "callee": {"type": "string"},
    },
    "required": ["id", "path", "line", "function", "callee"],
    "additionalProperties": False,
}

_LIBRARY = {
    "type": "object",
    "properties": {
        "distribution": {"type": "string"},
        "version": {"type": "string"},
        "function": {"type": "string"},
        "call": {"type": "string"},
        "when": {"enum": ["always", "some-paths", "first-use"]},
        "reachable": {"type": "integer", "minimum": 1},
        "chain": {"type": "array", "items": _HOP},
    },
    "required": ["distribution", "version", "function", "call", "when", "reachable", "chain"],
    "additionalProperties": False,
}

_FINDING = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
        "code": {"enum": _CODES},
        "rule": {"enum": [rule.name for rule in RULES]},
        "path": {"type": "string"},
        "line": {"type": "integer", "minimum": 1},
        "column": {"type": "integer", "minimum": 1},
        "function": {"type": "string"},
        "call": {"type": "string"},
        "operation": {"enum": _OPERATIONS},
        "priority": {"enum": list(PRIORITIES)},
        "exposure": {"enum": _EXPOSURES},
        "chain": {"type": "array", "items": _HOP, "minItems": 1},
        "entry_kind": {"enum": [*_KINDS, None]},
        "production": {"type": "boolean"},
        "entry_count": {"type": "integer", "minimum": 0},
        "entry_kinds": {
            "type": "object",
            "additionalProperties": {"type": "integer", "minimum": 1},
        },
        "entries": {"type": "array", "items": _ENTRY},
        "unit": _UNIT,
        "message": {"type": "string"},
        "reason": {"type": "string"},
        "hint": {"type": "string"},
        "snippet": {"type": "string"},
        "library": _LIBRARY,
    },
    "required": [
        "id",
        "code",
        "rule",
        "path",
        "line",
        "column",
        "function",
        "call",
        "operation",
        "priority",
        "exposure",
        "chain",
        "entry_kind",
        "production",
        "entry_count",
        "entry_kinds",
        "entries",
        "unit",
        "message",
        "reason",
        "hint",
        "snippet",
    ],
    "additionalProperties": False,
}

_ERROR = {
    "type": "object",
    "properties": {
        "path": {"type": "string"},
        "line": {"type": ["integer", "null"]},
        "reason": {"type": "string"},
    },
    "required": ["path", "line", "reason"],
    "additionalProperties": False,
}

_WARNING = {
    "type": "object",
    "properties": {
        "path": {"type": "string"},
        "line": {"type": "integer", "minimum": 1},
        "message": {"type": "string"},
    },
    "required": ["path", "line", "message"],
    "additionalProperties": False,
}

_COMPARISON = {
    "type": "object",
    "properties": {
        "against": {"type": "string"},
        "baseline": {"type": ["string", "null"]},
        "known": {"type": "integer", "minimum": 0},
        "fixed": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "string"}},
                "required": ["id"],
            },
        },
    },
    "required": ["against", "baseline", "known", "fixed"],
    "additionalProperties": False,
}

_SKIPPED = {
    "type": "object",
    "properties": {"path": {"type": "string"}, "reason": {"type": "string"}},
    "required": ["path", "reason"],
    "additionalProperties": False,
}

REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Blocking IO static analysis report",
    "type": "object",
    "properties": {
        "tool": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "version": {"type": "string"}},
            "required": ["name", "version"],
        },
        "roots": {"type": "array", "items": {"type": "string"}},
        "counts": {
            "type": "object",
            "properties": {
                "total": {"type": "integer", "minimum": 0},
                "by_priority": _counts(list(PRIORITIES)),
                "by_operation": _counts(_OPERATIONS),
                "by_exposure": _counts(_EXPOSURES),
                "by_code": _counts(_CODES),
                "suppressed": {"type": "integer", "minimum": 0},
                "production": {"type": "integer", "minimum": 0},
                "units": {"type": "integer", "minimum": 0},
            },
            "required": [
                "total",
                "by_priority",
                "by_operation",
                "by_exposure",
                "by_code",
                "suppressed",
            ],
        },
        "findings": {"type": "array", "items": _FINDING},
        "errors": {"type": "array", "items": _ERROR},
        "skipped": {"type": "array", "items": _SKIPPED},
        "resolution": {
            "type": "object",
            "properties": {
                "calls": {"type": "integer", "minimum": 0},
                "resolved": {"type": "integer", "minimum": 0},
                "functions": {"type": "integer", "minimum": 0},
                "contexts": {"type": "integer", "minimum": 0},
                "unresolved": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "path": {"type": "string"},
                            "line": {"type": "integer", "minimum": 1},
                            "column": {"type": "integer", "minimum": 1},
                            "function": {"type": "string"},
                        },
                        "required": ["path", "line", "column", "function"],
                        "additionalProperties": False,
                    },
                },
            },
            "required": ["calls", "resolved", "functions", "contexts", "unresolved"],
            "additionalProperties": False,
        },
        "warnings": {"type": "array", "items": _WARNING},
        "comparison": _COMPARISON,
        "libraries": {
            "type": "object",
            "properties": {
                "origin": {"enum": ["--python", ".venv", "running interpreter"]},
                "python": {"type": "string"},
                "version": {"type": "string"},
                "loaded": {"type": "boolean"},
                "effects": {"type": "integer", "minimum": 0},
                "site": {"type": "array", "items": {"type": "string"}},
                "distributions": {"type": "integer", "minimum": 0},
                "modules": {"type": "integer", "minimum": 0},
                "lines": {"type": "integer", "minimum": 0},
                "compiled_only": {"type": "array", "items": {"type": "string"}},
                "cache_hits": {"type": "integer", "minimum": 0},
                "cache_misses": {"type": "integer", "minimum": 0},
                "truncated": {"type": "boolean"},
                "unreadable": {"type": "integer", "minimum": 0},
                "unanalysable": {"type": "integer", "minimum": 0},
                "seconds": {"type": "number"},
            },
            "required": ["origin", "python", "distributions", "modules", "cache_hits"],
        },
        "scan": {
            "type": "object",
            "properties": {
                "files": {"type": "integer"},
                "lines": {"type": "integer"},
                "seconds": {"type": "number"},
                "cache_hits": {"type": "integer"},
                "cache_misses": {"type": "integer"},
                "python": {"type": "string"},
                "reused_report": {"type": "boolean"},
                "reused_analysis": {"type": "boolean"},
            },
            "required": ["files", "lines", "seconds", "cache_hits", "cache_misses"],
        },
    },
    "required": ["tool", "roots", "counts", "findings", "errors", "skipped", "warnings", "scan"],
    "additionalProperties": False,
}
