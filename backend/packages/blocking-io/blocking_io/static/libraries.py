"""Library summaries: what a call into a third-party package may block on, from its source.

For every top-level module the project imports that is neither the project's own nor in the
standard library, the package's source is found in the target environment (``environment``)
and summarised with the same engine as the project, never imported. The packages those import
are loaded in turn, so a chain can go from one distribution into another (a Kubernetes client
into urllib3). Summaries are cached per distribution: one sealed file per (top-level module,
distribution, version), named with the Python tag; the tool version and the interpreter are
checked inside it (``cache.read_sealed``). A second scan reads one file per distribution and
parses nothing.

Effects are cached too: per environment (its installed distributions), tool version and rule
tables, ``Libraries.effect`` answers from the stored effects of earlier scans, and the library
summaries are loaded only when the project calls a library name no earlier scan asked about.
A stored summary or effect whose layout is not the one this code writes is a miss, never trusted.
A distribution's files are identified by its name and version; files no metadata lists (an
editable install's source) by their sizes and modification times, which the stored effects and
the stored report record (``stamps``): an edit to one of them is read again by the next scan.

``Libraries.effect(name)`` answers for one called name (a function, a method by its receiver
type, or a class, meaning its constructor): a breadth-first search from its definition through
the libraries' resolved calls to the first blocking primitive or library fact, with the chain of
``(function, line)`` hops inside the libraries. Among the blocking calls it reaches, the search
prefers one that runs every time (``branches``): such an effect is ``always``; otherwise it
blocks only on some paths and its findings rank one priority lower. Calls named in the tables
(primitives, offloaders, facts) are never followed into their library: the table's word wins.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .branches import Branches
from .cache import PYTHON_TAG, file_stamps, is_summary, read_sealed, unchanged, write_sealed
from .environment import Distribution, Environment, locate_module
from .naming import imported_names
from .offloaders import OFFLOADERS
from .packing import unpack_summary
from .pool import PARALLEL_MIN_BYTES, Outcome, available_cores, summarise_in_workers
from .primitives import PRIMITIVES_BY_NAME, PRIORITIES
from .project import Project, SourceFile
from .source import LIBRARY_MAX_FILE_BYTES, decode_source, read_source, summarise_source

__all__ = ["LIBRARY_MAX_FILE_BYTES", "MAX_LIBRARY_FILES", "Effect", "Libraries", "load_libraries"]

# A bound on the library files one scan loads (a project importing half an ecosystem).
MAX_LIBRARY_FILES = 40_000
# A bound on the functions one effect search visits inside the libraries.
MAX_VISITED = 4_000
# How many of the nearest blocking calls are checked for "runs every time".
_CANDIDATES = 24
_UNOWNED = Distribution("", "")
_OFFLOADER_NAMES = [offloader.name for offloader in OFFLOADERS]


@dataclass(frozen=True)
class Effect:
    """What calling one library name may block on: the nearest blocking call and its chain."""

    name: str  # the called name, as the project resolved it
    function: str  # its definition in the library (module and qualified name)
    call: str  # the blocking primitive or library fact at the end of the chain
    chain: tuple[tuple[str, str, int], ...]  # (function, file, call line); last at `call`
    always: bool  # every hop and the blocking call run on every call
    reachable: int  # distinct blocking call sites the search reached
    distribution: str
    version: str

    @property
    def priority(self) -> str:
        """Return the finding priority: the primitive's when the call always blocks, low when
        only some paths block (which ones depends on arguments and state the search inside the
        library does not know)."""
        return PRIMITIVES_BY_NAME[self.call].priority if self.always else PRIORITIES[-1]

    def pack(self) -> tuple[Any, ...]:
        """Return the effect as plain data for the cache."""
        return tuple(getattr(self, name) for name in _EFFECT_FIELDS)


_EFFECT_FIELDS = tuple(Effect.__dataclass_fields__)


def _rank(effect: Effect) -> tuple[int, bool]:
    return PRIORITIES.index(effect.priority), not effect.always


_EFFECT_TYPES = (str, str, str, tuple, bool, int, str, str)


def _unpackable(packed: object) -> bool:
    """Tell whether a stored effect has the layout ``Effect.pack`` writes (None: no effect)."""
    if packed is None:
        return True
    if not isinstance(packed, tuple) or len(packed) != len(_EFFECT_FIELDS):
        return False
    if not all(isinstance(value, kind) for value, kind in zip(packed, _EFFECT_TYPES, strict=True)):
        return False
    return packed[2] in PRIMITIVES_BY_NAME and all(
        isinstance(hop, tuple) and len(hop) == 3 and isinstance(hop[2], int) for hop in packed[3]
    )


class Libraries:
    """The third-party sources of one scan, loaded on demand, and the effects of calls into them.

    Args:
        environment: where the packages are installed.
        own: the project's top-level module names (a project package hides a library's).
        imported: the top-level names the project imports.
        cache_dir: where library summaries and effects are cached (None: nowhere).
        key: what else the effects depend on (the rule tables of the scan).
    """

    def __init__(
        self,
        environment: Environment,
        own: set[str],
        imported: set[str],
        cache_dir: Path | None = None,
        *,
        max_bytes: int = LIBRARY_MAX_FILE_BYTES,
        jobs: int | None = None,
        nonblocking: frozenset[str] = frozenset(),
        key: str = "",
    ) -> None:
        self.environment = environment
        self.nonblocking = nonblocking
        self.project = Project()
        self.owners: dict[str, Distribution] = {}  # module -> distribution
        self.compiled: list[str] = []  # top-level modules without source
        self.tops: set[str] = set()  # top-level modules with summarised source
        self.cache_hits = self.cache_misses = self.unreadable = self.unanalysable = 0
        self.truncated = self.loaded = False
        self.seconds = 0.0
        self._skip = own | set(sys.stdlib_module_names) | {"__future__", "__main__"}
        self._imported = imported - self._skip
        self._cache_dir = cache_dir
        self._max_bytes = max_bytes
        self._jobs = jobs
        # Unowned files the answers depend on: path -> (size, modification time).
        self.stamps: dict[str, tuple[int, int]] = {}
        self._effects: dict[str, Effect | None] = {}
        # (project function, line, library name) -> library callables handed to that call
        self.handed_at: dict[tuple[str, int, str], tuple[str, ...]] = {}
        self._stored: dict[str, tuple[Any, ...] | None] = {}
        self._new = False
        self._effects_file: Path | None = None
        if cache_dir is not None:
            digest = hashlib.blake2b(digest_size=16)
            identity = (environment.fingerprint(), key, sorted(nonblocking), sorted(own))
            digest.update(repr(identity).encode())
            self._effects_file = cache_dir / "libraries" / f"effects-{digest.hexdigest()}.bin"
            stored = read_sealed(self._effects_file)
            if isinstance(stored, dict) and isinstance(stored.get("effects"), dict):
                if unchanged(stored.get("stamps")):
                    self._stored = stored["effects"]
                    self.stamps = dict(stored["stamps"])
        self._resolver: Any = None
        self._index: Any = None
        self._branches = Branches(max(max_bytes, LIBRARY_MAX_FILE_BYTES))
        self._nonblocking_definitions: frozenset[str] | None = None

    # loading ---------------------------------------------------------------------------------

    def load(self) -> None:
        """Summarise the imported packages and theirs (once; see ``load_libraries``)."""
        if not self.loaded:
            self.loaded = True
            started = time.perf_counter()
            _load(self)
            self.seconds += time.perf_counter() - started

    def save(self) -> None:
        """Store the effects computed by this scan with those of earlier scans."""
        if self._new and self._effects_file is not None:
            packed = {
                name: effect.pack() if effect is not None else None
                for name, effect in self._effects.items()
            }
            effects = {**self._stored, **packed}
            write_sealed(self._effects_file, {"stamps": self.stamps, "effects": effects})
            self._new = False

    def describe(self) -> dict[str, Any]:
        """Return the report's ``libraries`` block."""
        dists = {dist for dist in self.owners.values() if dist != _UNOWNED}
        return {
            **self.environment.describe(),
            "loaded": self.loaded,
            "distributions": len(dists),
            "modules": len(self.project.modules),
            "lines": self.project.lines,
            "compiled_only": sorted(self.compiled),
            "cache_hits": self.cache_hits,
            "cache_misses": self.cache_misses,
            "truncated": self.truncated,
            "unreadable": self.unreadable,
            "unanalysable": self.unanalysable,
            "effects": sum(1 for effect in self._effects.values() if effect is not None),
            "seconds": round(self.seconds, 3),
        }

    # effects ---------------------------------------------------------------------------------

    def effect(self, name: str) -> Effect | None:
        """Return what calling ``name`` may block on inside the libraries (None: nothing)."""

        def search() -> Effect | None:
            start = self._definition(name)
            return self._search(name, start) if start is not None else None

        return self._answer(name, self.imports(name), search)

    def handed(self, name: str, handed: str) -> Effect | None:
        """Return what calling ``name`` with the library callable ``handed`` as an argument may
        block on when ``name`` calls one of its parameters: the chain goes from the parameter
        call into ``handed`` (`Watch().stream(api.list_namespaced_pod)` blocks in the request).
        """
        inner = self.effect(handed)

        def search() -> Effect | None:
            start = self._definition(name)
            return self._through_parameter(name, start, inner) if start and inner else None

        return self._answer(f"{name}<-{handed}", inner is not None and self.imports(name), search)

    def _answer(
        self, key: str, applies: bool, search: Callable[[], Effect | None]
    ) -> Effect | None:
        """Return the effect stored under ``key`` in this scan or an earlier one, else search
        the libraries (loading them) when ``applies``, and keep the answer."""
        if key in self._effects:
            return self._effects[key]
        found: Effect | None = None
        if key in self._stored and _unpackable(packed := self._stored[key]):
            found = Effect(*packed) if packed is not None else None
        elif applies:
            self.load()
            try:
                found = search()
            except RecursionError:  # library code nested beyond the resolver's bounds
                self.unanalysable += 1
            self._new = True
        self._effects[key] = found
        return found

    def imports(self, name: str) -> bool:
        """Tell whether a name belongs to a third-party package the project imports."""
        return name.partition(".")[0] in self._imported and name not in self.nonblocking

    def at_call(self, name: str, handed: tuple[str, ...]) -> Effect | None:
        """Return the effect a call of ``name`` with these library callables as arguments shows:
        the one through a handed callable when it ranks at least as high as the direct one."""
        best = self.effect(name)
        for candidate in (self.handed(name, h) for h in handed):
            if candidate is not None and (best is None or _rank(candidate) <= _rank(best)):
                best = candidate
        return best

    def _through_parameter(self, name: str, start: str, inner: Effect) -> Effect | None:
        resolver, index = self._tools()
        calls = index.sites(start).param_calls
        if not calls:
            return None
        line = calls[0][0]
        record = resolver.functions[start][1]
        here = self._branches.always(self._path(start), record["line"], line)
        return Effect(
            name,
            self._short(start),
            inner.call,
            ((self._short(start), str(self._path(start)), line), *inner.chain),
            here and inner.always,
            inner.reachable,
            inner.distribution,
            inner.version,
        )

    def _tools(self) -> tuple[Any, Any]:
        if self._resolver is None:
            from .resolve import Resolver
            from .roots import CALLBACK_METHODS, CALLBACKS
            from .sites import SiteIndex

            resolver = Resolver(self.project)
            self._resolver = resolver
            self._index = SiteIndex(
                resolver,
                frozenset(CALLBACKS),
                frozenset(CALLBACK_METHODS),
                aliases=self._aliases(
                    resolver, [*PRIMITIVES_BY_NAME, *_OFFLOADER_NAMES, *self.nonblocking]
                ),
                overrides=False,
                by_name=True,
                fields=False,
            )
        return self._resolver, self._index

    @property
    def _declared(self) -> frozenset[str]:
        """Return the library definitions of the names declared not to block."""
        if self._nonblocking_definitions is None:
            resolver, _ = self._tools()
            found: set[str] = set()
            for name in self.nonblocking:
                start = self._definition(name)
                value = resolver.canon(name)
                found.update(
                    item
                    for item in (start, value[1] if value and value[0] == "q" else None)
                    if item is not None
                )
            self._nonblocking_definitions = frozenset(found)
        return self._nonblocking_definitions

    def _aliases(self, resolver: Any, names: Iterable[str]) -> dict[str, str]:
        """Map the library definitions of table names to those names (tables win)."""
        aliases: dict[str, str] = {}
        for name in names:
            if name.partition(".")[0] not in self.tops:
                continue
            value = resolver.canon(name)
            if value is not None and value[0] == "q" and value[1] != name:
                aliases.setdefault(value[1], name)
        return aliases

    def _definition(self, name: str) -> str | None:
        if name.partition(".")[0] not in self.tops:
            return None
        resolver, _ = self._tools()
        value = resolver.canon(name)
        if value is None or value[0] != "q":
            return None
        target = value[1]
        if target in resolver.functions:
            return str(target)
        if target in resolver.classes:
            for special in ("__init__", "__post_init__"):
                method = resolver.member(target, special, skip_first=False)
                if method is not None and method[1] in resolver.functions:
                    return str(method[1])
        return None

    def _search(self, name: str, start: str) -> Effect | None:
        resolver, index = self._tools()
        functions = resolver.functions
        parent: dict[str, tuple[str, int, bool] | None] = {start: None}
        queue = deque([start])
        found: list[tuple[str, Any]] = []
        declared = self._declared
        while queue and len(parent) < MAX_VISITED:
            fn = queue.popleft()
            sites = index.sites(fn)
            found.extend((fn, b) for b in sites.blocks if b.call not in self.nonblocking)
            caller_async = bool(functions[fn][1]["async"])
            fanout = Counter(edge.line for edge in sites.edges)
            for edge in sites.edges:
                if edge.into_async and not caller_async:
                    continue  # calling an async function from sync code only makes a coroutine
                if edge.target in declared:
                    continue  # declared not to block
                if edge.target not in parent:
                    guess = edge.guessed or fanout[edge.line] > 1
                    parent[edge.target] = (fn, edge.line, guess)
                    queue.append(edge.target)
        if not found:
            return None
        ranked = []
        for order, (fn, block) in enumerate(found[:_CANDIDATES]):
            hops, ambiguous = self._hops(parent, fn)
            chain = (*hops, (fn, block.line))
            if self._windows(chain):
                continue  # a Windows-only path: the servers we protect run on POSIX
            always = not ambiguous and self._always(chain)
            rank = PRIORITIES.index(PRIMITIVES_BY_NAME[block.call].priority) + (not always)
            ranked.append((rank, not always, order, chain, always, block.call))
        if not ranked:
            return None
        _, _, _, chain, always, call = min(ranked)
        dist = self.owners.get(functions[start][0], _UNOWNED)
        return Effect(
            name,
            self._short(start),
            call,
            tuple((self._short(fn), str(self._path(fn)), line) for fn, line in chain),
            always,
            len({(fn, block.line, block.column) for fn, block in found}),
            dist.name,
            dist.version,
        )

    @staticmethod
    def _hops(parent: dict[str, Any], fn: str) -> tuple[list[tuple[str, int]], bool]:
        hops: list[tuple[str, int]] = []
        ambiguous = False
        step = parent[fn]
        while step is not None:
            caller, line, many = step
            hops.append((caller, line))
            ambiguous = ambiguous or many
            step = parent[caller]
        hops.reverse()
        return hops, ambiguous

    def _always(self, chain: Iterable[tuple[str, int]]) -> bool:
        return all(self._each_hop(chain, self._branches.always))

    def _windows(self, chain: Iterable[tuple[str, int]]) -> bool:
        return any(self._each_hop(chain, self._branches.windows_only))

    def _each_hop(
        self, chain: Iterable[tuple[str, int]], test: Callable[[Path, int, int], bool]
    ) -> Iterator[bool]:
        """Yield ``test(file, definition line, call line)`` for each hop of a chain, lazily."""
        for fn, line in chain:
            yield test(self._path(fn), self._resolver.functions[fn][1]["line"], line)

    def _path(self, fn: str) -> Path:
        module = self._resolver.functions[fn][0]
        return self.project.modules[module].path

    def _short(self, fn: str) -> str:
        module, record = self._resolver.functions[fn]
        return f"{module}.{record['q']}"


