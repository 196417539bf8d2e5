"""SKILL.md front-matter parsing: valid files become skills, every malformed shape is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from deerflow.skills import Skill, SkillParseError, parse_skill_file, parse_skill_text
from deerflow.skills.parser import (
    MSG_BAD_VALUE,
    MSG_BAD_YAML,
    MSG_MISSING_KEY,
    MSG_NO_FRONT_MATTER,
    MSG_NOT_MAPPING,
    MSG_UNTERMINATED,
    split_front_matter,
)

SKILL_PATH = Path("/skills/public/demo/SKILL.md")


def _parse(text: str) -> Skill:
    return parse_skill_text(text, path=SKILL_PATH, category="public")


def test_parse_skill_text_reads_name_description_and_metadata() -> None:
    text = "---\nname: demo\ndescription: Does a demo.\nversion: 2\ntags: [a, b]\n---\n# Body\n"

    skill = _parse(text)

    assert skill.name == "demo"
    assert skill.description == "Does a demo."
    assert skill.category == "public"
    assert skill.path == SKILL_PATH.parent
    assert skill.skill_file == SKILL_PATH
    assert skill.metadata == {"version": 2, "tags": ["a", "b"]}


def test_parse_skill_text_accepts_crlf_and_bom() -> None:
    text = "\ufeff---\r\nname: demo\r\ndescription: d\r\n---\r\nbody\r\n"

    assert _parse(text).name == "demo"


def test_split_front_matter_returns_header_and_body() -> None:
    header, body = split_front_matter("---\nname: x\n---\nline 1\nline 2\n")

    assert header == "name: x\n"
    assert body == "line 1\nline 2\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param("# just markdown\n", MSG_NO_FRONT_MATTER, id="no-front-matter"),
        pytest.param("", MSG_NO_FRONT_MATTER, id="empty-file"),
        pytest.param("---\nname: x\ndescription: y\n", MSG_UNTERMINATED, id="unterminated"),
        pytest.param("---\n- a\n- b\n---\n", MSG_NOT_MAPPING.format(kind="a list"), id="list"),
        pytest.param("---\n---\n", MSG_NOT_MAPPING.format(kind="null"), id="empty-header"),
        pytest.param("---\njust text\n---\n", MSG_NOT_MAPPING.format(kind="a str"), id="scalar"),
        pytest.param(
            "---\ndescription: d\n---\n", MSG_MISSING_KEY.format(key="name"), id="no-name"
        ),
        pytest.param(
            "---\nname: n\n---\n", MSG_MISSING_KEY.format(key="description"), id="no-desc"
        ),
        pytest.param(
            "---\nname: 3\ndescription: d\n---\n",
            MSG_BAD_VALUE.format(key="name", kind="an int"),
            id="int-name",
        ),
        pytest.param(
            "---\nname: n\ndescription: [a]\n---\n",
            MSG_BAD_VALUE.format(key="description", kind="a list"),
            id="list-description",
        ),
        pytest.param(
            "---\nname: '  '\ndescription: d\n---\n",
            MSG_BAD_VALUE.format(key="name", kind="a str"),
            id="blank-name",
        ),
    ],
)
def test_parse_skill_text_rejects_malformed_front_matter(text: str, problem: str) -> None:
    with pytest.raises(SkillParseError) as info:
        _parse(text)

    assert info.value.problem == problem
    assert info.value.path == SKILL_PATH
    assert f"`{SKILL_PATH}`" in str(info.value)
    assert problem in str(info.value)


def test_parse_skill_text_reports_yaml_errors_with_the_parser_reason() -> None:
    with pytest.raises(SkillParseError) as info:
        _parse("---\nname: [unclosed\ndescription: d\n---\n")

    prefix = MSG_BAD_YAML.split("{reason}")[0]
    assert info.value.problem.startswith(prefix)
    assert "line" in info.value.problem


def test_parse_skill_file_rejects_non_utf8(tmp_path: Path) -> None:
    path = tmp_path / "SKILL.md"
    path.write_bytes(b"---\nname: caf\xe9\ndescription: d\n---\n")

    with pytest.raises(SkillParseError) as info:
        parse_skill_file(path, category="custom")

    assert "not valid UTF-8" in info.value.problem
    assert "0xe9" in info.value.problem
    assert info.value.path == path


def test_parse_skill_file_reads_a_real_file(tmp_path: Path) -> None:
    path = tmp_path / "SKILL.md"
    path.write_text("---\nname: real\ndescription: From disk.\n---\n", encoding="utf-8")

    skill = parse_skill_file(path, category="custom")

    assert (skill.name, skill.category, skill.path) == ("real", "custom", tmp_path)


def test_parse_skill_file_reports_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(SkillParseError) as info:
        parse_skill_file(tmp_path / "missing" / "SKILL.md", category="public")

    assert "cannot be read" in info.value.problem
