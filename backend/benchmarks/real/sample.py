"""Draw the stratified sample of findings to label, and write it as a labels template.

Every HIGH finding is taken; the rest of the sample is shared between the other priorities in
proportion to their sizes. Within a priority, findings are ranked by a hash of the seed and their
key, so a finding's rank does not depend on which other findings exist: a new detector version
adds or drops findings without reshuffling the ones already drawn.

Findings through libraries (BIO501) are sampled apart, ``DEFAULT_LIBRARY_SIZE`` per application;
their template entries also show the chain inside the library, relative to site-packages.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath
from typing import Any

from .labels import FindingKey, finding_key

__all__ = [
    "DEFAULT_LIBRARY_SIZE",
    "DEFAULT_SEED",
    "DEFAULT_SIZE",
    "PRIORITIES",
    "render_template",
    "site_relative",
    "stratified_sample",
]

PRIORITIES = ("high", "medium", "low")
DEFAULT_SIZE = 40
# Three applications with an environment give some 48 library findings to label: enough for
# a precision figure over at least 30 decided labels after UNSURE ones are left out.
DEFAULT_LIBRARY_SIZE = 16
DEFAULT_SEED = 20261130


def _rank(seed: int, key: FindingKey) -> str:
    return hashlib.sha256(f"{seed}\0{key.path}\0{key.line}\0{key.call}".encode()).hexdigest()


def _by_priority(findings: Iterable[dict[str, Any]]) -> dict[str, list[FindingKey]]:
    """Group finding keys by priority; a key found twice counts once, at its highest priority."""
    best: dict[FindingKey, int] = {}
    for finding in findings:
        key = finding_key(finding)
        order = PRIORITIES.index(finding["priority"]) if finding["priority"] in PRIORITIES else 3
        best[key] = min(best.get(key, order), order)
    strata: dict[str, list[FindingKey]] = {name: [] for name in (*PRIORITIES, "other")}
    for key, order in best.items():
        strata[(*PRIORITIES, "other")[order]].append(key)
    return strata


def _quotas(sizes: dict[str, int], room: int) -> dict[str, int]:
    """Share `room` between strata in proportion to their sizes (largest remainder first)."""
    total = sum(sizes.values())
    if total <= room:
        return dict(sizes)
    exact = {name: room * size / total for name, size in sizes.items()}
    quotas = {name: int(value) for name, value in exact.items()}
    by_remainder = sorted(sizes, key=lambda name: (quotas[name] - exact[name], name))
    for name in by_remainder[: room - sum(quotas.values())]:
        quotas[name] += 1
    return quotas


def stratified_sample(
    findings: Iterable[dict[str, Any]], size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED
) -> list[FindingKey]:
    """Return the keys to label: every HIGH one, then the others in proportion, up to `size`."""
    if size < 1:
        raise ValueError(f"Sample size must be at least 1, got {size}.")
    strata = _by_priority(findings)
    high = strata.pop("high")
    rest = {name: len(keys) for name, keys in strata.items() if keys}
    quotas = _quotas(rest, max(size - len(high), 0))
    chosen = list(high)
    for name, quota in quotas.items():
        chosen += sorted(strata[name], key=lambda key: _rank(seed, key))[:quota]
    return sorted(chosen)


def site_relative(path: str, sites: Sequence[str]) -> str:
    """Return a library file's path relative to the site directory holding it."""
    for site in sites:
        pure, base = PurePosixPath(path), PurePosixPath(site)
        if pure.is_relative_to(base):
            return pure.relative_to(base).as_posix()
    return path


def _library_lines(library: dict[str, Any], sites: Sequence[str]) -> list[str]:
    where = f"{library['distribution']} {library['version']}".strip()
    lines = [
        f"# library: {where} `{library['function']}` blocks on `{library['call']}`, "
        f"when {library['when']} ({library['reachable']} blocking call sites reached)"
    ]
    if not library["chain"]:
        return [*lines, "# library chain: none, a library fact (see the library facts table)"]
    lines.append("# library chain (under site-packages):")
    return lines + [
        f"#   {site_relative(hop['path'], sites)}:{hop['line']} {hop['function']}"
        for hop in library["chain"]
    ]


def _entry(finding: dict[str, Any], sites: Sequence[str]) -> list[str]:
    head = f"# {finding['priority'].upper()} {finding['code']} {finding['exposure']}"
    lines = [f"{head} in `{finding['function']}`: {finding['message']}", "# chain:"]
    lines += [f"#   {hop['path']}:{hop['line']} {hop['function']}" for hop in finding["chain"]]
    if finding.get("library"):
        lines += _library_lines(finding["library"], sites)
    lines += [f"# snippet: {finding.get('snippet', '')}", "[[finding]]"]
    lines += [f"path = {json.dumps(finding['path'])}", f"line = {finding['line']}"]
    lines += [f"call = {json.dumps(finding['call'])}", 'label = ""  # TRUE, FALSE or UNSURE']
    return [*lines, 'evidence = ""', ""]


def render_template(
    app: str,
    findings: list[dict[str, Any]],
    keys: Iterable[FindingKey],
    sites: Sequence[str] = (),
) -> str:
    """Return a labels template for `keys`: one commented entry per finding with that key.

    ``sites`` are the site-packages directories the library chains are shown relative to.
    """
    wanted = set(keys)
    out = [f"# Sample of {app} findings to label; see benchmarks/real/LABELLING.md."]
    out += [f"# Library files are under {site}" for site in sites]
    out.append("")
    seen: set[FindingKey] = set()
    for finding in sorted(findings, key=lambda item: (item["path"], item["line"])):
        key = finding_key(finding)
        if key in wanted and key not in seen:
            seen.add(key)
            out += _entry(finding, sites)
    return "\n".join(out)
