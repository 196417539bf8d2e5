"""Tooling that keeps blocking IO off the asyncio event loop.

- ``blocking_io.static``: the whole-program static detector (``blocking-io`` on the command line).
- ``blocking_io.runtime``: the runtime gate's machinery (rules, violations, the pytest plugin).
- ``blocking_io.teeth``: the offload-revert codemod and the teeth check built on it.
- ``blocking_io.evaluation``: scoring a detector report against labelled lines.
- ``blocking_io.config``: the project's ``[tool.blocking-io]`` table.
- ``blocking_io.layout``: how a project is found on disk (its root, data directory, skipped dirs).
- ``blocking_io.usage``: the one usage-error style of the package's command lines.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.4.0"