def load_libraries(
    environment: Environment,
    project: Project,
    cache_dir: Path | None,
    *,
    max_bytes: int,
    jobs: int | None = None,
    nonblocking: frozenset[str] = frozenset(),
    key: str = "",
) -> Libraries:
    """Return the libraries of a project's environment, ready to answer ``effect`` queries.

    Nothing is summarised yet: the first query no stored effect answers loads the packages the
    project imports, then the ones those import, and so on, level by level; each level's
    uncached files are summarised together, across cores.
    """
    own = {module.partition(".")[0].partition("#")[0] for module in project.modules}
    imported = _tops(source.summary for source in project.files)
    return Libraries(
        environment,
        own,
        imported,
        cache_dir,
        max_bytes=max_bytes,
        jobs=jobs,
        nonblocking=nonblocking,
        key=key,
    )


def _load(libraries: Libraries) -> None:
    environment, cache_dir = libraries.environment, libraries._cache_dir
    level = sorted(libraries._imported)
    seen = set(level)
    loaded = 0
    while level:
        groups: list[_Group] = []
        for top in level:
            located = locate_module(top, environment.paths)
            libraries.unreadable += located.unlistable
            files = located.files
            if located.compiled:
                libraries.compiled.append(top)
            if not files:
                continue
            if loaded + len(files) > MAX_LIBRARY_FILES:
                libraries.truncated = True
                continue
            loaded += len(files)
            libraries.tops.add(top)
            groups.extend(_groups(top, files, environment, cache_dir, libraries.stamps))
        _summarise(groups, libraries, libraries._max_bytes, libraries._jobs)
        imported: set[str] = set()
        for group in groups:
            imported |= _tops(_add(group, libraries))
        level = sorted(imported - libraries._skip - seen)
        seen.update(level)


