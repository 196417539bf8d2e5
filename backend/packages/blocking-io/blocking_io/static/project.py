"""Project loading: read the discovered files, name their modules, summarise them.

A file's module name comes from the package directories above it (each with ``__init__.py``):
``backend/app/gateway/app.py`` is ``app.gateway.app`` because ``backend/`` has no
``__init__.py``. Directories without ``__init__.py`` below a scan root are namespace packages
(PEP 420) when some file of the project imports them by that name: ``root/ns/mod.py`` is
``ns.mod`` if anything imports ``ns`` or ``ns.<...>``, else ``mod``. When two roots hold the same
module name, the copy in the root scanned first keeps the name, the other one is ``name#2``, and
the imports written in that other root are redirected to its own copies (as Python would find
them with that root first on ``sys.path``). A package's ``__init__.py`` wins over a same-named
module file, and a class named like a submodule of its package is keyed apart from that module
(``collisions``), so both are analysed. Files that cannot be read, decoded or parsed are
recorded as errors and skipped; the scan goes on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .cache import SummaryCache, content_key
from .collisions import colliding_classes, rekey_classes
from .discovery import DEFAULT_MAX_FILE_BYTES, Discovery
from .index import summary_index
from .naming import ModuleNamer, redirect_imports, renamed, star_back_edges, star_target
from .packing import unpack_summary
from .pool import PARALLEL_MIN_BYTES, available_cores, summaries_from_workers
from .source import MARKER, decode_source, read_source, report_text, summarise_source

__all__ = ["Known", "Project", "SourceFile", "StaleSource", "load_project"]


@dataclass
class SourceFile:
    """One parsed file: where it is, its module name and its summary.

    Its text is read when first asked for (``source``) if the scan did not read the file: a
    file unchanged since the stored report is known by its content key alone (``Known``).
    """

    path: Path
    module: str
    package: str
    text: bytes | None  # UTF-8 (``report_text``); None: not read yet
    summary: dict
    key: str = ""  # the content key of its bytes ("" without a cache)
    lines: int = 0
    marked: bool = False  # it holds a suppression marker
    size: int | None = None  # the bytes a first read may take: the size of its known content

    @property
    def source(self) -> bytes:
        """Return the file's text as UTF-8, reading it on first use.

        Raises:
            StaleSource: the file read now is not the content its summary was made from (it
                changed, went away or cannot be read since discovery).
        """
        if self.text is None:
            data = read_source(self.path, self.size)
            if not isinstance(data, bytes) or content_key(data) != self.key:
                raise StaleSource(self.path)
            self.text = report_text(self.path, data)
        return self.text


class StaleSource(Exception):
    """A file known by its stored content key no longer holds that content (``SourceFile``)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} changed during the scan")
        self.path = path


class Known(NamedTuple):
    """What the stored report says of a file whose stat has not changed since."""

    key: str
    lines: int
    marked: bool


@dataclass
class Project:
    """Every parsed file of a scan, by module name, plus the files that failed."""

    files: list[SourceFile] = field(default_factory=list)
    modules: dict[str, SourceFile] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    lines: int = 0
    # Module files hidden by a same-named package (`pkg/mod.py` beside `pkg/mod/__init__.py`).
    shadowed: set[str] = field(default_factory=set)
    # The third-party sources the project's calls are followed into (`libraries.Libraries`).
    libraries: Any = None
    # Keys of the classes named like a submodule of their package (`pkg.sub@4` for a class
    # `sub` in `pkg/__init__.py` beside `pkg/sub.py`): reading `pkg.sub` gives the submodule.
    overridden: set[str] = field(default_factory=set)


@dataclass
class _Read:
    path: Path
    data: bytes  # as read (empty for a file known by its key, not read)
    text: bytes | None  # UTF-8, for reports and suppressions; None: not read
    key: str
    summary: dict | None = None
    lines: int = 0
    marked: bool = False
    size: int | None = None  # a file not read yet: its size at discovery


def load_project(
    found: Discovery,
    cache: SummaryCache | None,
    *,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
    jobs: int | None = None,
    known: Mapping[Path, Known] | None = None,
) -> Project:
    """Read and summarise every discovered file, then name the modules.

    Args:
        found: the discovered files (and the errors and skips of discovery, carried over).
        cache: summaries by content hash; None disables it.
        max_bytes: files larger than this are errors.
        jobs: worker processes for summaries; None decides by the amount of uncached source.
        known: files unchanged since the stored report (same stat, same layout): their summary
            is looked up by the stored content key, and they are not read unless their text is
            needed (a finding's snippet, a suppression marker).
    """
    project = Project(errors=list(found.errors), skipped=list(found.skipped))
    reads: list[_Read] = []
    for path in found.sorted_files():
        hint = known.get(path) if known is not None and cache is not None else None
        if hint is not None:
            # A miss here is no miss yet: the file is read and its summary looked up below.
            summary = cache.get(hint.key, count_miss=False)  # type: ignore[union-attr]
            if summary is not None:
                size = found.stats[path][0]
                reads.append(
                    _Read(path, b"", None, hint.key, summary, hint.lines, hint.marked, size)
                )
                continue
        data = read_source(path, max_bytes)
        if isinstance(data, dict):
            project.errors.append(data)
            continue
        key = content_key(data) if cache is not None else ""
        read = _Read(path, data, data, key, lines=data.count(b"\n"))
        read.summary = cache.get(key) if cache is not None else None
        reads.append(read)
    _summarise_misses([r for r in reads if r.summary is None], cache, project, jobs)
    parsed = [read for read in reads if read.summary is not None]
    for read in parsed:
        if read.text is not None:
            read.text = report_text(read.path, read.data)
            read.marked = MARKER in read.text
    _name_modules(parsed, found, project)
    _package_wins(project)
    _cut_star_cycles(project)
    _rekey_colliding_classes(project)
    project.errors.sort(key=lambda error: error["path"])
    return project


