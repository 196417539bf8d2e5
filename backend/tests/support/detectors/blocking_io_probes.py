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

def rule_os_spawnl(files):
    os.spawnl(os.P_WAIT, sys.executable, sys.executable, "-c", "pass")


def rule_os_spawnle(files):
    os.spawnle(os.P_WAIT, sys.executable, sys.executable, "-c", "pass", dict(os.environ))


def rule_os_spawnlp(files):
    os.spawnlp(os.P_WAIT, sys.executable, sys.executable, "-c", "pass")


def rule_os_spawnlpe(files):
    os.spawnlpe(os.P_WAIT, sys.executable, sys.executable, "-c", "pass", dict(os.environ))


def rule_os_spawnv(files):
    os.spawnv(os.P_WAIT, sys.executable, [sys.executable, "-c", "pass"])


def rule_os_spawnve(files):
    os.spawnve(os.P_WAIT, sys.executable, [sys.executable, "-c", "pass"], dict(os.environ))


def rule_os_spawnvp(files):
    os.spawnvp(os.P_WAIT, sys.executable, [sys.executable, "-c", "pass"])


def rule_os_spawnvpe(files):
    os.spawnvpe(os.P_WAIT, sys.executable, [sys.executable, "-c", "pass"], dict(os.environ))


def rule_os_posix_spawn(files):
    os.waitpid(os.posix_spawn(sys.executable, [sys.executable, "-c", "pass"], dict(os.environ)), 0)


def rule_os_posix_spawnp(files):
    os.waitpid(os.posix_spawnp(sys.executable, [sys.executable, "-c", "pass"], dict(os.environ)), 0)


def rule_os_wait3(files):
    # WNOHANG: returns at once; without children it raises ChildProcessError instead.
    try:
        os.wait3(os.WNOHANG)
    except ChildProcessError:
        pass


def rule_os_wait4(files):
    # Process 1 is never our child, so the call returns at once with ChildProcessError.
    try:
        os.wait4(1, os.WNOHANG)
    except ChildProcessError:
        pass


def rule_os_waitid(files):
    try:
        os.waitid(os.P_PID, 1, os.WEXITED | os.WNOHANG)
    except ChildProcessError:
        pass


def rule_os_fdopen(files):
    os.fdopen(os.dup(files.fd), "rb").close()


def rule_io_open_code(files):
    io.open_code(files.text_path).close()


def rule_text_readlines(files):
    files.text_handle.readlines()


def rule_text_writelines(files):
    files.text_writer.writelines([])



def rule_text_truncate(files):
    files.text_writer.truncate()


def rule_buffered_read1(files):
    files.binary_handle.read1()


def rule_buffered_readinto(files):
    files.binary_handle.readinto(bytearray(4))


def rule_buffered_readlines(files):
    files.binary_handle.readlines()


def rule_writer_writelines(files):
    files.binary_writer.writelines([])



def rule_writer_truncate(files):
    files.binary_writer.truncate()


def rule_random_read1(files):
    files.random_handle.read1()


def rule_random_readinto(files):
    files.random_handle.readinto(bytearray(4))


def rule_random_readline(files):
    files.random_handle.readline()


def rule_random_readlines(files):
    files.random_handle.readlines()


def rule_random_writelines(files):
    files.random_handle.writelines([])



def rule_random_truncate(files):
    files.random_handle.truncate()


def rule_fileio_readall(files):
    files.raw_handle.readall()


def rule_fileio_readinto(files):
    files.raw_handle.readinto(bytearray(4))


def rule_fileio_readline(files):
    files.raw_handle.readline()


def rule_fileio_readlines(files):
    files.raw_handle.readlines()


def rule_fileio_write(files):
    files.raw_writer.write(b"")


def rule_fileio_writelines(files):
    files.raw_writer.writelines([])


def rule_fileio_truncate(files):
    files.raw_writer.truncate()
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
    "os.spawnl": "rule_os_spawnl",
    "os.spawnle": "rule_os_spawnle",
    "os.spawnlp": "rule_os_spawnlp",
    "os.spawnlpe": "rule_os_spawnlpe",
    "os.spawnv": "rule_os_spawnv",
    "os.spawnve": "rule_os_spawnve",
    "os.spawnvp": "rule_os_spawnvp",
    "os.spawnvpe": "rule_os_spawnvpe",
    "os.posix_spawn": "rule_os_posix_spawn",
    "os.posix_spawnp": "rule_os_posix_spawnp",
    "os.wait3": "rule_os_wait3",
    "os.wait4": "rule_os_wait4",
    "os.waitid": "rule_os_waitid",
    "os.fdopen": "rule_os_fdopen",
    "io.open_code": "rule_io_open_code",
    "io.TextIOWrapper.readlines": "rule_text_readlines",
    "io.TextIOWrapper.writelines": "rule_text_writelines",
    "io.TextIOWrapper.truncate": "rule_text_truncate",
    "io.BufferedReader.read1": "rule_buffered_read1",
    "io.BufferedReader.readinto": "rule_buffered_readinto",
    "io.BufferedReader.readlines": "rule_buffered_readlines",
    "io.BufferedWriter.writelines": "rule_writer_writelines",
    "io.BufferedWriter.truncate": "rule_writer_truncate",
    "io.BufferedRandom.read1": "rule_random_read1",
    "io.BufferedRandom.readinto": "rule_random_readinto",
    "io.BufferedRandom.readline": "rule_random_readline",
    "io.BufferedRandom.readlines": "rule_random_readlines",
    "io.BufferedRandom.writelines": "rule_random_writelines",
    "io.BufferedRandom.truncate": "rule_random_truncate",
    "io.FileIO.readall": "rule_fileio_readall",
    "io.FileIO.readinto": "rule_fileio_readinto",
    "io.FileIO.readline": "rule_fileio_readline",
    "io.FileIO.readlines": "rule_fileio_readlines",
    "io.FileIO.write": "rule_fileio_write",
    "io.FileIO.writelines": "rule_fileio_writelines",
    "io.FileIO.truncate": "rule_fileio_truncate",
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
    text_writer: IO[str]
    binary_writer: IO[bytes]
    random_handle: IO[bytes]
    raw_writer: IO[bytes]


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
        # Writers on a second file, so the readers above keep seeing the same two lines.
        write_path = directory / "probe-writes.bin"
        handles.append(open(write_path, "a", encoding="utf-8"))  # closed in finally
        handles.append(open(write_path, "ab"))  # closed in finally
        handles.append(open(write_path, "r+b"))  # closed in finally
        handles.append(open(write_path, "ab", buffering=0))  # closed in finally
        yield ProbeFiles(
            text_path=str(text_path),
            db_path=str(directory / "probe.db"),
            fd=fd,
            text_handle=handles[0],
            binary_handle=handles[1],
            raw_handle=handles[2],
            entry=entry,
            text_writer=handles[3],
            binary_writer=handles[4],
            random_handle=handles[5],
            raw_writer=handles[6],
        )
    finally:
        for handle in handles:
            handle.close()
        os.close(fd)
