"""Message templates for configuration errors; tests import these instead of retyping the text."""

from __future__ import annotations

__all__ = [
    "BUILTIN_DEFAULTS_SOURCE",
    "INVALID_TOP_LEVEL",
    "INVALID_VALUE",
    "MISSING_FILE",
    "UNKNOWN_KEY",
    "UNPARSABLE_YAML",
    "UNREADABLE_FILE",
]

BUILTIN_DEFAULTS_SOURCE = "built-in defaults"

INVALID_VALUE = "Invalid value {value} for `{key}` in {source}; expected {expected}."
UNKNOWN_KEY = "Unknown key `{key}` (value {value}) in {source}; expected one of: {choices}."
INVALID_TOP_LEVEL = (
    "Invalid top level {value} in {source}; expected a mapping with keys: {choices}."
)
UNPARSABLE_YAML = "Could not parse YAML in {source}{where}: {problem}; fix the syntax."
MISSING_FILE = (
    "Config file {path} named by {origin} does not exist; point {origin} at an existing file"
    " or leave it unset to use the defaults."
)
UNREADABLE_FILE = "Could not read config file {path}: {problem}; check that it is a readable file."
