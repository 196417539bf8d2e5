"""Type flow: what calls and attributes return, and alternative names of the same API.

``RETURN_TYPES`` lets the analyzer follow values from a known call to a method on the result
(``sqlite3.connect(...).execute`` or ``Path.home() / "x"``). ``kind`` is ``call`` (the call's
result), ``attribute`` (the attribute's value) or ``iterate`` (elements of the result).
``TYPE_ALIASES`` maps where a library defines a name to the public name the tables use.
"""

# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RETURN_TYPES", "TYPE_ALIASES", "ReturnType", "TypeAlias"]


@dataclass(frozen=True)
class ReturnType:
    """The type a call, attribute or iteration produces; empty when deliberately unknown."""

    name: str
    kind: str
    returns: str
    reason: str


@dataclass(frozen=True)
class TypeAlias:
    """An alternative qualified name (a prefix) for a name the other tables use."""

    name: str
    canonical: str
    reason: str


# fmt: off
RETURN_TYPES: tuple[ReturnType, ...] = (
    ReturnType(name="sqlite3.connect", kind="call", returns="sqlite3.Connection", reason="sqlite3.connect returns a Connection."),
    ReturnType(name="sqlite3.Connection.cursor", kind="call", returns="sqlite3.Cursor", reason="Connection.cursor and the execute shortcuts return a Cursor."),
    ReturnType(name="sqlite3.Connection.execute", kind="call", returns="sqlite3.Cursor", reason="Connection.cursor and the execute shortcuts return a Cursor."),
    ReturnType(name="sqlite3.Connection.executemany", kind="call", returns="sqlite3.Cursor", reason="Connection.cursor and the execute shortcuts return a Cursor."),
    ReturnType(name="sqlite3.Connection.executescript", kind="call", returns="sqlite3.Cursor", reason="Connection.cursor and the execute shortcuts return a Cursor."),
    ReturnType(name="sqlite3.Cursor.execute", kind="call", returns="sqlite3.Cursor", reason="Cursor.execute returns the cursor itself."),
    ReturnType(name="sqlite3.Cursor.executemany", kind="call", returns="sqlite3.Cursor", reason="Cursor.execute returns the cursor itself."),
    ReturnType(name="pathlib.Path.home", kind="call", returns="pathlib.Path", reason="These Path methods return another Path."),
    ReturnType(name="pathlib.Path.cwd", kind="call", returns="pathlib.Path", reason="These Path methods return another Path."),
    ReturnType(name="pathlib.Path.resolve", kind="call", returns="pathlib.Path", reason="These Path methods return another Path."),
    ReturnType(name="pathlib.Path.absolute", kind="call", returns="pathlib.Path", reason="These Path methods return another Path."),
    ReturnType(name="pathlib.Path.expanduser", kind="call", returns="pathlib.Path", reason="These Path methods return another Path."),
    ReturnType(name="pathlib.Path.with_name", kind="call", returns="pathlib.Path", reason="These Path methods return another Path."),
    ReturnType(name="pathlib.Path.with_suffix", kind="call", returns="pathlib.Path", reason="These Path methods return another Path."),
    ReturnType(name="pathlib.Path.with_stem", kind="call", returns="pathlib.Path", reason="These Path methods return another Path."),
    ReturnType(name="pathlib.Path.joinpath", kind="call", returns="pathlib.Path", reason="These Path methods return another Path."),
    ReturnType(name="pathlib.Path.relative_to", kind="call", returns="pathlib.Path", reason="These Path methods return another Path."),
    ReturnType(name="pathlib.Path.readlink", kind="call", returns="pathlib.Path", reason="These Path methods return another Path."),
    ReturnType(name="pathlib.Path.parent", kind="attribute", returns="pathlib.Path", reason="Path.parent is a Path."),
    ReturnType(name="pathlib.Path.iterdir", kind="iterate", returns="pathlib.Path", reason="Iterating these yields Paths."),
    ReturnType(name="pathlib.Path.glob", kind="iterate", returns="pathlib.Path", reason="Iterating these yields Paths."),
    ReturnType(name="pathlib.Path.rglob", kind="iterate", returns="pathlib.Path", reason="Iterating these yields Paths."),
    ReturnType(name="pathlib.Path.parents", kind="iterate", returns="pathlib.Path", reason="Path.parents yields Paths."),
    ReturnType(name="socket.socket", kind="call", returns="socket.socket", reason="These return a socket object."),
    ReturnType(name="socket.create_connection", kind="call", returns="socket.socket", reason="These return a socket object."),
    ReturnType(name="socket.socket.accept", kind="call", returns="", reason="accept returns a tuple; the element types are not tracked."),
    ReturnType(name="asyncio.get_running_loop", kind="call", returns="asyncio.AbstractEventLoop", reason="These return the event loop."),
    ReturnType(name="asyncio.get_event_loop", kind="call", returns="asyncio.AbstractEventLoop", reason="These return the event loop."),
    ReturnType(name="asyncio.new_event_loop", kind="call", returns="asyncio.AbstractEventLoop", reason="These return the event loop."),
    ReturnType(name="asyncio.create_task", kind="call", returns="asyncio.Task", reason="create_task returns a Task."),
    ReturnType(name="asyncio.AbstractEventLoop.create_task", kind="call", returns="asyncio.Task", reason="create_task returns a Task."),
    ReturnType(name="asyncio.ensure_future", kind="call", returns="asyncio.Future", reason="These return an asyncio Future."),
    ReturnType(name="asyncio.AbstractEventLoop.create_future", kind="call", returns="asyncio.Future", reason="These return an asyncio Future."),
    ReturnType(name="concurrent.futures.Executor.submit", kind="call", returns="concurrent.futures.Future", reason="submit returns a concurrent Future, whose callbacks run in the worker."),
    ReturnType(name="concurrent.futures.ThreadPoolExecutor.submit", kind="call", returns="concurrent.futures.Future", reason="submit returns a concurrent Future, whose callbacks run in the worker."),
    ReturnType(name="concurrent.futures.ProcessPoolExecutor.submit", kind="call", returns="concurrent.futures.Future", reason="submit returns a concurrent Future, whose callbacks run in the worker."),
    ReturnType(name="asyncio.run_coroutine_threadsafe", kind="call", returns="concurrent.futures.Future", reason="Returns a concurrent Future; waiting on it from the loop deadlocks."),
    ReturnType(name="ssl.create_default_context", kind="call", returns="ssl.SSLContext", reason="Returns an SSLContext."),
    ReturnType(name="tarfile.open", kind="call", returns="tarfile.TarFile", reason="tarfile.open returns a TarFile."),
    ReturnType(name="urllib.request.build_opener", kind="call", returns="urllib.request.OpenerDirector", reason="build_opener returns an OpenerDirector."),
    ReturnType(name="requests.session", kind="call", returns="requests.Session", reason="requests.session() builds a Session."),
    # File openers (issue #14): the result's reads and writes are primitives on the io classes.
    ReturnType(name="builtins.open", kind="call", returns="io.TextIOWrapper", reason="open() returns a text file, or in binary mode a buffered file whose blocking methods have the same names."),
    ReturnType(name="io.open", kind="call", returns="io.TextIOWrapper", reason="io.open is open()."),
    ReturnType(name="os.fdopen", kind="call", returns="io.TextIOWrapper", reason="os.fdopen wraps a descriptor with open()."),
    ReturnType(name="pathlib.Path.open", kind="call", returns="io.TextIOWrapper", reason="Path.open calls open()."),
    ReturnType(name="io.open_code", kind="call", returns="io.BufferedReader", reason="io.open_code opens a file for binary reading."),
)

