"""Warning templates of the docs extension; the tests import them instead of retyping the text.

Each is one sentence: what is wrong, the thing involved in backticks, then the remedy after a
semicolon. Sphinx prefixes the file and line, so the templates do not repeat them.
"""

from __future__ import annotations

__all__ = [
    "ANCHOR_WITHOUT_DOCSTRING",
    "ENTRY_FIELD_MISSING",
    "ENTRY_FIELD_NOT_LITERAL",
    "ENTRY_NOT_A_CALL",
    "ENTRY_POSITIONAL",
    "MODULE_WITHOUT_DOCSTRING",
    "PACKAGE_MISSING",
    "PARSER_UNAVAILABLE",
    "NO_ANCHORS",
    "SOURCE_MISSING",
    "SOURCE_UNPARSABLE",
    "SOURCE_UNREADABLE",
    "TABLE_MISSING",
    "TABLE_NOT_LITERAL",
]

SOURCE_MISSING = "Source file `{path}` does not exist; check the path in conf.py"
SOURCE_UNREADABLE = "Source file `{path}` cannot be read ({error}); fix the file"
SOURCE_UNPARSABLE = "Source file `{path}` does not parse ({error}); fix the syntax error"
ANCHOR_WITHOUT_DOCSTRING = (
    "Anchor module `{name}` has no module docstring; add one whose first line summarises the "
    "entry point it drives and the guarantee it checks"
)
NO_ANCHORS = "No anchor modules (`test_*.py`) found in `{directory}`; check `{setting}` in conf.py"
TABLE_MISSING = (
    "Table `{table}` is not assigned at module level in `{file}`; declare it as a tuple of calls "
    "with keyword arguments"
)
TABLE_NOT_LITERAL = (
    "Table `{table}` in `{file}` is not a literal tuple; write it as `(Entry(...), ...)` so the "
    "docs can read it without importing"
)
ENTRY_NOT_A_CALL = (
    "Entry `{entry}` in `{file}` is not a call; write each entry as a call with keyword arguments"
)
ENTRY_POSITIONAL = (
    "Entry `{entry}(...)` in `{file}` has positional arguments that cannot be matched to fields; "
    "use keyword arguments"
)
ENTRY_FIELD_MISSING = 'Entry `{entry}(...)` in `{file}` has no `{field}`; add `{field}="..."`'
ENTRY_FIELD_NOT_LITERAL = (
    "Field `{field}` of `{entry}(...)` in `{file}` is neither a string literal nor the name of a "
    "module-level string constant; write it as one of those"
)
MODULE_WITHOUT_DOCSTRING = (
    "Module `{name}` has no module docstring; open it with one line saying what it holds"
)
PACKAGE_MISSING = "Package directory `{path}` does not exist; check `{setting}` in conf.py"
PARSER_UNAVAILABLE = (
    "Cannot build the argument parser `{target}` ({error}); check `{setting}` in conf.py and "
    "that the package is installed in the docs environment"
)
