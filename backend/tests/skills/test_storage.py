"""LocalSkillStorage discovery: layout, overrides, skipped files and the per-root cache."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from deerflow.config import AppConfig, SkillsConfig
from deerflow.skills import (
    LocalSkillStorage,
    clear_skill_storage_cache,
    get_or_new_skill_storage,
)
from deerflow.skills.parser import MSG_MISSING_KEY, MSG_NO_FRONT_MATTER, MSG_UNTERMINATED

STORAGE_LOGGER = "deerflow.skills.storage"


def _write_skill(root: Path, rel: str, body: str | bytes) -> Path:
    skill_file = root / rel / "SKILL.md"
    skill_file.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(body, bytes):
        skill_file.write_bytes(body)
    else:
        skill_file.write_text(body, encoding="utf-8")
    return skill_file


def _front(name: str, description: str, **extra: str) -> str:
    lines = [f"name: {name}", f"description: {description}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "---\n" + "\n".join(lines) + "\n---\n# Body\n"


def test_load_skills_finds_public_and_custom_sorted_by_name(tmp_path: Path) -> None:
    _write_skill(tmp_path, "public/zeta", _front("zeta", "Last."))
    _write_skill(tmp_path, "custom/alpha", _front("alpha", "First.", owner="me"))

    skills = LocalSkillStorage(tmp_path).load_skills()

    assert [(s.name, s.category) for s in skills] == [("alpha", "custom"), ("zeta", "public")]
    assert skills[0].path == tmp_path / "custom" / "alpha"
    assert skills[0].metadata == {"owner": "me"}


def test_load_skills_walks_nested_directories(tmp_path: Path) -> None:
    _write_skill(tmp_path, "public/group/sub/deep", _front("deep", "Nested."))
    _write_skill(tmp_path, "public/group", _front("group", "Parent."))

    names = [s.name for s in LocalSkillStorage(tmp_path).load_skills()]

    assert names == ["deep", "group"]


def test_load_skills_ignores_other_top_level_dirs_and_hidden_dirs(tmp_path: Path) -> None:
    _write_skill(tmp_path, "private/secret", _front("secret", "Not a category."))
    _write_skill(tmp_path, "public/.git/hidden", _front("hidden", "Hidden dir."))
    _write_skill(tmp_path, "public/shown", _front("shown", "Visible."))

    names = [s.name for s in LocalSkillStorage(tmp_path).load_skills()]

    assert names == ["shown"]


def test_load_skills_custom_overrides_public_of_the_same_name(tmp_path: Path) -> None:
    _write_skill(tmp_path, "public/search", _front("search", "Public search."))
    _write_skill(tmp_path, "custom/my-search", _front("search", "My search."))

    skills = LocalSkillStorage(tmp_path).load_skills()

    assert len(skills) == 1
    assert (skills[0].description, skills[0].category) == ("My search.", "custom")


def test_load_skills_keeps_the_first_duplicate_within_a_category(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _write_skill(tmp_path, "public/a", _front("dup", "From a."))
    second = _write_skill(tmp_path, "public/b", _front("dup", "From b."))

    with caplog.at_level(logging.WARNING, logger=STORAGE_LOGGER):
        skills = LocalSkillStorage(tmp_path).load_skills()

    assert [s.description for s in skills] == ["From a."]
    assert any(str(second) in r.getMessage() for r in caplog.records)


def test_load_skills_missing_root_returns_nothing(tmp_path: Path) -> None:
    assert LocalSkillStorage(tmp_path / "absent").load_skills() == []


def test_load_skills_missing_category_logs_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _write_skill(tmp_path, "public/only", _front("only", "Only public."))

    with caplog.at_level(logging.WARNING, logger=STORAGE_LOGGER):
        skills = LocalSkillStorage(tmp_path).load_skills()

    assert [s.name for s in skills] == ["only"]
    assert caplog.records == []


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        pytest.param("no front matter\n", MSG_NO_FRONT_MATTER, id="no-front-matter"),
        pytest.param("---\nname: x\n", MSG_UNTERMINATED, id="unterminated"),
        pytest.param("---\nname: [oops\n---\n", "not valid YAML", id="yaml-error"),
        pytest.param("---\n- 1\n---\n", "must be a YAML mapping", id="non-mapping"),
        pytest.param(
            "---\ndescription: d\n---\n", MSG_MISSING_KEY.format(key="name"), id="no-name"
        ),
        pytest.param("---\nname: n\ndescription: 5\n---\n", "`description` must be", id="int-desc"),
        pytest.param(b"---\nname: \xff\ndescription: d\n---\n", "not valid UTF-8", id="not-utf8"),
    ],
)
def test_load_skills_skips_malformed_files_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, body: str | bytes, problem: str
) -> None:
    bad = _write_skill(tmp_path, "custom/bad", body)
    _write_skill(tmp_path, "public/good", _front("good", "Still loads."))

    with caplog.at_level(logging.WARNING, logger=STORAGE_LOGGER):
        skills = LocalSkillStorage(tmp_path).load_skills()

    assert [s.name for s in skills] == ["good"]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert f"`{bad}`" in warnings[0]
    assert problem in warnings[0]


def test_load_skills_rereads_the_tree_on_each_call(tmp_path: Path) -> None:
    storage = LocalSkillStorage(tmp_path)
    assert storage.load_skills() == []

    _write_skill(tmp_path, "custom/late", _front("late", "Added later."))

    assert [s.name for s in storage.load_skills()] == ["late"]


def test_get_or_new_skill_storage_caches_per_root(tmp_path: Path) -> None:
    first = AppConfig(skills=SkillsConfig(path=tmp_path / "one"))
    same_root = AppConfig(skills=SkillsConfig(path=tmp_path / "x" / ".." / "one"))
    other = AppConfig(skills=SkillsConfig(path=tmp_path / "two"))

    storage = get_or_new_skill_storage(first)

    assert storage.root == (tmp_path / "one").resolve()
    assert get_or_new_skill_storage(first) is storage
    assert get_or_new_skill_storage(same_root) is storage
    assert get_or_new_skill_storage(other) is not storage
    assert get_or_new_skill_storage(other).root == (tmp_path / "two").resolve()


def test_clear_skill_storage_cache_forgets_storages(tmp_path: Path) -> None:
    config = AppConfig(skills=SkillsConfig(path=tmp_path))
    storage = get_or_new_skill_storage(config)

    clear_skill_storage_cache()

    assert get_or_new_skill_storage(config) is not storage