TYPE_ALIASES: tuple[TypeAlias, ...] = (
    TypeAlias(name="pathlib.PosixPath", canonical="pathlib.Path", reason="A concrete Path flavour."),
    TypeAlias(name="pathlib.WindowsPath", canonical="pathlib.Path", reason="A concrete Path flavour."),
    TypeAlias(name="requests.sessions.Session", canonical="requests.Session", reason="Where requests defines Session."),
    TypeAlias(name="requests.api", canonical="requests", reason="The module-level helpers live in requests.api."),
    TypeAlias(name="httpx._client.Client", canonical="httpx.Client", reason="Where httpx defines Client."),
    TypeAlias(name="httpx._api", canonical="httpx", reason="The module-level helpers live in httpx._api."),
    TypeAlias(name="asyncio.BaseEventLoop", canonical="asyncio.AbstractEventLoop", reason="The concrete base of all loops."),
    TypeAlias(name="asyncio.events.AbstractEventLoop", canonical="asyncio.AbstractEventLoop", reason="Where asyncio defines the loop interface."),
    TypeAlias(name="asyncio.protocols", canonical="asyncio", reason="Where asyncio defines the protocol classes."),
    TypeAlias(name="asyncio.futures.Future", canonical="asyncio.Future", reason="Where asyncio defines Future."),
    TypeAlias(name="asyncio.tasks.Task", canonical="asyncio.Task", reason="Where asyncio defines Task."),
    TypeAlias(name="concurrent.futures.thread.ThreadPoolExecutor", canonical="concurrent.futures.ThreadPoolExecutor", reason="Where the thread pool is defined."),
    TypeAlias(name="concurrent.futures.process.ProcessPoolExecutor", canonical="concurrent.futures.ProcessPoolExecutor", reason="Where the process pool is defined."),
    TypeAlias(name="concurrent.futures._base.Executor", canonical="concurrent.futures.Executor", reason="Where the executor interface is defined."),
    TypeAlias(name="langchain.agents.middleware.types.AgentMiddleware", canonical="langchain.agents.middleware.AgentMiddleware", reason="Where LangChain defines the middleware base."),
    TypeAlias(name="langchain.agents.middleware.types", canonical="langchain.agents.middleware", reason="The middleware package re-exports its types module."),
    TypeAlias(name="posixpath", canonical="os.path", reason="os.path is posixpath on POSIX."),
    TypeAlias(name="ntpath", canonical="os.path", reason="os.path is ntpath on Windows."),
    TypeAlias(name="_io", canonical="io", reason="The C implementation behind io."),
    TypeAlias(name="urllib3.poolmanager", canonical="urllib3", reason="Where urllib3 defines PoolManager and ProxyManager."),
    TypeAlias(name="urllib3.connectionpool", canonical="urllib3", reason="Where urllib3 defines its connection pools."),
)
# fmt: on
