"""`[tool.blocking-io]`: every key read, bad values named with file, key and expectation."""

from __future__ import annotations

from pathlib import Path

import pytest

from blocking_io.config import (
    DEFAULT_ORIGIN,
    DOCS_URL_EXPECTED,
    KEYS,
    MSG_INVALID_VALUE,
    MSG_UNKNOWN_KEY,
    ConfigError,
    load_config,
    matches,
)
from blocking_io.static.rules import RULES_BY_CODE

FULL = """
[tool.blocking-io]
roots = ["src"]
exclude = ["src/generated", "**/migrations/*"]
per-path-ignores = { "src/scripts/*" = ["BIO201"] }
select = ["BIO101", "BIO201", "BIO901"]
ignore = ["BIO901"]
fail-on = "medium"
docs-url = "https://docs.example.org/deer-flow/"

[[tool.blocking-io.primitives]]
name = "vendor.client.fetch_sync"
operation = "http"
priority = "high"
hint = "await vendor.client.fetch(...)"
reason = "Blocks on the vendor's HTTP API."

[[tool.blocking-io.offloaders]]
name = "src.pool.run_blocking"
reason = "Our wrapper around the default executor."

[[tool.blocking-io.hooks]]
base = "vendor.plugins.Plugin"
method = "on_event"
async-twin = "aon_event"
reason = "The plugin host calls on_event on the loop."

[[tool.blocking-io.hooks]]
decorator = "vendor.plugins.listener"
instead = "@listener async def"
reason = "The host calls listeners on the loop."

[[tool.blocking-io.entries]]
function = "src.app.on_tick"
kind = "callback"
reason = "Registered with the loop by the vendor's scheduler."
"""


def _project(tmp_path: Path, table: str) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(table, encoding="utf-8")
    return tmp_path


def test_config_reads_every_key(tmp_path: Path) -> None:
    config = load_config(_project(tmp_path, FULL))
    source = str(tmp_path / "pyproject.toml")
    assert config.roots == ((tmp_path / "src").resolve(),)
    assert config.exclude == ("src/generated", "**/migrations/*")
    assert config.per_path_ignores == (("src/scripts/*", frozenset({"BIO201"})),)
    assert config.codes == {"BIO101", "BIO201"}
    assert config.fail_on == "medium"
    assert config.docs_url == "https://docs.example.org/deer-flow/"
    ext = config.extensions
    assert [p.name for p in ext.primitives] == ["vendor.client.fetch_sync"]
    assert ext.primitives[0].priority == "high"
    assert [(o.name, o.callable_arg, o.callable_kw) for o in ext.offloaders] == [
        ("src.pool.run_blocking", 0, "func")
    ]
    assert [(h.base, h.method, h.async_twin) for h in ext.hooks] == [
        ("vendor.plugins.Plugin", "on_event", "aon_event")
    ]
    assert [d.name for d in ext.decorators] == ["vendor.plugins.listener"]
    assert [(e.function, e.kind) for e in ext.entries] == [("src.app.on_tick", "callback")]
    assert config.origins["select"] == source
    assert config.origins["anchors"] == DEFAULT_ORIGIN


def test_config_excluded_and_ignored_match_relative_globs(tmp_path: Path) -> None:
    config = load_config(_project(tmp_path, FULL))
    assert config.excluded(tmp_path / "src/generated/api.py")
    assert config.excluded(tmp_path / "src/app/migrations/0001.py")
    assert not config.excluded(tmp_path / "src/app/views.py")
    assert config.ignored(tmp_path / "src/scripts/seed.py", "BIO201")
    assert not config.ignored(tmp_path / "src/scripts/seed.py", "BIO101")
    assert not config.ignored(tmp_path / "src/app/views.py", "BIO201")


@pytest.mark.parametrize(
    ("relative", "pattern", "expected"),
    [
        ("scripts/a/b.py", "scripts", True),
        ("scripts/a/b.py", "scripts/*", True),
        ("app/scripts.py", "scripts", False),
        ("app/test_x.py", "*/test_*.py", True),
        ("app/x.py", "app/y.py", False),
    ],
)
def test_config_glob_matches_path_or_a_parent(relative: str, pattern: str, expected: bool) -> None:
    assert matches(relative, (pattern,)) is expected


_VALID = ", ".join(RULES_BY_CODE)
_TOP = "blocking-io"
_PRIMITIVE = '[[tool.blocking-io.primitives]]\nname = "x.y"\nhint = "h"\n'


