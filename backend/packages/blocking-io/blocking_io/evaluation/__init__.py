"""Score a blocking-IO detector against a corpus of labelled lines.

- ``labels``: read the ``# label: <kind> [hard]`` comments of a project into `Labels`.
- ``reports``: read a detector's JSON report or a ruff JSON report into scored `Location`s.
- ``scoring``: compare findings with labels line by line (`score`) and sum projects (`ToolRun`).
- ``suite``, ``peers``, ``report``, ``disagreements``: the peers' own labelled blocking-call suite
  (flake8-async's test files), scored minus a reasoned disagreement list (``make eval-peers``).

The package is pure: it reads files and text and never runs a tool; running the detector and ruff
is the job of the command line that uses it (``scripts/eval_static.py`` in this repository).
"""

from __future__ import annotations

from .labels import LABEL_KINDS, LabelError, Labels, Location, read_labels
from .reports import ToolError, parse_detector_report, parse_ruff_report, resolve_location
from .scoring import PRECISION_TARGET, RECALL_TARGET, Score, ToolRun, score

__all__ = [
    "LABEL_KINDS",
    "PRECISION_TARGET",
    "RECALL_TARGET",
    "LabelError",
    "Labels",
    "Location",
    "Score",
    "ToolError",
    "ToolRun",
    "parse_detector_report",
    "parse_ruff_report",
    "read_labels",
    "resolve_location",
    "score",
]
