"""Skills: SKILL.md discovery under `<root>/public` and `<root>/custom`, and its front matter."""

from deerflow.skills.parser import SkillParseError, parse_skill_file, parse_skill_text
from deerflow.skills.storage import (
    LocalSkillStorage,
    clear_skill_storage_cache,
    get_or_new_skill_storage,
)
from deerflow.skills.types import SKILL_CATEGORIES, SKILL_FILENAME, Skill, SkillCategory

__all__ = [
    "SKILL_CATEGORIES",
    "SKILL_FILENAME",
    "LocalSkillStorage",
    "Skill",
    "SkillCategory",
    "SkillParseError",
    "clear_skill_storage_cache",
    "get_or_new_skill_storage",
    "parse_skill_file",
    "parse_skill_text",
]
