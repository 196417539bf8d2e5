"""Command line: scan a project, write the report, print a summary, exit by ``--fail-on``.

Run from anywhere inside a project (``blocking-io``, ``python -m blocking_io``), or give paths.
The project root is found by walking up to ``.git`` or ``pyproject.toml`` (see ``layout``); its
``[tool.blocking-io]`` table (see ``config``) names the roots and the data directory. Report paths
are relative to the project root.

Exit status (``EXIT_CODES``): 0 clean, 1 a finding at or above ``--fail-on``, 2 a usage or
configuration error (checked before scanning, including ``--output``), 3 an internal error, a
report that cannot be written, or, with ``--fail-on-errors``, inputs that could not be analysed.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..config import DEFAULT_ANCHORS, ConfigError, ProjectConfig, load_config
from ..layout import DEFAULT_DATA_DIR, ProjectRootError
from .discovery import DEFAULT_MAX_FILE_BYTES
from .messages import OUTPUT_INVALID, OUTPUT_WRITE_FAILED
from .primitives import PRIORITIES
from .render import FORMATS, render, render_summary
from .rules import RULES
from .scan import scan

__all__ = ["EXIT_CODES", "EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "PROG"]
__all__ += ["UsageError", "main", "project_config"]

PROG = "blocking-io"
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_ERROR = 0, 1, 2, 3
EXIT_CODES = (
    (EXIT_OK, "the scan ran; no finding at or above --fail-on"),
    (EXIT_FINDINGS, "a finding at or above --fail-on exists"),
    (EXIT_USAGE, "usage or configuration error (nothing was scanned)"),
    (
        EXIT_ERROR,
        "internal error, report not written, or (with --fail-on-errors) inputs not analysed",
    ),
)


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
    exits = "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_CODES)
    parser = _Parser(
        prog=PROG,
        description="Find blocking IO reachable from the asyncio event loop (whole program).",
        epilog=f"rules:\n{codes}\n\nexit status:\n{exits}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="files or directories scanned as one project (default: the `roots` of the "
        "project's [tool.blocking-io] table, else the project root)",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument(
        "--output",
        metavar="PATH|-",
        help="where to write the report; '-' for stdout (default: "
        "<data-dir>/blocking-io-findings.json; stdout for --format text)",
    )
    parser.add_argument("--format", default="json", help=f"one of: {', '.join(FORMATS)}")
    parser.add_argument(
        "--fail-on",
        metavar="PRIORITY",
        help=f"exit 1 when a finding at or above this priority exists ({', '.join(PRIORITIES)})",
    )
    parser.add_argument(
        "--fail-on-errors",
        action="store_true",
        help=f"exit {EXIT_ERROR} when a file or directory could not be analysed (see `errors`)",
    )
    parser.add_argument(
        "--max-file-size",
        metavar="BYTES",
        type=_size,
        default=DEFAULT_MAX_FILE_BYTES,
        help="larger files are reported under `errors`, not read "
        f"(default: {DEFAULT_MAX_FILE_BYTES})",
    )
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument("--cache-dir", type=Path, help=argparse.SUPPRESS)
    return parser


def _size(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise UsageError(
            f"Invalid --max-file-size {value!r} from the command line; expected a positive "
            "number of bytes"
        )
    return int(value)


def _check_output(output: str | None) -> None:
    """Refuse an --output that cannot be written, before scanning."""
    if output is None or output == "-":
        return
    expected = "a file path, or '-' for stdout"
    if not output.strip():
        raise UsageError(OUTPUT_INVALID.format(output=output, expected=expected))
    target = Path(output)
    if target.is_dir():
        raise UsageError(
            OUTPUT_INVALID.format(output=output, expected=f"{expected}, not a directory")
        )
    for parent in target.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(
                    OUTPUT_INVALID.format(
                        output=output, expected=f"{expected}; `{parent}` is not a directory"
                    )
                )
            if not os.access(parent, os.W_OK | os.X_OK):
                raise UsageError(
                    OUTPUT_INVALID.format(
                        output=output, expected=f"{expected} in a writable directory"
                    )
                )
            break
    if target.exists() and not os.access(target, os.W_OK):
        raise UsageError(
            OUTPUT_INVALID.format(output=output, expected=f"{expected} that is writable")
        )


def _choice(option: str, value: str | None, valid: Sequence[str]) -> None:
    if value is not None and value not in valid:
        raise UsageError(
            f"Invalid {option} {value!r} from the command line; expected one of: {', '.join(valid)}"
        )


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    args = _parser().parse_args(list(argv))
    _choice("--format", args.format, FORMATS)
    _choice("--fail-on", args.fail_on, PRIORITIES)
    _check_output(args.output)
    for path in args.paths:
        if not path.exists():
            raise UsageError(
                f"Invalid path '{path}' from the command line; expected an existing file or "
                "directory"
            )
    return args


def project_config(paths: Sequence[Path], cwd: Path) -> ProjectConfig:
    """Return the configuration for a scan of `paths` (or of the project around `cwd`).

    With paths, the project is the one holding them; paths in no project are their own project,
    rooted at their common directory. Without paths, having no project around `cwd` is an error.
    """
    if not paths:
        return load_config(cwd)
    common = Path(os.path.commonpath([str(path.resolve()) for path in paths]))
    try:
        return load_config(common)
    except ProjectRootError:
        base = common if common.is_dir() else common.parent
        return ProjectConfig(
            root=base,
            source=None,
            roots=tuple(paths),
            data_dir=base / DEFAULT_DATA_DIR,
            anchors=base / DEFAULT_ANCHORS,
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the detector; return the exit status (see ``EXIT_CODES``)."""
    try:
        args = _parse(sys.argv[1:] if argv is None else argv)
        config = project_config(args.paths, Path.cwd())
    except (UsageError, ConfigError, ProjectRootError) as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _run(args, config)
    except Exception:  # an internal error: report it apart from a failed gate
        traceback.print_exc()
        print(f"{PROG}: internal error; please report it with the traceback above", file=sys.stderr)
        return EXIT_ERROR


def _run(args: argparse.Namespace, config: ProjectConfig) -> int:
    roots = list(args.paths) or [root for root in config.roots if root.exists()]
    cache_dir = None if args.no_cache else (args.cache_dir or config.cache_dir)
    report = scan(
        roots, repo_root=config.root, cache_dir=cache_dir, max_file_bytes=args.max_file_size
    )
    rendered = render(report, args.format)
    output = args.output
    if output is None and args.format != "text":
        output = str(config.findings_file)
    if output is None or output == "-":
        sys.stdout.write(rendered)
        sys.stderr.write(render_summary(report, None))
    else:
        target = Path(output)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rendered, encoding="utf-8")
        except OSError as error:
            message = OUTPUT_WRITE_FAILED.format(output=target, error=error.strerror or error)
            print(f"{PROG}: error: {message}", file=sys.stderr)
            return EXIT_ERROR
        sys.stdout.write(render_summary(report, str(target)))
    if args.fail_on is not None:
        threshold = PRIORITIES.index(args.fail_on)
        if any(PRIORITIES.index(f["priority"]) <= threshold for f in report["findings"]):
            return EXIT_FINDINGS
    if args.fail_on_errors and report["errors"]:
        return EXIT_ERROR
    return EXIT_OK