@dataclass
class _Group:
    """One distribution's files under one top-level module: the unit of the library cache."""

    top: str
    dist: Distribution
    members: list[tuple[Path, str]]
    where: Path | None
    summaries: dict[str, dict[str, Any] | None] = field(default_factory=dict)


def _tops(summaries: Iterable[dict[str, Any]]) -> set[str]:
    return {name for name in imported_names(summaries) if "." not in name}


def _groups(
    top: str,
    files: list[tuple[Path, str]],
    environment: Environment,
    cache_dir: Path | None,
    stamps: dict[str, tuple[int, int]],
) -> list[_Group]:
    """Return a top-level module's files by distribution; add the unowned ones to ``stamps``."""
    by_dist: dict[Distribution, list[tuple[Path, str]]] = {}
    for path, module in files:
        by_dist.setdefault(environment.owner(path) or _UNOWNED, []).append((path, module))
    groups = []
    for dist, members in by_dist.items():
        found = file_stamps(path for path, _ in members) if dist == _UNOWNED else {}
        stamps.update(found)
        key = _group_key(top, dist, members, found)
        groups.append(
            _Group(top, dist, members, cache_dir / "libraries" / key if cache_dir else None)
        )
    return groups


def _add(group: _Group, libraries: Libraries) -> list[dict[str, Any]]:
    """Add a group's summarised modules to the library project; return their summaries."""
    added = []
    for path, module in group.members:
        summary = group.summaries.get(module)
        if summary is None or module in libraries.project.modules:
            continue
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        source = SourceFile(path, module, package, b"", summary)
        libraries.project.files.append(source)
        libraries.project.modules[module] = source
        libraries.project.lines += summary.get("lines", 0)
        libraries.owners[module] = group.dist
        added.append(summary)
    return added