def _invalid(section: str, key: str, value: object, expected: str) -> dict:
    return {
        "template": MSG_INVALID_VALUE,
        "table": section,
        "key": key,
        "value": value,
        "expected": expected,
    }


def _unknown(section: str, key: str, keys: str, where: str = "") -> dict:
    return {"template": MSG_UNKNOWN_KEY, "table": section, "key": key, "keys": keys, "where": where}


@pytest.mark.parametrize(
    ("toml", "fields"),
    [
        ("selct = []", _unknown(_TOP, "selct", ", ".join(KEYS))),
        (
            'select = ["BIO999"]',
            _invalid(_TOP, "select", ["BIO999"], f"a list of rule codes from: {_VALID}"),
        ),
        (
            'ignore = "BIO101"',
            _invalid(_TOP, "ignore", "BIO101", f"a list of rule codes from: {_VALID}"),
        ),
        ('fail-on = "urgent"', _invalid(_TOP, "fail-on", "urgent", "one of: high, medium, low")),
        ("exclude = [1]", _invalid(_TOP, "exclude", [1], "a list of globs")),
        ('docs-url = ""', _invalid(_TOP, "docs-url", "", "a non-empty URL")),
        *(
            (f'docs-url = "{url}"', _invalid(_TOP, "docs-url", url, DOCS_URL_EXPECTED))
            for url in (
                "docs.example.org/deer-flow/",
                "file:///srv/docs/",
                "https://docs.example.org/deer-flow",
                "https://docs.example.org/static-rules.html#bio101/",
            )
        ),
        (
            'per-path-ignores = ["x"]',
            _invalid(_TOP, "per-path-ignores", ["x"], 'a table of glob = ["CODE", ...]'),
        ),
        (
            'per-path-ignores = { "x/*" = ["bio201"] }',
            _invalid(
                _TOP, "per-path-ignores.'x/*'", ["bio201"], f"a list of rule codes from: {_VALID}"
            ),
        ),
        ("roots = []", _invalid(_TOP, "roots", [], "a non-empty list of path strings")),
        (
            _PRIMITIVE,
            _invalid(
                "blocking-io.primitives[0]",
                "reason",
                None,
                "a non-empty string (the key is required)",
            ),
        ),
        (
            _PRIMITIVE.replace("x.y", "time.sleep") + 'reason = "r"',
            _invalid(
                "blocking-io.primitives[0]",
                "name",
                "time.sleep",
                "a name not already in the built-in table or listed before",
            ),
        ),
        (
            _PRIMITIVE + 'reason = "r"\npriority = "urgent"',
            _invalid(
                "blocking-io.primitives[0]", "priority", "urgent", "one of: high, medium, low"
            ),
        ),
        (
            '[[tool.blocking-io.offloaders]]\nname = "x.run"\nreason = "r"\ncallable-arg = -1',
            _invalid("blocking-io.offloaders[0]", "callable-arg", -1, "a non-negative integer"),
        ),
        (
            '[[tool.blocking-io.hooks]]\nbase = "x.B"\nmethod = "m"\nreason = "r"\ntwin = "a"',
            _unknown(
                "blocking-io.hooks[0]",
                "twin",
                "base, method, async-twin, reason",
                " (a base-class hook)",
            ),
        ),
        (
            '[[tool.blocking-io.entries]]\nfunction = "run"\nreason = "r"',
            _invalid(
                "blocking-io.entries[0]",
                "function",
                "run",
                "a dotted qualified name such as `package.module.name`",
            ),
        ),
        (
            '[[tool.blocking-io.entries]]\nfunction = "a.run"\nkind = "task"\nreason = "r"',
            _invalid("blocking-io.entries[0]", "kind", "task", "one of: hook, callback"),
        ),
    ],
)
def test_config_bad_value_names_file_key_and_expectation(
    tmp_path: Path, toml: str, fields: dict
) -> None:
    root = _project(tmp_path, f"[tool.blocking-io]\n{toml}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(root)
    template = fields.pop("template")
    assert str(caught.value) == template.format(source=root / "pyproject.toml", **fields)


def test_config_without_docs_url_guesses_no_address(tmp_path: Path) -> None:
    config = load_config(_project(tmp_path, "[tool.blocking-io]\n"))
    assert config.docs_url is None
    assert config.origins["docs-url"] == DEFAULT_ORIGIN
