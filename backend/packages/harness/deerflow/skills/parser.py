"""SKILL.md front-matter parsing: split the YAML header and turn it into a `Skill`.

A `SKILL.md` starts with a line holding only `---`, then YAML, then another `---` line; the
Markdown body follows. The YAML must be a mapping with string `name` and `description`.
Every problem raises `SkillParseError`, whose message names the file and the problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from deerflow.skills.types import Skill, SkillCategory

__all__ = [
    "FRONT_MATTER_DELIMITER",
    "REQUIRED_KEYS",
    "SkillParseError",
    "parse_skill_file",
    "parse_skill_text",
    "split_front_matter",
]

FRONT_MATTER_DELIMITER = "---"
REQUIRED_KEYS = ("name", "description")

# Problem templates; tests import these rather than retyping the text.
MSG_NOT_UTF8 = "the file is not valid UTF-8 ({reason})"
MSG_UNREADABLE = "the file cannot be read ({reason})"
MSG_NO_FRONT_MATTER = "it does not start with a `---` front-matter line"
MSG_UNTERMINATED = "the front matter opened on line 1 has no closing `---` line"
MSG_BAD_YAML = "the front matter is not valid YAML ({reason})"
MSG_NOT_MAPPING = "the front matter must be a YAML mapping, not {kind}"
MSG_MISSING_KEY = "the front matter has no `{key}` key"
MSG_BAD_VALUE = "`{key}` must be a non-empty string, not {kind}"
MSG_ERROR = "Invalid skill file `{path}`: {problem}; fix its front matter or remove the file."


class SkillParseError(ValueError):
    """A `SKILL.md` that cannot become a `Skill`; `path` and `problem` say where and why."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(MSG_ERROR.format(path=path, problem=problem))


def _kind(value: Any) -> str:
    """Describe a YAML value's type for a message, e.g. `a list` or `null`."""
    if value is None:
        return "null"
    name = type(value).__name__
    article = "an" if name[:1] in "aeiou" else "a"
    return f"{article} {name}"


def split_front_matter(text: str) -> tuple[str, str] | str:
    """Split `text` into `(front_matter, body)`, or return the problem as a string.

    Returning the problem (instead of raising) keeps this function free of any path; the
    caller attaches the file name.
    """
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or lines[0].strip() != FRONT_MATTER_DELIMITER:
        return MSG_NO_FRONT_MATTER
    for index in range(1, len(lines)):
        if lines[index].strip() == FRONT_MATTER_DELIMITER:
            return "".join(lines[1:index]), "".join(lines[index + 1 :])
    return MSG_UNTERMINATED


def parse_skill_text(text: str, *, path: Path, category: SkillCategory) -> Skill:
    """Build a `Skill` from the text of the `SKILL.md` at `path` (the skill dir is its parent).

    Raises:
        SkillParseError: the front matter is missing, unterminated, not YAML, not a mapping,
            or lacks a non-empty string `name` or `description`.
    """
    split = split_front_matter(text)
    if isinstance(split, str):
        raise SkillParseError(path, split)
    header, _body = split
    try:
        data = yaml.safe_load(header)
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise SkillParseError(path, MSG_BAD_YAML.format(reason=reason)) from exc
    if not isinstance(data, dict):
        raise SkillParseError(path, MSG_NOT_MAPPING.format(kind=_kind(data)))
    for key in REQUIRED_KEYS:
        if key not in data:
            raise SkillParseError(path, MSG_MISSING_KEY.format(key=key))
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            raise SkillParseError(path, MSG_BAD_VALUE.format(key=key, kind=_kind(value)))
    metadata = {str(key): value for key, value in data.items() if key not in REQUIRED_KEYS}
    return Skill(
        name=data["name"].strip(),
        description=data["description"].strip(),
        category=category,
        path=path.parent,
        metadata=metadata,
    )


def parse_skill_file(path: Path, *, category: SkillCategory) -> Skill:
    """Read and parse the `SKILL.md` at `path` (blocking file IO; call it off the event loop).

    Raises:
        SkillParseError: the file is unreadable, not UTF-8, or its front matter is malformed.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SkillParseError(path, MSG_UNREADABLE.format(reason=exc.strerror or exc)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"byte 0x{raw[exc.start]:02x} at offset {exc.start}"
        raise SkillParseError(path, MSG_NOT_UTF8.format(reason=reason)) from exc
    return parse_skill_text(text, path=path, category=category)