def _group_key(
    top: str,
    dist: Distribution,
    members: list[tuple[Path, str]],
    stamps: dict[str, tuple[int, int]],
) -> str:
    if dist != _UNOWNED:
        identity = f"{dist.name}-{dist.version}"
    else:  # no metadata lists these files: their sizes and times stand for a version
        digest = hashlib.blake2b(digest_size=12)
        for path, module in members:
            digest.update(repr((str(path), module, stamps[str(path)])).encode())
        identity = f"unowned-{digest.hexdigest()}"
    safe = "".join(c if c.isalnum() or c in "-._" else "_" for c in f"{top}--{identity}")
    return f"{safe}-{PYTHON_TAG}.bin"


def _summarise(
    groups: list[_Group], libraries: Libraries, max_bytes: int, jobs: int | None
) -> None:
    """Fill each group's summaries from its cache file, or summarise its files (all misses of
    all groups together, across cores) and store the group."""
    misses = []
    for group in groups:
        stored = read_sealed(group.where) if group.where is not None else None
        if isinstance(stored, dict) and all(
            module in stored and (stored[module] is None or is_summary(stored[module]))
            for _, module in group.members
        ):
            libraries.cache_hits += 1
            group.summaries = stored
        else:
            libraries.cache_misses += 1
            misses.append(group)
    reads = []
    for group in misses:
        group.summaries = dict.fromkeys((module for _, module in group.members), None)
        for path, module in group.members:
            data = read_source(path, max(max_bytes, LIBRARY_MAX_FILE_BYTES))
            if isinstance(data, bytes):
                reads.append((group, path, module, data))
            else:
                libraries.unreadable += 1
    workers = min(jobs if jobs is not None else available_cores(), len(reads))
    outcomes: list[Outcome] = [(None, None)] * len(reads)
    if workers > 1 and sum(len(read[3]) for read in reads) >= PARALLEL_MIN_BYTES:
        try:
            outcomes = summarise_in_workers([(path, data) for _, path, _, data in reads], workers)
        except (OSError, RuntimeError):  # no processes here: summarise in this one
            pass
    for (group, path, module, data), (blob, error) in zip(reads, outcomes, strict=True):
        summary = _summary(path, data, blob, error)
        if summary is None:
            libraries.unreadable += 1  # it does not parse here: its names stay unresolved
            continue
        summary["lines"] = data.count(b"\n")
        group.summaries[module] = summary
    for group in misses:
        if group.where is not None:
            # Files that failed stay as None, so the next scan does not retry them.
            write_sealed(group.where, group.summaries)


def _summary(
    path: Path, data: bytes, blob: bytes | None, error: dict[str, Any] | None
) -> dict[str, Any] | None:
    if error is not None:
        return None
    if blob is not None:
        # Library summaries are stored whole, with marshal: their records are plain dicts.
        return unpack_summary(blob, lazy=False)
    text = decode_source(path, data)
    if isinstance(text, dict):
        return None
    summary, _ = summarise_source(path, text)
    return summary
