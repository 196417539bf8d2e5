"""Render the peers' suite scores as text: one row per rule family, then the lines behind them."""

from __future__ import annotations

from collections.abc import Mapping

from .disagreements import DISAGREEMENTS, EXTRA, UNREPORTED, Disagreement
from .peers import RECALL_TARGET, LineKey, SuiteLine, Tally
from .suite import PeerSuite

__all__ = ["render_text"]

_HEAD = (
    f"{'rule':<10}{'labelled':>9}{'disagreed':>10}{'scored':>7}{'found':>7}{'recall':>8}"
    f"{'ruff':>6}{'ours unlabelled':>16}{'ruff unlabelled':>16}"
)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _row(name: str, t: Tally) -> str:
    unlabelled = len(t.explained) + len(t.cross_function) + len(t.unexplained)
    return (
        f"{name:<10}{t.labelled:>9}{t.unreported:>10}{t.scored:>7}{t.found_scored:>7}"
        f"{_pct(t.recall):>8}{t.ruff_found:>6}{unlabelled:>16}{t.ruff_unlabelled:>16}"
    )


def _listing(
    title: str, keys: list[LineKey], lines: Mapping[LineKey, SuiteLine], note: Mapping[LineKey, str]
) -> list[str]:
    out = ["", f"{title} ({len(keys)}):"]
    for key in keys:
        line = lines.get(key)
        code = line.code if line is not None else "<not a code line>"
        suffix = f"  [{note[key]}]" if key in note else ""
        out.append(f"  {key[0]}:{key[1]}: {code}{suffix}")
    return out


def render_text(
    suite: PeerSuite,
    tallies: Mapping[str, Tally],
    lines: Mapping[LineKey, SuiteLine],
    matched: Mapping[LineKey, Disagreement],
    calls: Mapping[LineKey, str],
) -> str:
    """Return the report: per-family table, verdicts, then every line behind the numbers."""
    total = tallies["TOTAL"]
    kinds = [entry.kind for entry in DISAGREEMENTS]
    out = [
        f"{suite.name} {suite.version}: {suite.reason}",
        f"disagreement list: {len(DISAGREEMENTS)} entries ({kinds.count(UNREPORTED)} {UNREPORTED}, "
        f"{kinds.count(EXTRA)} {EXTRA}) naming {total.unreported} labelled and "
        f"{len(total.explained) + len(total.stale)} unlabelled lines",
        "",
        _HEAD,
        "-" * len(_HEAD),
    ]
    out += [_row(name, t) for name, t in sorted(tallies.items()) if name != "TOTAL"]
    out += ["-" * len(_HEAD), _row("TOTAL", total), ""]
    met = total.recall is not None and total.recall >= RECALL_TARGET
    out.append(
        f"recall on scored labels {_pct(total.recall)} "
        f"(target ≥ {RECALL_TARGET:.0%}: {'met' if met else 'MISSED'})"
    )
    more = "more" if total.found > total.ruff_found else "NOT more"
    out.append(
        f"labelled lines found: detector {total.found} of {total.labelled}, ruff ASYNC "
        f"{total.ruff_found} ({more} than ruff)"
    )
    out.append(
        f"detector findings on unlabelled lines: {len(total.explained)} reasoned disagreements, "
        f"{len(total.cross_function)} cross-function, {len(total.unexplained)} unexplained"
    )
    reasons = {key: entry.reason for key, entry in matched.items()}
    out += _listing("Missed scored labels", total.missed, lines, calls)
    out += _listing("Unexplained findings on unlabelled lines", total.unexplained, lines, calls)
    out += _listing(
        "Cross-function findings (the peers cannot make them)", total.cross_function, lines, calls
    )
    out += _listing(
        "Stale disagreements (the detector now agrees with the suite)", total.stale, lines, reasons
    )
    disagreed = sorted(key for key in matched if key in lines)
    out += _listing("Disagreements", disagreed, lines, {k: matched[k].kind for k in disagreed})
    return "\n".join(out)
