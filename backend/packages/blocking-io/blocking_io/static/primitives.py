"""Blocking primitives: the calls that stall the event loop, with priority and remedy.

Every entry names a call by its qualified name. Methods are named by receiver type
(`<module>.<Class>.<method>`) and match only on values whose type the detector knows.
Priority: ``high`` for calls that routinely block for long (network, subprocess, sleep,
sqlite, tree walks, waits on other threads), ``medium`` for file IO, ``low`` for cheap
metadata calls.
"""

# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass

from .libfacts import LIBRARY_FACTS

__all__ = [
    "CHILD_WAIT_REASON",
    "FILE_READ_REASON",
    "FILE_WRITE_REASON",
    "HTTPX2_CLIENT_REASON",
    "HTTPX2_HELPER_REASON",
    "OPERATIONS",
    "POSIX_SPAWN_REASON",
    "PRIMITIVES",
    "PRIMITIVES_BY_NAME",
    "PRIORITIES",
    "SPAWN_REASON",
    "URLLIB3_POOL_REASON",
    "Primitive",
]

PRIORITIES = ("high", "medium", "low")
OPERATIONS = (
    "sleep",
    "file",
    "filesystem",
    "stat",
    "subprocess",
    "http",
    "socket",
    "dns",
    "sqlite",
    "wait",
)


@dataclass(frozen=True)
class Primitive:
    """A blocking call the detector reports when it runs on the event loop."""

    name: str
    operation: str
    priority: str
    hint: str
    reason: str


# Reasons shared by several primitives, written once; the docs extension resolves these names.
FILESYSTEM_SYSCALL_REASON = (
    "A filesystem syscall that waits for the disk (and for network filesystems, the network)."
)
METADATA_SYSCALL_REASON = "A cheap metadata syscall, but still a disk round trip that can stall on slow or network filesystems."
PATH_FILESYSTEM_REASON = "A Path method that performs filesystem syscalls synchronously."
PATH_METADATA_REASON = "A Path method that makes a metadata syscall (stat, lstat or getcwd)."
HTTPX_CLIENT_REASON = "httpx.Client is the synchronous client; each request waits for the response."
HTTPX_HELPER_REASON = "The module-level httpx helpers are synchronous and wait for the response."
SUBPROCESS_START_REASON = "Starts a process (fork and exec) and usually waits for it to finish."
REQUESTS_SESSION_REASON = "A synchronous HTTP request made through a requests session."
SOCKET_BLOCKING_REASON = "A socket operation in blocking mode waits for the peer."
HTTP_REQUEST_REASON = "A synchronous HTTP request: DNS, connect, send and wait for the response."
FILE_COPY_REASON = "Copies or moves file data synchronously."
ARCHIVE_IO_REASON = "Archive handling reads and writes (and often compresses) files synchronously."
SQLITE_QUERY_REASON = (
    "Runs a query or steps the result set, reading the database file synchronously."
)
SQLITE_EXECUTE_REASON = "Runs SQL on the database file synchronously and may wait for a lock."
PATH_FILE_IO_REASON = "Path file IO opens and transfers the file synchronously."
DNS_LOOKUP_REASON = "DNS resolution waits for a resolver round trip, sometimes for seconds."
TEMPFILE_CREATE_REASON = "Creates a file or directory on disk synchronously."
TREE_WALK_REASON = "Walks a whole directory tree synchronously; the cost grows with the tree."
FD_SYSCALL_REASON = "A raw file-descriptor syscall that waits for the disk."
HTTP_CONNECTION_REASON = "A synchronous HTTP exchange on a raw connection."
URL_FETCH_REASON = "A synchronous URL fetch that waits for the network."
ARCHIVE_EXTRACT_ALL_REASON = "Writes every member of the archive to disk."
ARCHIVE_EXTRACT_ONE_REASON = "Writes an archive member to disk."
PROCESS_WAIT_REASON = "Waits for a child process to exit."
SMTP_SEND_REASON = "Sends the message and waits for the server's replies."
JSON_FILE_IO_REASON = "Reads or writes a whole file object synchronously."
FILE_OPEN_REASON = "Opens a file with a blocking syscall; reads and writes on the result block too."
GLOB_LISTING_REASON = "Lists directories synchronously to match the pattern."
# Reasons shared by the entries of the process, file-object and HTTP block at the end of the table.
SPAWN_REASON = (
    "Forks and execs a child synchronously; with `os.P_WAIT` it also waits for the child to exit."
)
POSIX_SPAWN_REASON = (
    "Creates a child process synchronously; the loop stalls while the process image is set up."
)
CHILD_WAIT_REASON = "Waits for a child process to change state."
FILE_READ_REASON = (
    "Reads from an open file synchronously, waiting for the disk (or the pipe) to deliver the data."
)
FILE_WRITE_REASON = (
    "Writes to an open file synchronously; a full buffer or a flush waits for the disk."
)
HTTPX2_HELPER_REASON = "The module-level httpx2 helpers are synchronous and wait for the response."
HTTPX2_CLIENT_REASON = (
    "httpx2.Client is the synchronous client; each request waits for the response."
)
URLLIB3_POOL_REASON = "A synchronous HTTP request through a urllib3 pool."

