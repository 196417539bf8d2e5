"""`SubagentExecutor._load_skills` discovers and filters skills on disk off the event loop.

Drives the production `SubagentExecutor._load_skills()` against a real `LocalSkillStorage` over a
skills tree under `tmp_path` (public and custom skills, a nested skill, a custom skill overriding a
public one, a malformed `SKILL.md`), with and without a `skills` filter in the subagent config.
It guards both offload sites in `deerflow/subagents/executor.py`:

- `get_or_new_skill_storage`: resolving the skills root follows it on disk (`os.lstat`);
- `LocalSkillStorage.load_skills`: the directory walk (`os.scandir`) and the `SKILL.md` reads.

The bug shape is the storage lookup or the walk called directly from the async method. Reverting
either `asyncio.to_thread` offload must turn this module red.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from deerflow.config import AppConfig, SkillsConfig
from deerflow.skills import Skill
from deerflow.subagents import BUILTIN_SUBAGENTS, SubagentConfig, SubagentExecutor
from tests.blocking_io._anchor_support import (
    MALFORMED_SKILL_DIR,
    SKILL_TREE,
    expected_skills,
    write_skill_tree,
)

WANTED = ["summarise", "charts", "not-installed"]


@pytest.fixture
def skills_root(tmp_path: Path) -> Path:
    root = tmp_path / "skills"
    write_skill_tree(root)
    return root


@pytest.fixture
def app_config(skills_root: Path) -> AppConfig:
    # Built off the loop: the other sections' defaults resolve paths when constructed.
    return AppConfig(skills=SkillsConfig(path=skills_root))


def _summary(skills: list[Skill]) -> list[tuple[str, str, str]]:
    return [(skill.name, skill.category, skill.description) for skill in skills]


async def test_load_skills_applies_custom_override_and_config_filter(
    app_config: AppConfig, skills_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    subagent = SubagentConfig("filtered", "Sees a few skills.", "You are filtered.", WANTED)
    executor = SubagentExecutor(subagent, [], app_config)

    skills = await executor._load_skills()

    assert _summary(skills) == expected_skills(only=WANTED)
    override = next(skill for skill in skills if skill.name == "summarise")
    assert override.path == skills_root / "custom" / "house-summary"
    assert "not-installed" in caplog.text


async def test_load_skills_without_filter_returns_every_valid_skill(
    app_config: AppConfig, skills_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    executor = SubagentExecutor(BUILTIN_SUBAGENTS["general-purpose"], [], app_config)

    with caplog.at_level(logging.WARNING, logger="deerflow.skills"):
        skills = await executor._load_skills()

    assert _summary(skills) == expected_skills()
    assert len(skills) < len(SKILL_TREE)
    assert {skill.skill_file for skill in skills} <= {
        skills_root / spec.category / spec.dirname / "SKILL.md" for spec in SKILL_TREE
    }
    assert str(skills_root / MALFORMED_SKILL_DIR / "SKILL.md") in caplog.text


async def test_load_skills_twice_reuses_the_cached_storage_and_rereads_the_tree(
    app_config: AppConfig, skills_root: Path
) -> None:
    executor = SubagentExecutor(BUILTIN_SUBAGENTS["general-purpose"], [], app_config)
    before = await executor._load_skills()
    added = skills_root / "custom" / "late-addition"
    added.mkdir()
    (added / "SKILL.md").write_text(
        "---\nname: late\ndescription: Added between loads.\n---\n", encoding="utf-8"
    )

    after = await executor._load_skills()

    assert [skill.name for skill in after] == sorted([skill.name for skill in before] + ["late"])
