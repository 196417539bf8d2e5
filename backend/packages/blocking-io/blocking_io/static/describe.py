"""Human descriptions: a rule's documentation for ``--explain``, the configuration for
``--show-config``."""

from __future__ import annotations

import textwrap

from ..config import ProjectConfig
from .rules import RULES_BY_CODE, rule_help_uri

__all__ = ["explain", "show_config"]


def _block(title: str, body: str) -> list[str]:
    return [title, textwrap.indent(body, "    "), ""]


def explain(code: str, docs_url: str | None = None) -> str:
    """Return a rule's documentation from the rule table, as plain text, with a link to its
    section when the docs' address (``docs-url``) is known."""
    rule = RULES_BY_CODE[code]
    out = [f"{rule.code} {rule.name}", "", rule.summary, ""]
    out += _block("What it checks", textwrap.fill(rule.what, 88))
    out += _block("Why it is bad", textwrap.fill(rule.why, 88))
    out += _block("Example", rule.example)
    out += _block("Use instead", rule.instead)
    out += _block("Message", rule.message)
    if docs_url is not None:
        out.append(f"Docs: {rule_help_uri(rule.code, docs_url)}")
    return "\n".join(out).rstrip("\n") + "\n"


def _codes(codes: frozenset[str] | None) -> str:
    return "all" if codes is None else ", ".join(sorted(codes)) or "none"


def show_config(config: ProjectConfig) -> str:
    """Return the effective configuration, one key a line, each with where its value came from."""
    ext = config.extensions
    values = {
        "project root": (str(config.root), "found by walking up"),
        "roots": (", ".join(str(r) for r in config.roots), config.origins.get("roots")),
        "data-dir": (str(config.data_dir), config.origins.get("data-dir")),
        "anchors": (str(config.anchors), config.origins.get("anchors")),
        "exclude": (", ".join(config.exclude) or "none", config.origins.get("exclude")),
        "per-path-ignores": (
            "; ".join(f"{glob} = {_codes(codes)}" for glob, codes in config.per_path_ignores)
            or "none",
            config.origins.get("per-path-ignores"),
        ),
        "select": (_codes(config.select), config.origins.get("select")),
        "ignore": (_codes(config.ignore), config.origins.get("ignore")),
        "fail-on": (config.fail_on or "none", config.origins.get("fail-on")),
        "docs-url": (
            config.docs_url or "none (SARIF and --explain carry no docs links)",
            config.origins.get("docs-url"),
        ),
        "primitives": (
            ", ".join(p.name for p in ext.primitives) or "none",
            config.origins.get("primitives"),
        ),
        "offloaders": (
            ", ".join(o.name for o in ext.offloaders) or "none",
            config.origins.get("offloaders"),
        ),
        "hooks": (
            ", ".join(
                [f"{h.base}.{h.method}" for h in ext.hooks] + [d.name for d in ext.decorators]
            )
            or "none",
            config.origins.get("hooks"),
        ),
        "entries": (
            ", ".join(f"{e.function} ({e.kind})" for e in ext.entries) or "none",
            config.origins.get("entries"),
        ),
        "libraries": (
            "followed" if config.libraries else "not followed",
            config.origins.get("libraries"),
        ),
        "python": (
            str(config.python) if config.python else "the project's .venv, else this interpreter",
            config.origins.get("python"),
        ),
        "nonblocking": (
            ", ".join(name for name, _ in config.nonblocking) or "none",
            config.origins.get("nonblocking"),
        ),
        "reported codes": (", ".join(sorted(config.codes)), "select minus ignore"),
    }
    width = max(len(key) for key in values)
    lines = [
        f"{key:<{width}}  {value}  [{origin or 'default'}]"
        for key, (value, origin) in values.items()
    ]
    return "\n".join(lines) + "\n"