# The table keeps one entry per line so it reads as a table; long rows are intended.
# fmt: off
PRIMITIVES: tuple[Primitive, ...] = (
    Primitive(name="time.sleep", operation="sleep", priority="high", hint="await asyncio.sleep(...)", reason="Suspends the whole thread, so every task on the loop stalls for the full delay."),
    Primitive(name="builtins.open", operation="file", priority="medium", hint="await asyncio.to_thread(...) or aiofiles.open(...)", reason=FILE_OPEN_REASON),
    Primitive(name="io.open", operation="file", priority="medium", hint="await asyncio.to_thread(...) or aiofiles.open(...)", reason=FILE_OPEN_REASON),
    Primitive(name="os.open", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=FD_SYSCALL_REASON),
    Primitive(name="os.read", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=FD_SYSCALL_REASON),
    Primitive(name="os.write", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=FD_SYSCALL_REASON),
    Primitive(name="os.fsync", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=FD_SYSCALL_REASON),
    Primitive(name="os.truncate", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=FD_SYSCALL_REASON),
    Primitive(name="builtins.input", operation="file", priority="high", hint="read stdin off the loop with await asyncio.to_thread(input, ...)", reason="Waits for a line on stdin, which can take forever."),
    Primitive(name="json.load", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=JSON_FILE_IO_REASON),
    Primitive(name="json.dump", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=JSON_FILE_IO_REASON),
    Primitive(name="pathlib.Path.open", operation="file", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILE_IO_REASON),
    Primitive(name="pathlib.Path.read_text", operation="file", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILE_IO_REASON),
    Primitive(name="pathlib.Path.read_bytes", operation="file", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILE_IO_REASON),
    Primitive(name="pathlib.Path.write_text", operation="file", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILE_IO_REASON),
    Primitive(name="pathlib.Path.write_bytes", operation="file", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILE_IO_REASON),
    Primitive(name="pathlib.Path.touch", operation="file", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILE_IO_REASON),
    Primitive(name="tempfile.NamedTemporaryFile", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=TEMPFILE_CREATE_REASON),
    Primitive(name="tempfile.TemporaryFile", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=TEMPFILE_CREATE_REASON),
    Primitive(name="tempfile.SpooledTemporaryFile", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=TEMPFILE_CREATE_REASON),
    Primitive(name="tempfile.mkstemp", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=TEMPFILE_CREATE_REASON),
    Primitive(name="tempfile.mkdtemp", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=TEMPFILE_CREATE_REASON),
    Primitive(name="tempfile.TemporaryDirectory", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=TEMPFILE_CREATE_REASON),
    Primitive(name="tarfile.open", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=ARCHIVE_IO_REASON),
    Primitive(name="zipfile.ZipFile", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=ARCHIVE_IO_REASON),
    Primitive(name="gzip.open", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=ARCHIVE_IO_REASON),
    Primitive(name="bz2.open", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=ARCHIVE_IO_REASON),
    Primitive(name="lzma.open", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=ARCHIVE_IO_REASON),
    Primitive(name="shutil.make_archive", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=ARCHIVE_IO_REASON),
    Primitive(name="shutil.unpack_archive", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=ARCHIVE_IO_REASON),
    Primitive(name="os.mkdir", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.makedirs", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.remove", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.unlink", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.rmdir", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.removedirs", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.rename", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.renames", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.replace", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.listdir", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.scandir", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.chmod", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.chown", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.link", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.symlink", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.readlink", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="os.utime", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILESYSTEM_SYSCALL_REASON),
    Primitive(name="shutil.copy", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILE_COPY_REASON),
    Primitive(name="shutil.copy2", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILE_COPY_REASON),
    Primitive(name="shutil.copyfile", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILE_COPY_REASON),
    Primitive(name="shutil.copyfileobj", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILE_COPY_REASON),
    Primitive(name="shutil.copymode", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILE_COPY_REASON),
    Primitive(name="shutil.copystat", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILE_COPY_REASON),
    Primitive(name="shutil.move", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=FILE_COPY_REASON),
    Primitive(name="glob.glob", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=GLOB_LISTING_REASON),
    Primitive(name="glob.iglob", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...)", reason=GLOB_LISTING_REASON),
    Primitive(name="pathlib.Path.mkdir", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILESYSTEM_REASON),
    Primitive(name="pathlib.Path.unlink", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILESYSTEM_REASON),
    Primitive(name="pathlib.Path.rmdir", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILESYSTEM_REASON),
    Primitive(name="pathlib.Path.rename", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILESYSTEM_REASON),
    Primitive(name="pathlib.Path.replace", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILESYSTEM_REASON),
    Primitive(name="pathlib.Path.iterdir", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILESYSTEM_REASON),
    Primitive(name="pathlib.Path.glob", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILESYSTEM_REASON),
    Primitive(name="pathlib.Path.rglob", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILESYSTEM_REASON),
    Primitive(name="pathlib.Path.chmod", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILESYSTEM_REASON),
    Primitive(name="pathlib.Path.symlink_to", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILESYSTEM_REASON),
    Primitive(name="pathlib.Path.hardlink_to", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILESYSTEM_REASON),
    Primitive(name="pathlib.Path.readlink", operation="filesystem", priority="medium", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_FILESYSTEM_REASON),
    Primitive(name="os.walk", operation="filesystem", priority="high", hint="await asyncio.to_thread(...)", reason=TREE_WALK_REASON),
    Primitive(name="os.fwalk", operation="filesystem", priority="high", hint="await asyncio.to_thread(...)", reason=TREE_WALK_REASON),
    Primitive(name="pathlib.Path.walk", operation="filesystem", priority="high", hint="await asyncio.to_thread(...)", reason=TREE_WALK_REASON),
    Primitive(name="shutil.rmtree", operation="filesystem", priority="high", hint="await asyncio.to_thread(...)", reason=TREE_WALK_REASON),
    Primitive(name="shutil.copytree", operation="filesystem", priority="high", hint="await asyncio.to_thread(...)", reason=TREE_WALK_REASON),
    Primitive(name="os.stat", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.lstat", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.access", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.path.exists", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.path.lexists", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.path.isfile", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.path.isdir", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.path.islink", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.path.ismount", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.path.getsize", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.path.getmtime", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.path.getatime", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.path.getctime", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.path.samefile", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="os.path.realpath", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="shutil.disk_usage", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason=METADATA_SYSCALL_REASON),
    Primitive(name="pathlib.Path.exists", operation="stat", priority="low", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_METADATA_REASON),
    Primitive(name="pathlib.Path.is_file", operation="stat", priority="low", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_METADATA_REASON),
    Primitive(name="pathlib.Path.is_dir", operation="stat", priority="low", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_METADATA_REASON),
    Primitive(name="pathlib.Path.is_symlink", operation="stat", priority="low", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_METADATA_REASON),
    Primitive(name="pathlib.Path.is_mount", operation="stat", priority="low", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_METADATA_REASON),
    Primitive(name="pathlib.Path.stat", operation="stat", priority="low", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_METADATA_REASON),
    Primitive(name="pathlib.Path.lstat", operation="stat", priority="low", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_METADATA_REASON),
    Primitive(name="pathlib.Path.owner", operation="stat", priority="low", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_METADATA_REASON),
    Primitive(name="pathlib.Path.group", operation="stat", priority="low", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_METADATA_REASON),
    Primitive(name="pathlib.Path.samefile", operation="stat", priority="low", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_METADATA_REASON),
    Primitive(name="pathlib.Path.resolve", operation="stat", priority="low", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_METADATA_REASON),
    Primitive(name="pathlib.Path.absolute", operation="stat", priority="low", hint="await asyncio.to_thread(...) or anyio.Path", reason=PATH_METADATA_REASON),
    Primitive(name="subprocess.run", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SUBPROCESS_START_REASON),
    Primitive(name="subprocess.call", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SUBPROCESS_START_REASON),
    Primitive(name="subprocess.check_call", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SUBPROCESS_START_REASON),
    Primitive(name="subprocess.check_output", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SUBPROCESS_START_REASON),
    Primitive(name="subprocess.getoutput", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SUBPROCESS_START_REASON),
    Primitive(name="subprocess.getstatusoutput", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SUBPROCESS_START_REASON),
    Primitive(name="subprocess.Popen", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SUBPROCESS_START_REASON),
    Primitive(name="os.system", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SUBPROCESS_START_REASON),
    Primitive(name="os.popen", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SUBPROCESS_START_REASON),
    Primitive(name="subprocess.Popen.wait", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...) and await proc.wait()", reason=PROCESS_WAIT_REASON),
    Primitive(name="subprocess.Popen.communicate", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...) and await proc.wait()", reason=PROCESS_WAIT_REASON),
    Primitive(name="requests.get", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTP_REQUEST_REASON),
    Primitive(name="requests.post", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTP_REQUEST_REASON),
    Primitive(name="requests.put", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTP_REQUEST_REASON),
    Primitive(name="requests.patch", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTP_REQUEST_REASON),
    Primitive(name="requests.delete", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTP_REQUEST_REASON),
    Primitive(name="requests.head", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTP_REQUEST_REASON),
    Primitive(name="requests.options", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTP_REQUEST_REASON),
    Primitive(name="requests.request", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTP_REQUEST_REASON),
    Primitive(name="requests.Session.get", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=REQUESTS_SESSION_REASON),
    Primitive(name="requests.Session.post", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=REQUESTS_SESSION_REASON),
    Primitive(name="requests.Session.put", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=REQUESTS_SESSION_REASON),
    Primitive(name="requests.Session.patch", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=REQUESTS_SESSION_REASON),
    Primitive(name="requests.Session.delete", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=REQUESTS_SESSION_REASON),
    Primitive(name="requests.Session.head", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=REQUESTS_SESSION_REASON),
    Primitive(name="requests.Session.options", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=REQUESTS_SESSION_REASON),
    Primitive(name="requests.Session.request", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=REQUESTS_SESSION_REASON),
    Primitive(name="requests.Session.send", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=REQUESTS_SESSION_REASON),
    Primitive(name="httpx.get", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_HELPER_REASON),
    Primitive(name="httpx.post", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_HELPER_REASON),
    Primitive(name="httpx.put", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_HELPER_REASON),
    Primitive(name="httpx.patch", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_HELPER_REASON),
    Primitive(name="httpx.delete", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_HELPER_REASON),
    Primitive(name="httpx.head", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_HELPER_REASON),
    Primitive(name="httpx.options", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_HELPER_REASON),
    Primitive(name="httpx.request", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_HELPER_REASON),
    Primitive(name="httpx.stream", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_HELPER_REASON),
    Primitive(name="httpx.Client.get", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_CLIENT_REASON),
    Primitive(name="httpx.Client.post", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_CLIENT_REASON),
    Primitive(name="httpx.Client.put", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_CLIENT_REASON),
    Primitive(name="httpx.Client.patch", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_CLIENT_REASON),
    Primitive(name="httpx.Client.delete", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_CLIENT_REASON),
    Primitive(name="httpx.Client.head", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_CLIENT_REASON),
    Primitive(name="httpx.Client.options", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_CLIENT_REASON),
    Primitive(name="httpx.Client.request", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_CLIENT_REASON),
    Primitive(name="httpx.Client.send", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_CLIENT_REASON),
    Primitive(name="httpx.Client.stream", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=HTTPX_CLIENT_REASON),
    Primitive(name="urllib.request.urlopen", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=URL_FETCH_REASON),
    Primitive(name="urllib.request.urlretrieve", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=URL_FETCH_REASON),
    Primitive(name="http.client.HTTPConnection.request", operation="http", priority="high", hint="await httpx.AsyncClient().request(...)", reason=HTTP_CONNECTION_REASON),
    Primitive(name="http.client.HTTPConnection.getresponse", operation="http", priority="high", hint="await httpx.AsyncClient().request(...)", reason=HTTP_CONNECTION_REASON),
    Primitive(name="http.client.HTTPSConnection.request", operation="http", priority="high", hint="await httpx.AsyncClient().request(...)", reason=HTTP_CONNECTION_REASON),
    Primitive(name="http.client.HTTPSConnection.getresponse", operation="http", priority="high", hint="await httpx.AsyncClient().request(...)", reason=HTTP_CONNECTION_REASON),
    Primitive(name="socket.create_connection", operation="socket", priority="high", hint="await asyncio.open_connection(...) or the loop's sock_* methods", reason=SOCKET_BLOCKING_REASON),
    Primitive(name="socket.socket.connect", operation="socket", priority="high", hint="await asyncio.open_connection(...) or the loop's sock_* methods", reason=SOCKET_BLOCKING_REASON),
    Primitive(name="socket.socket.accept", operation="socket", priority="high", hint="await asyncio.open_connection(...) or the loop's sock_* methods", reason=SOCKET_BLOCKING_REASON),
    Primitive(name="socket.socket.recv", operation="socket", priority="high", hint="await asyncio.open_connection(...) or the loop's sock_* methods", reason=SOCKET_BLOCKING_REASON),
    Primitive(name="socket.socket.recv_into", operation="socket", priority="high", hint="await asyncio.open_connection(...) or the loop's sock_* methods", reason=SOCKET_BLOCKING_REASON),
    Primitive(name="socket.socket.recvfrom", operation="socket", priority="high", hint="await asyncio.open_connection(...) or the loop's sock_* methods", reason=SOCKET_BLOCKING_REASON),
    Primitive(name="socket.socket.send", operation="socket", priority="high", hint="await asyncio.open_connection(...) or the loop's sock_* methods", reason=SOCKET_BLOCKING_REASON),
    Primitive(name="socket.socket.sendall", operation="socket", priority="high", hint="await asyncio.open_connection(...) or the loop's sock_* methods", reason=SOCKET_BLOCKING_REASON),
    Primitive(name="socket.socket.sendto", operation="socket", priority="high", hint="await asyncio.open_connection(...) or the loop's sock_* methods", reason=SOCKET_BLOCKING_REASON),
    Primitive(name="socket.getaddrinfo", operation="dns", priority="high", hint="await loop.getaddrinfo(...)", reason=DNS_LOOKUP_REASON),
    Primitive(name="socket.gethostbyname", operation="dns", priority="high", hint="await loop.getaddrinfo(...)", reason=DNS_LOOKUP_REASON),
    Primitive(name="socket.gethostbyname_ex", operation="dns", priority="high", hint="await loop.getaddrinfo(...)", reason=DNS_LOOKUP_REASON),
    Primitive(name="socket.gethostbyaddr", operation="dns", priority="high", hint="await loop.getaddrinfo(...)", reason=DNS_LOOKUP_REASON),
    Primitive(name="socket.getfqdn", operation="dns", priority="high", hint="await loop.getaddrinfo(...)", reason=DNS_LOOKUP_REASON),
    Primitive(name="socket.getnameinfo", operation="dns", priority="high", hint="await loop.getaddrinfo(...)", reason=DNS_LOOKUP_REASON),
    Primitive(name="sqlite3.connect", operation="sqlite", priority="high", hint="aiosqlite.connect(...)", reason="Opens (and may create) the database file synchronously."),
    Primitive(name="sqlite3.Connection.execute", operation="sqlite", priority="high", hint="aiosqlite, or await asyncio.to_thread(...)", reason=SQLITE_EXECUTE_REASON),
    Primitive(name="sqlite3.Connection.executemany", operation="sqlite", priority="high", hint="aiosqlite, or await asyncio.to_thread(...)", reason=SQLITE_EXECUTE_REASON),
    Primitive(name="sqlite3.Connection.executescript", operation="sqlite", priority="high", hint="aiosqlite, or await asyncio.to_thread(...)", reason=SQLITE_EXECUTE_REASON),
    Primitive(name="sqlite3.Connection.commit", operation="sqlite", priority="high", hint="aiosqlite, or await asyncio.to_thread(...)", reason=SQLITE_EXECUTE_REASON),
    Primitive(name="sqlite3.Connection.rollback", operation="sqlite", priority="high", hint="aiosqlite, or await asyncio.to_thread(...)", reason=SQLITE_EXECUTE_REASON),
    Primitive(name="sqlite3.Connection.backup", operation="sqlite", priority="high", hint="aiosqlite, or await asyncio.to_thread(...)", reason=SQLITE_EXECUTE_REASON),
    Primitive(name="sqlite3.Cursor.execute", operation="sqlite", priority="high", hint="aiosqlite, or await asyncio.to_thread(...)", reason=SQLITE_QUERY_REASON),
    Primitive(name="sqlite3.Cursor.executemany", operation="sqlite", priority="high", hint="aiosqlite, or await asyncio.to_thread(...)", reason=SQLITE_QUERY_REASON),
    Primitive(name="sqlite3.Cursor.executescript", operation="sqlite", priority="high", hint="aiosqlite, or await asyncio.to_thread(...)", reason=SQLITE_QUERY_REASON),
    Primitive(name="sqlite3.Cursor.fetchone", operation="sqlite", priority="high", hint="aiosqlite, or await asyncio.to_thread(...)", reason=SQLITE_QUERY_REASON),
    Primitive(name="sqlite3.Cursor.fetchall", operation="sqlite", priority="high", hint="aiosqlite, or await asyncio.to_thread(...)", reason=SQLITE_QUERY_REASON),
    Primitive(name="sqlite3.Cursor.fetchmany", operation="sqlite", priority="high", hint="aiosqlite, or await asyncio.to_thread(...)", reason=SQLITE_QUERY_REASON),
    Primitive(name="threading.Thread.join", operation="wait", priority="high", hint="await asyncio.to_thread(thread.join)", reason="Waits for another thread to finish."),
    Primitive(name="threading.Event.wait", operation="wait", priority="high", hint="asyncio.Event, or await asyncio.to_thread(event.wait)", reason="Parks the loop thread until another thread sets the event."),
    Primitive(name="concurrent.futures.Future.result", operation="wait", priority="high", hint="await asyncio.wrap_future(future)", reason="Waits for a worker to finish the submitted call."),
    Primitive(name="queue.Queue.get", operation="wait", priority="medium", hint="asyncio.Queue, or await asyncio.to_thread(q.get)", reason="Waits for another thread to put an item when the queue is empty."),
    Primitive(name="shutil.which", operation="stat", priority="low", hint="await asyncio.to_thread(shutil.which, ...)", reason="Checks every PATH directory with a stat-like call."),
    Primitive(name="pickle.load", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Reads a whole file object synchronously."),
    Primitive(name="pickle.dump", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Writes a whole file object synchronously."),
    Primitive(name="ssl.create_default_context", operation="file", priority="medium", hint="await asyncio.to_thread(ssl.create_default_context)", reason="Loads the CA bundle from disk on every call."),
    Primitive(name="ssl.SSLContext.load_verify_locations", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Reads certificate files from disk."),
    Primitive(name="ssl.SSLContext.load_cert_chain", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Reads certificate and key files from disk."),
    Primitive(name="os.waitpid", operation="subprocess", priority="high", hint="await proc.wait()", reason=CHILD_WAIT_REASON),
    Primitive(name="os.wait", operation="subprocess", priority="high", hint="await proc.wait()", reason="Waits for any child process to exit."),
    Primitive(name="urllib3.request", operation="http", priority="high", hint="await httpx.AsyncClient().request(...)", reason="A synchronous HTTP request through urllib3's default pool."),
    Primitive(name="urllib3.PoolManager.request", operation="http", priority="high", hint="await httpx.AsyncClient().request(...)", reason=URLLIB3_POOL_REASON),
    Primitive(name="smtplib.SMTP", operation="socket", priority="high", hint="aiosmtplib, or await asyncio.to_thread(...)", reason="Connects to the mail server in the constructor."),
    Primitive(name="smtplib.SMTP_SSL", operation="socket", priority="high", hint="aiosmtplib, or await asyncio.to_thread(...)", reason="Connects and negotiates TLS in the constructor."),
    Primitive(name="smtplib.SMTP.sendmail", operation="socket", priority="high", hint="aiosmtplib, or await asyncio.to_thread(...)", reason=SMTP_SEND_REASON),
    Primitive(name="smtplib.SMTP.send_message", operation="socket", priority="high", hint="aiosmtplib, or await asyncio.to_thread(...)", reason=SMTP_SEND_REASON),
    Primitive(name="codecs.open", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Opens a file with a blocking syscall, like open()."),
    Primitive(name="tomllib.load", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Reads a whole binary file object synchronously."),
    Primitive(name="configparser.ConfigParser.read", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Opens and reads every named file synchronously."),
    Primitive(name="gzip.GzipFile", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Opens a compressed file; reads and writes decompress synchronously."),
    Primitive(name="tarfile.TarFile.extractall", operation="file", priority="high", hint="await asyncio.to_thread(...)", reason=ARCHIVE_EXTRACT_ALL_REASON),
    Primitive(name="tarfile.TarFile.extract", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=ARCHIVE_EXTRACT_ONE_REASON),
    Primitive(name="tarfile.TarFile.add", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Reads files (recursively for directories) into the archive."),
    Primitive(name="zipfile.ZipFile.extractall", operation="file", priority="high", hint="await asyncio.to_thread(...)", reason=ARCHIVE_EXTRACT_ALL_REASON),
    Primitive(name="zipfile.ZipFile.extract", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason=ARCHIVE_EXTRACT_ONE_REASON),
    Primitive(name="zipfile.ZipFile.read", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Reads and decompresses an archive member."),
    Primitive(name="zipfile.ZipFile.write", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Reads a file and compresses it into the archive."),
    Primitive(name="zipfile.ZipFile.writestr", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Compresses data into the archive file."),
    Primitive(name="urllib.request.OpenerDirector.open", operation="http", priority="high", hint="await httpx.AsyncClient().get(...)", reason=URL_FETCH_REASON),
    Primitive(name="socket.socket.sendfile", operation="socket", priority="high", hint="await loop.sock_sendfile(...)", reason="Sends a whole file over the socket, waiting for the peer."),
    # Process, file-object and HTTP primitives found missing against the peers' suite (issue #14).
    Primitive(name="os.spawnl", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SPAWN_REASON),
    Primitive(name="os.spawnle", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SPAWN_REASON),
    Primitive(name="os.spawnlp", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SPAWN_REASON),
    Primitive(name="os.spawnlpe", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SPAWN_REASON),
    Primitive(name="os.spawnv", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SPAWN_REASON),
    Primitive(name="os.spawnve", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SPAWN_REASON),
    Primitive(name="os.spawnvp", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SPAWN_REASON),
    Primitive(name="os.spawnvpe", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=SPAWN_REASON),
    Primitive(name="os.posix_spawn", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=POSIX_SPAWN_REASON),
    Primitive(name="os.posix_spawnp", operation="subprocess", priority="high", hint="await asyncio.create_subprocess_exec(...)", reason=POSIX_SPAWN_REASON),
    Primitive(name="os.wait3", operation="subprocess", priority="high", hint="await proc.wait()", reason=CHILD_WAIT_REASON),
    Primitive(name="os.wait4", operation="subprocess", priority="high", hint="await proc.wait()", reason=CHILD_WAIT_REASON),
    Primitive(name="os.waitid", operation="subprocess", priority="high", hint="await proc.wait()", reason=CHILD_WAIT_REASON),
    Primitive(name="os.fdopen", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Wraps a descriptor in a file object (an fstat on the descriptor); reads and writes on the result block too."),
    Primitive(name="io.open_code", operation="file", priority="medium", hint="await asyncio.to_thread(...)", reason="Opens a file for reading with a blocking syscall, like open()."),
    Primitive(name="os.path.sameopenfile", operation="stat", priority="low", hint="await asyncio.to_thread(...)", reason="Stats both descriptors (fstat) to compare them."),
    Primitive(name="io.TextIOWrapper.read", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.TextIOWrapper.readline", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.TextIOWrapper.readlines", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.TextIOWrapper.write", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.TextIOWrapper.writelines", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.TextIOWrapper.flush", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.TextIOWrapper.truncate", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.BufferedReader.read", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.BufferedReader.read1", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.BufferedReader.readinto", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.BufferedReader.readline", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.BufferedReader.readlines", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.BufferedWriter.write", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.BufferedWriter.writelines", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.BufferedWriter.flush", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.BufferedWriter.truncate", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.BufferedRandom.read", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.BufferedRandom.read1", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.BufferedRandom.readinto", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.BufferedRandom.readline", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.BufferedRandom.readlines", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.BufferedRandom.write", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.BufferedRandom.writelines", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.BufferedRandom.flush", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.BufferedRandom.truncate", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.FileIO.read", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.FileIO.readall", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.FileIO.readinto", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.FileIO.readline", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.FileIO.readlines", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_READ_REASON),
    Primitive(name="io.FileIO.write", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.FileIO.writelines", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="io.FileIO.truncate", operation="file", priority="medium", hint="await asyncio.to_thread(...), or an async file (anyio, aiofiles)", reason=FILE_WRITE_REASON),
    Primitive(name="httpx2.get", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_HELPER_REASON),
    Primitive(name="httpx2.post", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_HELPER_REASON),
    Primitive(name="httpx2.put", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_HELPER_REASON),
    Primitive(name="httpx2.patch", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_HELPER_REASON),
    Primitive(name="httpx2.delete", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_HELPER_REASON),
    Primitive(name="httpx2.head", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_HELPER_REASON),
    Primitive(name="httpx2.options", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_HELPER_REASON),
    Primitive(name="httpx2.request", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_HELPER_REASON),
    Primitive(name="httpx2.stream", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_HELPER_REASON),
    Primitive(name="httpx2.Client.get", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_CLIENT_REASON),
    Primitive(name="httpx2.Client.post", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_CLIENT_REASON),
    Primitive(name="httpx2.Client.put", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_CLIENT_REASON),
    Primitive(name="httpx2.Client.patch", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_CLIENT_REASON),
    Primitive(name="httpx2.Client.delete", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_CLIENT_REASON),
    Primitive(name="httpx2.Client.head", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_CLIENT_REASON),
    Primitive(name="httpx2.Client.options", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_CLIENT_REASON),
    Primitive(name="httpx2.Client.request", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_CLIENT_REASON),
    Primitive(name="httpx2.Client.send", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_CLIENT_REASON),
    Primitive(name="httpx2.Client.stream", operation="http", priority="high", hint="await httpx2.AsyncClient().get(...)", reason=HTTPX2_CLIENT_REASON),
    Primitive(name="urllib3.PoolManager.urlopen", operation="http", priority="high", hint="await httpx.AsyncClient().request(...)", reason=URLLIB3_POOL_REASON),
    Primitive(name="urllib3.ProxyManager.request", operation="http", priority="high", hint="await httpx.AsyncClient().request(...)", reason=URLLIB3_POOL_REASON),
    Primitive(name="urllib3.ProxyManager.urlopen", operation="http", priority="high", hint="await httpx.AsyncClient().request(...)", reason=URLLIB3_POOL_REASON),
    Primitive(name="urllib3.HTTPConnectionPool.request", operation="http", priority="high", hint="await httpx.AsyncClient().request(...)", reason=URLLIB3_POOL_REASON),
    Primitive(name="urllib3.HTTPConnectionPool.urlopen", operation="http", priority="high", hint="await httpx.AsyncClient().request(...)", reason=URLLIB3_POOL_REASON),
    Primitive(name="urllib3.HTTPSConnectionPool.request", operation="http", priority="high", hint="await httpx.AsyncClient().request(...)", reason=URLLIB3_POOL_REASON),
    Primitive(name="urllib3.HTTPSConnectionPool.urlopen", operation="http", priority="high", hint="await httpx.AsyncClient().request(...)", reason=URLLIB3_POOL_REASON),
)
# fmt: on

PRIMITIVES_BY_NAME: dict[str, Primitive] = {entry.name: entry for entry in PRIMITIVES}
# Library facts (``libfacts``) block like primitives; their findings carry the library code.
PRIMITIVES_BY_NAME.update(
    {
        fact.name: Primitive(fact.name, fact.operation, fact.priority, fact.hint, fact.reason)
        for fact in LIBRARY_FACTS
        if fact.name not in PRIMITIVES_BY_NAME
    }
)
