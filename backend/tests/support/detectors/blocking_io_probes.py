"""Probe code whose frames count as inside a scanned package, for tests of the blocking-IO gate.

The gate decides by frame filename. `load_probe` compiles `PROBE_SOURCE` with a filename inside the
`deerflow` package directory (or beside it, for a sibling package), so the probe's frames look
scanned while no probe code is added to the production package: the file never exists on disk.
Its lines are registered in `linecache`, so tracebacks still show the probe source.
"""

from __future__ import annotations

import importlib
import linecache
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import IO, Any

__all__ = [
    "AUDIT_PROBES",
    "AUDIT_PROBE_SOURCE",
    "PROBE_SOURCE",
    "RULE_PROBES",
    "ProbeFiles",
    "load_probe",
    "probe_files",
    "probe_line",
    "scanned_probe_path",
    "sibling_probe_path",
]

PROBE_SOURCE = """\
import asyncio
import io
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time


def call(function, *args, **kwargs):
    return function(*args, **kwargs)  # probe: call


def sleep():
    time.sleep(0)  # probe: sleep


async def offloaded_sleep():
    await asyncio.to_thread(time.sleep, 0)


async def spawn_offloaded_subprocess():
    process = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    return await process.wait()


def log_warning(logger):
    logger.warning("probe record")  # probe: log


def log_exception(logger):
    try:
        json.loads("{")
    except ValueError:
        logger.exception("probe failure")


def rule_builtins_open(files):
    open(files.text_path, "rb").close()


def rule_io_open(files):
    io.open(files.text_path, "rb").close()


def rule_os_open(files):
    os.close(os.open(files.text_path, os.O_RDONLY))


def rule_os_lstat(files):
    os.lstat(files.text_path)


def rule_os_fsync(files):
    os.fsync(files.fd)


def rule_os_chmod(files):
    os.chmod(files.text_path, 0o644)


def rule_os_utime(files):
    os.utime(files.text_path)


def rule_sqlite3_connect(files):
    sqlite3.connect(files.db_path).close()


def rule_socket_getaddrinfo(files):
    socket.getaddrinfo("localhost", None)


def rule_socket_gethostbyname(files):
    socket.gethostbyname("localhost")


def rule_subprocess_popen(files):
    # close_fds=False takes the posix_spawn path, which reads no error pipe.
    subprocess.Popen([sys.executable, "-c", "pass"], close_fds=False).wait()


def rule_text_readline(files):
    files.text_handle.readline()


def rule_buffered_readline(files):
    files.binary_handle.readline()


def rule_fileio_read(files):
    files.raw_handle.read()


def rule_direntry_stat(files):
    files.entry.stat()
"""

# Blind spots of patching that the audit-hook layer closes. Loaded before any gate activates, so
# every name below is bound to the original, unpatched object.
AUDIT_PROBE_SOURCE = """\
import asyncio
import importlib
import io
import os
import sqlite3.dbapi2
import socket
from os import listdir, mkdir, remove, rename, rmdir, scandir

CONNECT = socket.socket.connect


def prebound_mkdir(directory):
    mkdir(os.path.join(directory, "made"))  # probe: prebound_mkdir


def prebound_listdir(directory):
    listdir(directory)  # probe: prebound_listdir


def prebound_scandir(directory):
    scandir(directory).close()  # probe: prebound_scandir


def prebound_rename(directory):
    path = os.path.join(directory, "a.txt")
    rename(path, path + ".moved")  # probe: prebound_rename


def prebound_remove(directory):
    remove(os.path.join(directory, "a.txt"))  # probe: prebound_remove


def prebound_rmdir(directory):
    rmdir(os.path.join(directory, "empty"))  # probe: prebound_rmdir


def default_argument_open(directory, opener=open):
    opener(os.path.join(directory, "a.txt")).close()  # probe: default_argument_open


def c_constructor_open(directory):
    io.FileIO(os.path.join(directory, "a.txt")).close()  # probe: c_constructor_open


def c_open_code(directory):
    io.open_code(os.path.join(directory, "a.txt")).close()  # probe: c_open_code


def library_bound_connect(directory):
    sqlite3.dbapi2.connect(os.path.join(directory, "a.db")).close()  # probe: library_bound_connect


def open_file_descriptor(fd):
    return io.FileIO(fd, "rb")


def prebound_connect(sock, port):
    CONNECT(sock, ("127.0.0.1", port))  # probe: prebound_connect


def import_fresh_module(name):
    return importlib.import_module(name)


async def open_loopback_connection(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.close()
    await writer.wait_closed()
"""

