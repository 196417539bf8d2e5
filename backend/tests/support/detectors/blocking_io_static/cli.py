"""Command line: scan roots, write the report, print a summary, exit by ``--fail-on``.

Exit status: 0 when the scan ran (findings below the ``--fail-on`` threshold), 1 when a finding
at or above the threshold exists, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .primitives import PRIORITIES
from .render import FORMATS, render, render_summary
from .rules import RULES
from .scan import scan

__all__ = ["BACKEND_DIR", "DEFAULT_ROOTS", "REPO_ROOT", "main"]

BACKEND_DIR = Path(__file__).resolve().parents[4]
REPO_ROOT = BACKEND_DIR.parent
DEFAULT_ROOTS = ("app", "packages/harness/deerflow", "scripts")
DEFAULT_OUTPUT = REPO_ROOT / ".deer-flow" / "blocking-io-findings.json"
DEFAULT_CACHE = REPO_ROOT / ".deer-flow" / "cache"


class UsageError(Exception):
    """A bad command-line argument; the message names it and the valid values."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        """Raise a usage error instead of printing and exiting."""
        prefix = "unrecognized arguments: "
        if message.startswith(prefix):
            options = ", ".join(
                option
                for action in self._actions
                for option in action.option_strings
                if action.help != argparse.SUPPRESS and option.startswith("--")
            )
            raise UsageError(
                f"Unknown argument '{message[len(prefix) :]}' from the command line; "
                f"expected paths and the options: {options}"
            )
        raise UsageError(f"{message[:1].upper()}{message[1:]}")


def _parser() -> argparse.ArgumentParser:
    codes = "\n".join(f"  {rule.code} {rule.name}: {rule.summary}" for rule in RULES)
    parser = _Parser(
        prog="detect_blocking_io_static.py",
        description="Find blocking IO reachable from the asyncio event loop (whole program).",
        epilog=f"rules:\n{codes}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="files or directories scanned as one project "
        f"(default: {', '.join(DEFAULT_ROOTS)} under backend/)",
    )
    parser.add_argument(
        "--output",
        metavar="PATH|-",
        help=f"where to write the report; '-' for stdout (default: {DEFAULT_OUTPUT}; "
        "stdout for --format text)",
    )
    parser.add_argument("--format", default="json", help=f"one of: {', '.join(FORMATS)}")
    parser.add_argument(
        "--fail-on",
        metavar="PRIORITY",
        help=f"exit 1 when a finding at or above this priority exists ({', '.join(PRIORITIES)})",
    )
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, help=argparse.SUPPRESS)
    return parser


def _choice(option: str, value: str | None, valid: Sequence[str]) -> None:
    if value is not None and value not in valid:
        raise UsageError(
            f"Invalid {option} {value!r} from the command line; expected one of: {', '.join(valid)}"
        )


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    args = _parser().parse_args(list(argv))
    _choice("--format", args.format, FORMATS)
    _choice("--fail-on", args.fail_on, PRIORITIES)
    for path in args.paths:
        if not path.exists():
            raise UsageError(
                f"Invalid path '{path}' from the command line; expected an existing file or "
                "directory"
            )
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the analyzer; return the exit status."""
    try:
        args = _parse(sys.argv[1:] if argv is None else argv)
    except UsageError as error:
        print(f"detect_blocking_io_static.py: error: {error}", file=sys.stderr)
        return 2
    roots = args.paths or [BACKEND_DIR / root for root in DEFAULT_ROOTS]
    roots = [root for root in roots if root.exists()]
    cache_dir = None if args.no_cache else args.cache_dir
    report = scan(roots, repo_root=REPO_ROOT, cache_dir=cache_dir)
    rendered = render(report, args.format)
    output = args.output
    if output is None and args.format != "text":
        output = str(DEFAULT_OUTPUT)
    if output is None or output == "-":
        sys.stdout.write(rendered)
        sys.stderr.write(render_summary(report, None))
    else:
        target = Path(output)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(rendered, encoding="utf-8")
        sys.stdout.write(render_summary(report, str(target)))
    if args.fail_on is not None:
        threshold = PRIORITIES.index(args.fail_on)
        if any(PRIORITIES.index(f["priority"]) <= threshold for f in report["findings"]):
            return 1
    return 0
