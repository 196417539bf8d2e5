"""Real files and configs the runtime anchors start from: skills trees, seeded runs, data homes.

Everything here is synchronous and runs in sync fixtures, before the code under test starts and
off the event loop. It builds the inputs the guarded IO reads; it never stands in for that IO.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from deerflow.config import DATA_HOME_ENV

__all__ = [
    "DATA_HOME_DIRNAME",
    "MALFORMED_SKILL_DIR",
    "SKILL_TREE",
    "SeededRun",
    "SkillSpec",
    "expected_skills",
    "seed_run",
    "use_relative_data_home",
    "write_skill_tree",
]

# Name of the data home below the working directory that `use_relative_data_home` sets up.
DATA_HOME_DIRNAME = "home"


@dataclass(frozen=True)
class SkillSpec:
    """One `SKILL.md` to write: where it lives and its front matter."""

    category: str
    dirname: str
    name: str
    description: str


# Public and custom skills, a nested skill and a custom skill overriding a public one by name.
SKILL_TREE: tuple[SkillSpec, ...] = (
    SkillSpec("public", "web-search", "web-search", "Search the web."),
    SkillSpec("public", "summarise", "summarise", "Summarise a document."),
    SkillSpec("public", "data/charts", "charts", "Draw charts from tables."),
    SkillSpec("custom", "house-summary", "summarise", "Summarise in the house style."),
    SkillSpec("custom", "notes", "notes", "Keep notes for later runs."),
)
# A skill directory whose SKILL.md has no front matter: skipped with a warning.
MALFORMED_SKILL_DIR = "custom/broken"


def write_skill_tree(root: Path, specs: tuple[SkillSpec, ...] = SKILL_TREE) -> None:
    """Write `specs` as `<root>/<category>/<dirname>/SKILL.md`, plus one malformed skill."""
    for spec in specs:
        skill_dir = root / spec.category / spec.dirname
        skill_dir.mkdir(parents=True)
        front_matter = f"name: {spec.name}\ndescription: {spec.description}\n"
        (skill_dir / "SKILL.md").write_text(
            f"---\n{front_matter}---\n# {spec.name}\n", encoding="utf-8"
        )
    broken = root / MALFORMED_SKILL_DIR
    broken.mkdir(parents=True)
    (broken / "SKILL.md").write_text("# no front matter here\n", encoding="utf-8")


def expected_skills(
    specs: tuple[SkillSpec, ...] = SKILL_TREE, only: list[str] | None = None
) -> list[tuple[str, str, str]]:
    """Return `(name, category, description)` the tree should load: custom wins, sorted by name.

    `only` keeps the named skills, as a subagent's `skills` filter does.
    """
    by_name: dict[str, SkillSpec] = {}
    for spec in sorted(specs, key=lambda spec: spec.category != "public"):
        by_name[spec.name] = spec
    kept = [spec for name, spec in sorted(by_name.items()) if only is None or name in only]
    return [(spec.name, spec.category, spec.description) for spec in kept]


@dataclass(frozen=True)
class SeededRun:
    """A run file written before a store starts; `records` are its decoded lines."""

    thread_id: str
    run_id: str
    path: Path
    records: tuple[dict[str, Any], ...]

    @property
    def last_seq(self) -> int:
        """Return the highest seq in the file."""
        return max(record["seq"] for record in self.records)

    def of_category(self, category: str) -> list[dict[str, Any]]:
        """Return the seeded records of `category`, in seq order."""
        return [record for record in self.records if record["category"] == category]


def seed_run(
    base_dir: Path, thread_id: str, run_id: str, first_seq: int = 1, task: str = "seeded task"
) -> SeededRun:
    """Write a finished run in the JSONL store's on-disk layout and format, one record a line.

    The records are a run as the subagent executor leaves it: `run.start`, `message.human`,
    `message.ai` and `run.end`, with seqs counting up from `first_seq`.
    """
    shapes = (
        ("run.start", "lifecycle", {"subagent": "general-purpose", "task": task}),
        ("message.human", "message", task),
        ("message.ai", "message", f"answer to {task}"),
        ("run.end", "lifecycle", {"status": "completed"}),
    )
    records = tuple(
        {
            "thread_id": thread_id,
            "run_id": run_id,
            "seq": first_seq + offset,
            "event_type": event_type,
            "category": category,
            "content": content,
            "metadata": {},
            "created_at": f"2026-01-01T00:00:{offset:02d}.000000+00:00",
        }
        for offset, (event_type, category, content) in enumerate(shapes)
    )
    path = base_dir / "threads" / thread_id / "runs" / f"{run_id}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = (json.dumps(record, separators=(",", ":")) + "\n" for record in records)
    path.write_text("".join(lines), encoding="ascii")
    return SeededRun(thread_id, run_id, path, records)


def use_relative_data_home(monkeypatch: pytest.MonkeyPatch, workdir: Path) -> Path:
    """Run from `workdir` with a relative `DEER_FLOW_HOME`; return the data home's absolute path.

    Resolving a relative path under a relative data home asks the OS for the working directory
    (`os.getcwd`), so the resolution is real IO the gate sees when it runs on the loop.
    """
    monkeypatch.chdir(workdir)
    monkeypatch.setenv(DATA_HOME_ENV, DATA_HOME_DIRNAME)
    return Path(os.path.realpath(workdir)) / DATA_HOME_DIRNAME