# Probe function in AUDIT_PROBE_SOURCE -> the primitive the audit-hook layer reports for it.
AUDIT_PROBES: dict[str, str] = {
    "prebound_mkdir": "os.mkdir",
    "prebound_listdir": "os.listdir",
    "prebound_scandir": "os.scandir",
    "prebound_rename": "os.rename",
    "prebound_remove": "os.remove",
    "prebound_rmdir": "os.rmdir",
    "default_argument_open": "builtins.open",
    "c_constructor_open": "builtins.open",
    "c_open_code": "builtins.open",
    "library_bound_connect": "sqlite3.connect",
}

# Project rule target -> probe function in PROBE_SOURCE that calls exactly that primitive.
RULE_PROBES: dict[str, str] = {
    "builtins.open": "rule_builtins_open",
    "io.open": "rule_io_open",
    "os.open": "rule_os_open",
    "os.lstat": "rule_os_lstat",
    "os.fsync": "rule_os_fsync",
    "os.chmod": "rule_os_chmod",
    "os.utime": "rule_os_utime",
    "sqlite3.connect": "rule_sqlite3_connect",
    "socket.getaddrinfo": "rule_socket_getaddrinfo",
    "socket.gethostbyname": "rule_socket_gethostbyname",
    "subprocess.Popen.__init__": "rule_subprocess_popen",
    "io.TextIOWrapper.readline": "rule_text_readline",
    "io.BufferedReader.readline": "rule_buffered_readline",
    "io.FileIO.read": "rule_fileio_read",
    "os.DirEntry.stat": "rule_direntry_stat",
}


def scanned_probe_path(package: str = "deerflow", name: str = "_gate_probe.py") -> str:
    """Return a path inside `package`'s directory for a probe that never exists on disk."""
    return os.path.join(importlib.import_module(package).__path__[0], name)


def sibling_probe_path(package: str, sibling: str, name: str = "_gate_probe.py") -> str:
    """Return a probe path in `sibling`, a directory beside `package` sharing its name prefix."""
    package_dir = importlib.import_module(package).__path__[0]
    return os.path.join(os.path.dirname(package_dir), sibling, name)


def load_probe(path: str, source: str = PROBE_SOURCE) -> ModuleType:
    """Compile `source` as the file `path` and return it as an unregistered module."""
    module = ModuleType(f"gate_probe_{abs(hash(path))}")
    module.__file__ = path
    linecache.cache[path] = (len(source), None, source.splitlines(keepends=True), path)
    exec(compile(source, path, "exec"), module.__dict__)
    return module


def probe_line(marker: str, source: str = PROBE_SOURCE) -> int:
    """Return the 1-based line of `source` that ends with the comment `# probe: <marker>`."""
    for number, line in enumerate(source.splitlines(), start=1):
        if line.endswith(f"# probe: {marker}"):
            return number
    raise ValueError(f"No line ends with `# probe: {marker}` in the probe source.")


@dataclass
class ProbeFiles:
    """Real files and handles under a temporary directory, opened outside any scanned frame."""

    text_path: str
    db_path: str
    fd: int
    text_handle: IO[str]
    binary_handle: IO[bytes]
    raw_handle: IO[bytes]
    entry: os.DirEntry[str]


@contextmanager
def probe_files(directory: Path) -> Iterator[ProbeFiles]:
    """Yield `ProbeFiles` under `directory` and close every handle afterwards."""
    text_path = directory / "probe.txt"
    text_path.write_text("first line\nsecond line\n", encoding="utf-8")
    with os.scandir(directory) as entries:
        entry = next(item for item in entries if item.name == "probe.txt")
    handles: list[Any] = []
    fd = os.open(text_path, os.O_RDWR)
    try:
        handles.append(open(text_path, encoding="utf-8"))  # closed in finally
        handles.append(open(text_path, "rb"))  # closed in finally
        handles.append(open(text_path, "rb", buffering=0))  # closed in finally
        yield ProbeFiles(
            text_path=str(text_path),
            db_path=str(directory / "probe.db"),
            fd=fd,
            text_handle=handles[0],
            binary_handle=handles[1],
            raw_handle=handles[2],
            entry=entry,
        )
    finally:
        for handle in handles:
            handle.close()
        os.close(fd)
