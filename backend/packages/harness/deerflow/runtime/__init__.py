"""Harness runtime: run-event stores, the checkpointer provider and SQLite path helpers.

Subpackages are imported explicitly (`deerflow.runtime.events`, `deerflow.runtime.checkpointer`,
`deerflow.runtime.store`) so importing this package stays cheap.
"""

__all__: list[str] = []
