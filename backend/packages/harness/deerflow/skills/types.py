"""Skill value types: the `Skill` record and the names of skill categories."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = ["SKILL_CATEGORIES", "SKILL_FILENAME", "Skill", "SkillCategory"]

SkillCategory = Literal["public", "custom"]

# Walk order matters: a later category overrides an earlier one with the same skill name.
SKILL_CATEGORIES: tuple[SkillCategory, ...] = ("public", "custom")

SKILL_FILENAME = "SKILL.md"


@dataclass(frozen=True)
class Skill:
    """One skill discovered on disk.

    Attributes:
        name: The `name` from the front matter; unique within a loaded set.
        description: The `description` from the front matter.
        category: `"public"` or `"custom"`, from the top-level directory the skill lives under.
        path: The skill directory (the one holding `SKILL.md`).
        metadata: Every other front-matter key, as parsed by YAML.
    """

    name: str
    description: str
    category: SkillCategory
    path: Path
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def skill_file(self) -> Path:
        """Return the path of this skill's `SKILL.md`."""
        return self.path / SKILL_FILENAME