def _package_wins(project: Project) -> None:
    """Rename modules so a package's ``__init__`` wins over a same-named module file.

    ``pkg/mod.py`` and ``pkg/mod/__init__.py`` both name ``pkg.mod``; Python imports the package,
    so the module file is dead code: it keeps a suffixed name (``pkg.mod#2``) and is recorded in
    ``project.shadowed``.
    """
    files = project.modules
    for name, source in list(files.items()):
        base, _, suffix = name.partition("#")
        if suffix and base in files and source.path.name == "__init__.py":
            if files[base].path.name != "__init__.py":
                files[base], files[name] = source, files[base]
                source.module, files[name].module = base, name
                project.shadowed.add(name)


def _summarise_misses(
    misses: list[_Read], cache: SummaryCache | None, project: Project, jobs: int | None
) -> None:
    workers = min(jobs if jobs is not None else available_cores(), len(misses))
    if jobs is None and sum(len(read.data) for read in misses) < PARALLEL_MIN_BYTES:
        workers = 1
    done = 0
    if workers > 1:
        # Each batch is decoded as it arrives, while the workers summarise the next ones.
        try:
            outcomes = summaries_from_workers([(r.path, r.data) for r in misses], workers)
            for read, (blob, error) in zip(misses, outcomes, strict=True):
                if error is not None:
                    project.errors.append(error)
                elif blob is not None:
                    read.summary = unpack_summary(blob)
                    if cache is not None:
                        cache.put_blob(read.key, blob)
                else:
                    _summarise_here(read, cache, project)  # too deep for marshal
                done += 1
        except (OSError, RuntimeError):  # no processes here (a sandbox, a broken pool)
            pass
    for read in misses[done:]:
        _summarise_here(read, cache, project)


def _summarise_here(read: _Read, cache: SummaryCache | None, project: Project) -> None:
    text = decode_source(read.path, read.data)
    if isinstance(text, dict):
        project.errors.append(text)
        return
    summary, error = summarise_source(read.path, text)
    if summary is None:
        project.errors.append(error)  # type: ignore[arg-type]
        return
    read.summary = summary
    if cache is not None:
        cache.put(read.key, summary)


def _name_modules(parsed: Sequence[_Read], found: Discovery, project: Project) -> None:
    namer = ModuleNamer(found.files, [read.summary for read in parsed])  # type: ignore[misc]
    named = [(read, *namer.name(read.path)) for read in parsed]
    order = {root: index for index, root in enumerate(found.roots)}
    owners: dict[str, Path] = {}
    for read, module, _ in named:
        top, root = module.partition(".")[0], found.files[read.path]
        if top not in owners or order.get(root, 0) < order.get(owners[top], 0):
            owners[top] = root
    # Top-level names that another root holds first are renamed in the later root.
    redirects: dict[Path, dict[str, str]] = {}
    for read, module, _ in named:
        top, root = module.partition(".")[0], found.files[read.path]
        renames = redirects.setdefault(root, {})
        if owners[top] != root and top not in renames:
            copies = sum(top in r for r in redirects.values())
            renames[top] = f"{top}#{copies + 2}"
    for read, module, package in named:
        renames = redirects[found.files[read.path]]
        module, package = renamed(module, renames), renamed(package, renames)
        if module in project.modules:  # two plain directories of one root hold the same name
            module = _free_name(module, project)
        summary = read.summary
        assert summary is not None
        if renames:
            summary = redirect_imports(summary, renames)
        source = SourceFile(
            read.path,
            module,
            package,
            read.text,
            summary,
            read.key,
            read.lines,
            read.marked,
            read.size,
        )
        project.files.append(source)
        project.modules[module] = source
        project.lines += read.lines


def _rekey_colliding_classes(project: Project) -> None:
    """Key each class named like a submodule of its package apart from it (see ``collisions``).

    A method `f` of a class `sub` in `pkg/__init__.py` and a function `f` in `pkg/sub.py`
    would both be `pkg.sub.f`; the class is keyed `sub@<line>`, so both are analysed.
    """
    for source in project.files:
        keys = colliding_classes(source.module, source.summary, project.modules)
        if keys:
            source.summary = rekey_classes(source.summary, keys, source.module, source.package)
            project.overridden.update(f"{source.module}.{key}" for key in keys.values())


def _cut_star_cycles(project: Project) -> None:
    """Drop the star imports that close a cycle (see ``naming.star_back_edges``)."""
    stars = {
        source.module: [
            star_target(source.module, source.package, star, level)
            for star, level in source.summary["stars"]
        ]
        for source in project.files
        if source.summary["stars"]
    }
    back = star_back_edges(stars)
    for source in project.files:
        if any((source.module, target) in back for target in stars.get(source.module, ())):
            kept = [
                (star, level)
                for star, level in source.summary["stars"]
                if (source.module, star_target(source.module, source.package, star, level))
                not in back
            ]
            source.summary = {**source.summary, "stars": kept}
            source.summary["index"] = summary_index(source.summary)  # type: ignore[arg-type]


def _free_name(module: str, project: Project) -> str:
    suffix = 2
    while f"{module}#{suffix}" in project.modules:
        suffix += 1
    return f"{module}#{suffix}"
