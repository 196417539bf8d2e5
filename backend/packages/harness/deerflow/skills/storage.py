"""Skill storage on the local filesystem, and a per-root cache of storages.

Layout: `<root>/public/**/SKILL.md` and `<root>/custom/**/SKILL.md`. Everything here is
synchronous and does blocking file IO; async callers offload it with `asyncio.to_thread`.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from deerflow.skills.parser import SkillParseError, parse_skill_file
from deerflow.skills.types import SKILL_CATEGORIES, SKILL_FILENAME, Skill, SkillCategory

if TYPE_CHECKING:
    from deerflow.config import AppConfig

__all__ = ["LocalSkillStorage", "clear_skill_storage_cache", "get_or_new_skill_storage"]

logger = logging.getLogger(__name__)

MSG_SKIPPED = "Skipped skill file `%s`: %s; fix its front matter or remove the file."
MSG_DUPLICATE = (
    "Skipping skill `%s` in `%s`: the same name is already defined in `%s`; "
    "rename one of the skills."
)
MSG_OVERRIDE = "Custom skill `%s` in `%s` overrides the public skill in `%s`."
MSG_WALK_ERROR = "Cannot list skill directory `%s` (%s); skills under it are ignored."


class LocalSkillStorage:
    """Discover skills under a root directory; an absent root simply holds no skills."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"LocalSkillStorage(root={str(self.root)!r})"

    def load_skills(self) -> list[Skill]:
        """Return the valid skills under the root, sorted by name (blocking file IO).

        A malformed `SKILL.md` is skipped with a warning naming the file and the problem.
        A custom skill replaces a public skill of the same name; within one category the
        first path in sorted order wins and later duplicates are skipped with a warning.
        """
        by_name: dict[str, Skill] = {}
        for category in SKILL_CATEGORIES:
            for skill in self._load_category(category):
                self._merge(by_name, skill)
        return sorted(by_name.values(), key=lambda skill: skill.name)

    def _load_category(self, category: SkillCategory) -> list[Skill]:
        """Parse every `SKILL.md` under `<root>/<category>`, skipping malformed ones."""
        skills: list[Skill] = []
        for skill_file in self._skill_files(self.root / category):
            try:
                skills.append(parse_skill_file(skill_file, category=category))
            except SkillParseError as exc:
                logger.warning(MSG_SKIPPED, exc.path, exc.problem)
        return skills

    @staticmethod
    def _skill_files(top: Path) -> list[Path]:
        """Return the `SKILL.md` files below `top` in sorted path order (none if `top` is absent).

        Hidden directories (names starting with `.`) are not searched.
        """

        def _on_error(error: OSError) -> None:
            # A missing category directory is normal; anything else deserves a warning.
            if not isinstance(error, FileNotFoundError) or Path(error.filename) != top:
                logger.warning(MSG_WALK_ERROR, error.filename, error.strerror or error)

        found: list[Path] = []
        for dirpath, dirnames, filenames in os.walk(top, onerror=_on_error):
            dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
            if SKILL_FILENAME in filenames:
                found.append(Path(dirpath) / SKILL_FILENAME)
        return found

    @staticmethod
    def _merge(by_name: dict[str, Skill], skill: Skill) -> None:
        """Add `skill` to `by_name`, applying the override and duplicate rules."""
        existing = by_name.get(skill.name)
        if existing is None:
            by_name[skill.name] = skill
        elif existing.category == skill.category:
            logger.warning(MSG_DUPLICATE, skill.name, skill.skill_file, existing.skill_file)
        else:
            logger.info(MSG_OVERRIDE, skill.name, skill.skill_file, existing.skill_file)
            by_name[skill.name] = skill


_STORAGES: dict[Path, LocalSkillStorage] = {}
# Callers reach this from worker threads (via asyncio.to_thread), so guard the cache.
_STORAGES_LOCK = threading.Lock()


def get_or_new_skill_storage(config: AppConfig) -> LocalSkillStorage:
    """Return the storage for `config.skills.path`, creating it on first use.

    The cache key is the resolved root, so two spellings of one directory share a storage.
    Resolving touches the filesystem: call this off the event loop.
    """
    root = Path(config.skills.path).expanduser().resolve()
    with _STORAGES_LOCK:
        storage = _STORAGES.get(root)
        if storage is None:
            storage = _STORAGES[root] = LocalSkillStorage(root)
        return storage


def clear_skill_storage_cache() -> None:
    """Forget every cached storage (for tests and config reloads)."""
    with _STORAGES_LOCK:
        _STORAGES.clear()
