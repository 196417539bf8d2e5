"""Command line: scan a project, write the report, print the findings, exit by ``--fail-on``.

Run from anywhere inside a project (``blocking-io``, ``python -m blocking_io``), or give paths.
The project root is found by walking up to ``.git`` or ``pyproject.toml`` (see ``layout``); its
``[tool.blocking-io]`` table (see ``config``) sets the roots, the data directory, what is
reported and extra rule entries; options given here win over the table. Report paths are
relative to the project root.

With ``--baseline`` or ``--changed-since`` only new findings count, for the output and for
``--fail-on`` (see ``compare``).

Exit status (``EXIT_CODES``): 0 clean, 1 a finding at or above ``--fail-on``, 2 a usage or
configuration error (checked before scanning, including ``--output``), 3 an internal error, a
report that cannot be written, or, with ``--fail-on-errors``, inputs that could not be analysed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from .. import __version__
from ..config import DEFAULT_ANCHORS, DEFAULT_ORIGIN, ConfigError, ProjectConfig, load_config
from ..layout import DEFAULT_DATA_DIR, ProjectRootError
from .baseline import BaselineError, write_baseline
from .changed import ChangedError
from .compare import apply_baseline, apply_changed_since, apply_path_ignores
from .console import Palette, use_color, write
from .describe import explain, show_config
from .discovery import DEFAULT_MAX_FILE_BYTES
from .environment import BadEnvironment, find_environment
from .merge import extended
from .messages import (
    BASELINE_WRITTEN,
    CANNOT_WRITE,
    COMPARED,
    ENTRY_NOT_FOUND,
    FIXED_ITEM,
    OUTPUT_INVALID,
    SHRINK_BASELINE,
    WARNING_LINE,
)
from .primitives import PRIORITIES
from .render import FORMATS, render, render_statistics, render_summary, render_text
from .rules import RULES, RULES_BY_CODE
from .scan import scan

__all__ = ["EXIT_CODES", "EXIT_ERROR", "EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "PROG"]
__all__ += ["CLI_ORIGIN", "PATH_OPTIONS", "UsageError", "main", "project_config", "run"]

PROG = "blocking-io"
CLI_ORIGIN = "command line"
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
# Set by `run`, which exits without freeing: what the scans of this process leave behind.
_RETAINED: list[object] | None = None


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
    add = parser.add_argument
    add(
        "paths",
        nargs="*",
        type=Path,
        help="files or directories scanned as one project (default: the `roots` of the "
        "project's [tool.blocking-io] table, else the project root)",
    )
    add("--version", action="version", version=f"{PROG} {__version__}")
    add(
        "--output",
        metavar="PATH|-",
        help="where to write the report; '-' for stdout (default: "
        "<data-dir>/blocking-io-findings.json, or .sarif for --format sarif; stdout for the "
        "text, concise and github formats)",
    )
    add("--format", default="json", help=f"one of: {', '.join(FORMATS)}")
    add(
        "--fail-on",
        metavar="PRIORITY",
        help=f"exit 1 when a counted finding at or above this priority exists "
        f"({', '.join(PRIORITIES)})",
    )
    add("--select", metavar="CODES", help="report only these comma-separated codes")
    add("--ignore", metavar="CODES", help="do not report these comma-separated codes")
    add("--exclude", metavar="GLOB", action="append", default=[], help="leave matching files out")
    add("--baseline", metavar="FILE", type=Path, help="count only findings not in this baseline")
    add("--write-baseline", metavar="FILE", type=Path, help="write every finding as the baseline")
    add(
        "--changed-since",
        metavar="REV",
        help="count only findings on lines added since the merge base with REV, or new "
        "compared with a scan of the merge base",
    )
    add("--statistics", action="store_true", help="print counts by code and file, not findings")
    add("--quiet", action="store_true", help="print the summary only, not the findings")
    add("--show-config", action="store_true", help="print the effective configuration and exit")
    add("--explain", metavar="CODE", help="print a rule's documentation and exit")
    add(
        "--fail-on-errors",
        action="store_true",
        help=f"exit {EXIT_ERROR} when a file or directory could not be analysed (see `errors`)",
    )
    add(
        "--max-file-size",
        metavar="BYTES",
        type=_size,
        default=DEFAULT_MAX_FILE_BYTES,
        help="larger files are reported under `errors`, not read "
        f"(default: {DEFAULT_MAX_FILE_BYTES})",
    )
    add(
        "--python",
        metavar="PATH",
        type=_python,
        help="the interpreter or virtual environment whose third-party packages are "
        "summarised (default: the project's .venv, else the interpreter running this tool)",
    )
    add(
        "--no-libraries",
        action="store_true",
        help="do not follow calls into installed third-party packages",
    )
    add("--no-cache", action="store_true", help="do not read or write the cache")
    add(
        "--call-graph",
        metavar="FILE",
        type=Path,
        help="also write the resolved call graph as JSON ({function: [callees]}, the PyCG format)",
    )
    add("--cache-dir", type=Path, help=argparse.SUPPRESS)
    add(
        "--invoked-from",
        metavar="DIR",
        type=Path,
        help="read the relative paths of this command line from DIR, not from the working "
        "directory (`make` passes the directory it was run in)",
    )
    return parser


# The options naming a file or directory, read from --invoked-from when relative (a test checks
# that every option of the parser taking a path is listed).
PATH_OPTIONS = (
    "paths", "output", "baseline", "write_baseline", "python", "call_graph", "cache_dir",
)  # fmt: skip


def _invoked_from(args: argparse.Namespace) -> None:
    """Rewrite the command line's relative paths, written from ``--invoked-from``, to name the
    same files from the working directory (so messages and reports spell them as before)."""
    base = args.invoked_from
    if base is None:
        return
    if not base.is_dir():
        raise UsageError(
            f"Invalid --invoked-from '{base}' from the command line; expected an existing directory"
        )
    for option in PATH_OPTIONS:
        value = getattr(args, option)
        if isinstance(value, list):
            setattr(args, option, [Path(_read_from(base, str(item))) for item in value])
        elif isinstance(value, Path):
            setattr(args, option, Path(_read_from(base, str(value))))
        elif isinstance(value, str):
            setattr(args, option, _read_from(base, value))


def _read_from(base: Path, path: str) -> str:
    """Return a path written from ``base`` as the working directory names it."""
    if path in ("", "-") or os.path.isabs(path):
        return path  # stdout, an empty value (reported as typed), or an absolute path
    try:
        return os.path.relpath(base / path)
    except ValueError:  # on another drive than the working directory
        return str(base / path)


class OutputError(Exception):
    """A report or call graph that could not be written after the scan (exit 3)."""


def _size(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise UsageError(
            f"Invalid --max-file-size {value!r} from the command line; expected a positive "
            "number of bytes"
        )
    return int(value)


def _python(value: str) -> Path:
    if not value.strip():
        raise UsageError(
            f"Invalid --python {value!r} from the command line; expected the path of a Python "
            "interpreter or of a virtual environment directory"
        )
    return Path(value)


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


def _codes(option: str, value: str | None) -> frozenset[str] | None:
    if value is None:
        return None
    codes = [code.strip() for code in value.split(",") if code.strip()]
    for code in codes:
        _choice(option, code, list(RULES_BY_CODE))
    return frozenset(codes)


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    args = _parser().parse_args(list(argv))
    _invoked_from(args)
    _choice("--format", args.format, FORMATS)
    _choice("--fail-on", args.fail_on, PRIORITIES)
    _choice("--explain", args.explain, list(RULES_BY_CODE))
    args.select = _codes("--select", args.select)
    args.ignore = _codes("--ignore", args.ignore)
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


def _overrides(config: ProjectConfig, args: argparse.Namespace) -> ProjectConfig:
    """Return the configuration with the command line's options applied over the table's."""
    changes: dict = {}
    if args.select is not None:
        changes["select"] = args.select
    if args.ignore is not None:
        changes["ignore"] = config.ignore | args.ignore
    if args.exclude:
        changes["exclude"] = (*config.exclude, *args.exclude)
    if args.fail_on is not None:
        changes["fail_on"] = args.fail_on
    if args.paths:
        changes["roots"] = tuple(path.resolve() for path in args.paths)
    if args.python is not None:
        changes["python"] = args.python.absolute()
    if args.no_libraries:
        changes["libraries"] = False
    origins = dict(config.origins)
    origins.update({key.replace("_", "-"): CLI_ORIGIN for key in changes})
    return dataclasses.replace(config, **changes, origins=origins)


def _scan(
    config: ProjectConfig,
    roots: list[Path],
    cache_dir: Path | None,
    root: Path,
    call_graph: dict[str, list[str]] | None = None,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    *,
    store_report: bool = True,
    last: bool = True,
) -> dict:
    """Scan with the project's configuration. ``last``: no other scan follows in this process
    (what it loaded may then be kept to the exit, ``_RETAINED``; an earlier scan frees it, so
    two scans' data are never held at once)."""
    environment = None
    if config.libraries:
        try:
            given = config.origins.get("python", CLI_ORIGIN)
            given_in = None if given in (CLI_ORIGIN, DEFAULT_ORIGIN) else Path(given)
            environment = find_environment(config.python, roots, root, given_in)
        except BadEnvironment as error:
            raise UsageError(str(error)) from None
    with extended(config.extensions) as applied:
        report = scan(
            roots,
            repo_root=root,
            cache_dir=cache_dir,
            select=config.codes,
            exclude=config.excluded,
            call_graph=call_graph,
            max_file_bytes=max_file_bytes,
            tables_key=repr((config.extensions, config.nonblocking)),
            environment=environment,
            nonblocking=frozenset(name for name, _ in config.nonblocking),
            retain=_RETAINED if last else None,
            store_report=store_report,
        )
    for function in sorted(applied.missing_entries):
        message = ENTRY_NOT_FOUND.format(prog=PROG, function=function, source=config.source)
        write(sys.stderr, message + "\n")
    return report


def _print(report: dict, args: argparse.Namespace, config: ProjectConfig) -> None:
    """Write the report where asked, and the findings and summary where people look."""
    rendered = render(report, args.format, config.root, config.docs_url)
    output = args.output
    if output is None and args.format in ("json", "sarif"):
        output = str(config.findings_file.with_suffix(f".{args.format}"))
    for warning in report["warnings"]:
        write(sys.stderr, WARNING_LINE.format(prog=PROG, **warning) + "\n")
    if output is None or output == "-":
        write(sys.stdout, rendered if args.format != "text" else _listing(report, args))
        write(sys.stderr, render_summary(report, None) + _comparison(report))
        return
    target = Path(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Paths are bytes on POSIX: one that is not UTF-8 (a library's environment, say) holds
        # surrogates, written as `\udcff` escapes, which JSON reads back as the same string.
        target.write_text(rendered, encoding="utf-8", errors="backslashreplace")
    except OSError as error:
        problem = error.strerror or str(error)
        raise OutputError(
            CANNOT_WRITE.format(what="report", path=target, problem=problem)
        ) from None
    if not args.quiet:
        write(sys.stdout, _listing(report, args))
    write(sys.stdout, render_summary(report, str(target)) + _comparison(report))


def _listing(report: dict, args: argparse.Namespace) -> str:
    if args.statistics:
        return render_statistics(report)
    return render_text(report, Palette(use_color(sys.stdout)))


def _comparison(report: dict) -> str:
    comparison = report.get("comparison")
    if comparison is None:
        return ""
    fixed = comparison["fixed"]
    out = [
        COMPARED.format(
            against=comparison["against"],
            new=len(report["findings"]),
            known=comparison["known"],
            fixed=len(fixed),
        )
    ]
    out += [
        FIXED_ITEM.format(
            path=item.get("path", "?"), id=item["id"], message=item.get("message", "")
        ).rstrip()
        for item in fixed
    ]
    if fixed and comparison.get("baseline"):
        out.append(SHRINK_BASELINE.format(path=comparison["baseline"]))
    return "\n".join(out) + "\n"


def _base_scanner(
    config: ProjectConfig, roots: list[Path], cache_dir: Path | None
) -> Callable[[Path], dict]:
    """Return a scan of the same roots, table and options in another checkout of the project."""

    def rescan(base_root: Path) -> dict:
        source = config.source
        if source is not None:
            source = base_root / os.path.relpath(source, config.root)
        base_config = dataclasses.replace(config, root=base_root, source=source)
        moved = [base_root / os.path.relpath(root, config.root) for root in roots]
        existing = [root for root in moved if root.exists()]
        # The base's report is not stored: the working tree's stays the warm answer.
        scanned = _scan(base_config, existing, cache_dir, base_root, store_report=False)
        return apply_path_ignores(scanned, base_config)

    return rescan


def _write_call_graph(target: Path, graph: dict[str, list[str]]) -> None:
    """Write the resolved call graph (PyCG's JSON format)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(graph, indent=1, sort_keys=True), encoding="utf-8")
    except OSError as error:
        problem = error.strerror or str(error)
        raise OutputError(
            CANNOT_WRITE.format(what="call graph", path=target, problem=problem)
        ) from None


def _run(args: argparse.Namespace, config: ProjectConfig) -> int:
    roots = [root for root in config.roots if root.exists()]
    cache_dir = None if args.no_cache else (args.cache_dir or config.cache_dir)
    graph: dict[str, list[str]] | None = {} if args.call_graph is not None else None
    last = args.changed_since is None  # else the merge base is scanned next
    scanned = _scan(config, roots, cache_dir, config.root, graph, args.max_file_size, last=last)
    report = apply_path_ignores(scanned, config)
    if graph is not None:
        _write_call_graph(args.call_graph, graph)
    if args.write_baseline is not None:
        write_baseline(args.write_baseline, report["findings"])
        count = len(report["findings"])
        write(sys.stdout, BASELINE_WRITTEN.format(count=count, path=args.write_baseline) + "\n")
        return EXIT_OK
    if args.baseline is not None:
        report = apply_baseline(report, args.baseline)
    if args.changed_since is not None:
        rescan = _base_scanner(config, roots, cache_dir)
        report = apply_changed_since(report, config.root, args.changed_since, rescan)
    _print(report, args, config)
    if config.fail_on is not None:
        threshold = PRIORITIES.index(config.fail_on)
        if any(PRIORITIES.index(f["priority"]) <= threshold for f in report["findings"]):
            return EXIT_FINDINGS
    if args.fail_on_errors and report["errors"]:
        return EXIT_ERROR
    return EXIT_OK


def _docs_url(args: argparse.Namespace) -> str | None:
    """Return where the configuration says the docs are published; None outside a project."""
    try:
        return project_config(args.paths, Path.cwd()).docs_url
    except ProjectRootError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the detector; return the exit status (see ``EXIT_CODES``)."""
    try:
        args = _parse(sys.argv[1:] if argv is None else argv)
        if args.explain is not None:
            write(sys.stdout, explain(args.explain, _docs_url(args)))
            return EXIT_OK
        config = _overrides(project_config(args.paths, Path.cwd()), args)
        if args.show_config:
            write(sys.stdout, show_config(config))
            return EXIT_OK
    except (UsageError, ConfigError, ProjectRootError) as error:
        write(sys.stderr, f"{PROG}: error: {error}\n")
        return EXIT_USAGE
    try:
        return _run(args, config)
    except (UsageError, BaselineError, ChangedError) as error:
        write(sys.stderr, f"{PROG}: error: {error}\n")
        return EXIT_USAGE
    except OutputError as error:
        write(sys.stderr, f"{PROG}: error: {error}\n")
        return EXIT_ERROR
    except Exception:  # an internal error: report it apart from a failed gate
        traceback.print_exc()
        write(sys.stderr, f"{PROG}: internal error; please report it with the traceback above\n")
        return EXIT_ERROR


def run() -> NoReturn:
    """Run the detector as a command and exit without tearing the heap down.

    A scan that summarised third-party packages holds millions of small objects; freeing them
    one by one at interpreter exit takes seconds and changes nothing, so the command flushes its
    streams and leaves at once.
    """
    global _RETAINED
    _RETAINED = []  # freed by the exit, not object by object (``scan``'s ``retain``)
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)
