"""The runtime gate and the static detector watch the same primitives, or say why not.

The runtime side is what the gate patches: Blockbuster's defaults plus the project's
`_PROJECT_BLOCKING_RULES`. The static side is the detector's `PRIMITIVES`. Each name on one side
only must match an entry of the allow-list for that side, and every allow-list entry must still
match a difference and no primitive both sides watch, so the list cannot go stale or hide a
future removal. Patterns use `fnmatch` syntax.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

import pytest
from blockbuster import BlockBuster

from blocking_io.static.primitives import PRIMITIVES
from tests.support.detectors.blocking_io_runtime import _PROJECT_BLOCKING_RULES


@dataclass(frozen=True)
class Divergence:
    """Names (`fnmatch` patterns) one side watches and the other does not, and why."""

    patterns: tuple[str, ...]
    reason: str

    def matches(self, name: str) -> bool:
        """Tell whether `name` matches one of the patterns."""
        return any(fnmatchcase(name, pattern) for pattern in self.patterns)


_BY_LOWER_CALL = "At run time it reaches a lower-level call the gate patches: {}."
_RUNTIME_BLIND = "A runtime blind spot: nothing below it is patched; the detector covers it."

# Watched by the detector only.
STATIC_ONLY: tuple[Divergence, ...] = (
    Divergence(
        ("pathlib.Path.*",), _BY_LOWER_CALL.format("`os.stat`, `os.lstat`, `io.open`, `os.*`")
    ),
    Divergence(
        ("os.path.[eglr]*", "os.path.isdir", "os.path.isfile", "os.path.samefile"),
        _BY_LOWER_CALL.format("`os.stat` or `os.lstat`"),
    ),
    Divergence(("os.makedirs",), _BY_LOWER_CALL.format("`os.mkdir` and `os.stat`")),
    Divergence(("os.removedirs",), _BY_LOWER_CALL.format("`os.rmdir`")),
    Divergence(("os.renames",), _BY_LOWER_CALL.format("`os.rename` and `os.mkdir`")),
    Divergence(("os.*walk",), _BY_LOWER_CALL.format("`os.scandir`")),
    Divergence(("glob.*",), _BY_LOWER_CALL.format("`os.scandir`")),
    Divergence(("shutil.*",), _BY_LOWER_CALL.format("`os.*` syscalls and file reads and writes")),
    Divergence(("tempfile.*",), _BY_LOWER_CALL.format("`os.open` or `os.mkdir`")),
    Divergence(
        ("bz2.open", "codecs.open", "gzip.open", "lzma.open"),
        _BY_LOWER_CALL.format("`builtins.open` and the file reads and writes"),
    ),
    Divergence(("json.*",), _BY_LOWER_CALL.format("the reads and writes of the file object")),
    Divergence(("pickle.*",), _BY_LOWER_CALL.format("the reads and writes of the file object")),
    Divergence(("tomllib.load",), _BY_LOWER_CALL.format("the reads of the file object")),
    Divergence(("configparser.*",), _BY_LOWER_CALL.format("`builtins.open` and the reads")),
    Divergence(
        ("tarfile.*",), _BY_LOWER_CALL.format("`builtins.open` and the file reads and writes")
    ),
    Divergence(("zipfile.*",), _BY_LOWER_CALL.format("`io.open` and the file reads and writes")),
    Divergence(
        ("gzip.GzipFile",), _BY_LOWER_CALL.format("`builtins.open` and the reads and writes")
    ),
    Divergence(("httpx.*", "httpx2.*"), _BY_LOWER_CALL.format("`socket.socket` methods")),
    Divergence(("requests.*",), _BY_LOWER_CALL.format("`socket.socket` methods")),
    Divergence(("urllib3.*",), _BY_LOWER_CALL.format("`socket.socket` methods")),
    Divergence(("urllib.request.*",), _BY_LOWER_CALL.format("`socket.socket` methods")),
    Divergence(("http.client.*",), _BY_LOWER_CALL.format("`socket.socket` methods")),
    Divergence(("smtplib.*",), _BY_LOWER_CALL.format("`socket.getaddrinfo` and `socket.socket`")),
    Divergence(("socket.create_connection",), _BY_LOWER_CALL.format("`socket.getaddrinfo`")),
    Divergence(("socket.socket.sendfile",), _BY_LOWER_CALL.format("`os.sendfile`")),
    Divergence(
        ("subprocess.[!P]*",),
        _BY_LOWER_CALL.format("the project rule on `subprocess.Popen.__init__`"),
    ),
    Divergence(
        ("concurrent.futures.Future.result",), _BY_LOWER_CALL.format("`threading.Lock.acquire`")
    ),
    Divergence(("threading.Event.wait",), _BY_LOWER_CALL.format("`threading.Lock.acquire`")),
    Divergence(("threading.Thread.join",), _BY_LOWER_CALL.format("`threading.Lock.acquire`")),
    Divergence(("queue.Queue.get",), _BY_LOWER_CALL.format("`threading.Lock.acquire`")),
    Divergence(("subprocess.Popen.*",), _RUNTIME_BLIND + " Waiting is `os.waitpid` in C."),
    Divergence(
        ("os.wait", "os.waitpid"), _RUNTIME_BLIND + " The wait happens in the syscall itself."
    ),
    Divergence(
        ("io.*.flush",),
        _RUNTIME_BLIND + " A rule on `flush` fires on every `close` of a read-only file, which "
        "flushes first.",
    ),
    Divergence(("os.system",), _RUNTIME_BLIND + " The fork and wait happen in C."),
    Divergence(("os.popen",), _RUNTIME_BLIND + " It spawns through `subprocess.Popen` lazily."),
    Divergence(("os.chown",), _RUNTIME_BLIND + " Rare in this project; no project rule yet."),
    Divergence(("os.truncate",), _RUNTIME_BLIND + " Rare in this project; no project rule yet."),
    Divergence(
        ("socket.getfqdn", "socket.gethostbyaddr", "socket.gethostbyname_ex", "socket.getnameinfo"),
        _RUNTIME_BLIND + " Reverse and extended lookups run in C.",
    ),
    Divergence(("sqlite3.Connection.backup",), _RUNTIME_BLIND + " The copy loop runs in C."),
    Divergence(
        ("ssl.SSLContext.*", "ssl.create_default_context"),
        _RUNTIME_BLIND + " Certificate files are read by OpenSSL in C.",
    ),
)

# Watched by the gate only.
RUNTIME_ONLY: tuple[Divergence, ...] = (
    Divergence(
        ("ssl.SSLSocket.*",),
        "Reads and writes on TLS sockets; the detector reports the client call that made them.",
    ),
    Divergence(
        ("socket.socket.recvfrom_into", "socket.socket.recvmsg"),
        "Datagram and ancillary-data receives; application code reaches them through clients the "
        "detector reports, not directly.",
    ),
    Divergence(
        ("os.DirEntry.stat",), "The detector reports the `os.scandir` that yields the entry."
    ),
    Divergence(("os.sendfile",), "The detector reports `socket.socket.sendfile`, its caller."),
    Divergence(("os.statvfs",), "The detector reports `shutil.disk_usage`, its caller."),
    Divergence(
        ("os.getcwd",),
        "Answered from the kernel's process state without a device round trip; a finding would be "
        "a false alarm, while the gate patches it by default and exempts it where needed.",
    ),
    Divergence(
        ("os.path.abspath",),
        "String work plus `os.getcwd` for relative paths; patched by Blockbuster's defaults.",
    ),
    Divergence(
        ("os.path.samestat",),
        "`samestat` compares two stat results it is given; it is not worth a finding.",
    ),
    Divergence(
        ("threading.Lock.acquire*",),
        "A bare lock acquire is usually uncontended; the detector reports the blocking waits "
        "built on it (`Event.wait`, `Thread.join`, `Queue.get`, `Future.result`).",
    ),
)


def _runtime_names() -> set[str]:
    project = {rule.target.removesuffix(".__init__") for rule in _PROJECT_BLOCKING_RULES}
    return set(BlockBuster().functions) | project


def _static_names() -> set[str]:
    return {primitive.name for primitive in PRIMITIVES}


def _unexplained(names: set[str], allowed: tuple[Divergence, ...]) -> list[str]:
    return sorted(name for name in names if not any(entry.matches(name) for entry in allowed))


def test_every_runtime_only_primitive_is_explained() -> None:
    assert _unexplained(_runtime_names() - _static_names(), RUNTIME_ONLY) == []


def test_every_static_only_primitive_is_explained() -> None:
    assert _unexplained(_static_names() - _runtime_names(), STATIC_ONLY) == []


@pytest.mark.parametrize(
    ("entry", "side"),
    [*((d, "static") for d in STATIC_ONLY), *((d, "runtime") for d in RUNTIME_ONLY)],
    ids=lambda value: value.patterns[0] if isinstance(value, Divergence) else value,
)
def test_allow_list_entry_matches_a_real_difference(entry: Divergence, side: str) -> None:
    runtime, static = _runtime_names(), _static_names()
    only = static - runtime if side == "static" else runtime - static
    for pattern in entry.patterns:
        assert any(fnmatchcase(name, pattern) for name in only), f"stale: {pattern}"
        assert not any(fnmatchcase(name, pattern) for name in runtime & static), (
            f"{pattern} also matches a primitive both sides watch; narrow it"
        )
    assert entry.reason.endswith(".")
