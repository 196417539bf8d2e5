"""Where the detector deliberately parts from the peers' labels, each with its reason.

An entry names lines of the peers' eval files by file name pattern (``fnmatch``), enclosing function
(dotted qualified name, ``""`` at module level) and the line's code without its comment. Its kind
is ``unreported`` (a labelled line the detector does not report, so it is left out of the score)
or ``extra`` (an unlabelled line where the detector's finding stands). An entry must match at least
one line of its kind in every file its pattern selects; `make eval-peers` fails on one that does not.
"""

# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DISAGREEMENTS", "EXTRA", "KINDS", "UNREPORTED", "Disagreement"]

UNREPORTED = "unreported"
EXTRA = "extra"
KINDS = (UNREPORTED, EXTRA)


@dataclass(frozen=True)
class Disagreement:
    """Lines of the peers' suite where the detector's answer differs from the label on purpose."""

    files: str
    function: str
    code: str
    kind: str
    reason: str


# Reasons shared by several entries.
PURE_PATH_REASON = "A pure string computation on the path (at most a getcwd(), like `os.path.abspath`, which neither tool reports): no disk access, nothing to wait for."
UNKNOWN_METHOD_REASON = "The method name is made up: the table names the methods of a file or pool that do IO, and a name the class does not define cannot be judged blocking."
CLIENT_CLOSE_REASON = "Closing a client releases its pooled sockets without waiting for a peer; the detector reports the requests, not the clean-up."
WRITER_READ_REASON = "`BufferedWriter.read` raises `io.UnsupportedOperation` at once: a write-only file has no read to block on."
REBOUND_REASON = "The variable is reassigned after its annotation (to an unknown call result, then to an int); the detector follows the latest binding, and the suite lists these under its known unhandled cases."
PEER_PIN_REASON = "`PoolManager.request` sends a request whatever its method argument: the peers need an HTTP-verb literal to recognise the call, the detector knows the receiver's type from `foo = PoolManager()`."
NOT_HANDLED_REASON = "A file can flow here (a union that includes a file type, or an element of `list[TextIOWrapper]`), and then the read blocks; the suite marks the case `# not handled`."
OPEN_SCOPE_REASON = "Opening the file blocks (ASYNC230, labelled in async23x.py); this eval file enables ASYNC232 alone, so the open carries no label here."
SHOULD_ERROR_REASON = "The suite's own comment says `# should error`: the detector follows class attribute annotations, attributes set in `__init__` and return annotations."
WRAPPED_OPEN_REASON = "`trio.wrap_file` wraps a file that is already open: the `open()` in its argument runs first, on the loop (the asyncio twin of this file labels the same shape)."

# fmt: off
DISAGREEMENTS: tuple[Disagreement, ...] = (
    # Labels the detector does not share.
    Disagreement(files="async240.py", function="foo", code='normpath("")', kind=UNREPORTED, reason=PURE_PATH_REASON),
    Disagreement(files="async240.py", function="foo", code='relpath("")', kind=UNREPORTED, reason=PURE_PATH_REASON),
    Disagreement(files="async240.py", function="foo", code="os.path._path_normpath(...)", kind=UNREPORTED, reason=PURE_PATH_REASON),
    Disagreement(files="async240.py", function="foo", code='os.path.normpath("")', kind=UNREPORTED, reason=PURE_PATH_REASON),
    Disagreement(files="async240.py", function="foo", code='os.path.relpath("")', kind=UNREPORTED, reason=PURE_PATH_REASON),
    Disagreement(files="async240.py", function="foo", code="os.path._joinrealpath(...)", kind=UNREPORTED, reason="A private helper of `posixpath.realpath` that applications do not call; the public `os.path.realpath` is in the table and reported."),
    Disagreement(files="async212.py", function="foo_urllib3", code="c.anything()", kind=UNREPORTED, reason=UNKNOWN_METHOD_REASON),
    Disagreement(files="async232*.py", function="file_text", code="f.anything()", kind=UNREPORTED, reason=UNKNOWN_METHOD_REASON),
    Disagreement(files="async232.py", function="file_text", code="f.aoeuaoeuaoeuaoeu()", kind=UNREPORTED, reason=UNKNOWN_METHOD_REASON),
    Disagreement(files="async232_asyncio.py", function="file_text", code="f.aoeuaoeuaoeuaoeuaoeu()", kind=UNREPORTED, reason=UNKNOWN_METHOD_REASON),
    Disagreement(files="async212.py", function="foo_call", code="client.close()", kind=UNREPORTED, reason=CLIENT_CLOSE_REASON),
    Disagreement(files="async212.py", function="foo_httpx2_call", code="client.close()", kind=UNREPORTED, reason=CLIENT_CLOSE_REASON),
    Disagreement(files="async212.py", function="foo_global_client", code="glob_client.send()", kind=UNREPORTED, reason="The module rebinds `glob_client` to an int (`glob_client: int = 4`) before any coroutine can run, so no client is left when this line executes; the detector follows the module's final binding."),
    Disagreement(files="async232*.py", function="file_binary_write", code="f.read()", kind=UNREPORTED, reason=WRITER_READ_REASON),
    Disagreement(files="async232*.py", function="file_binary_write_", code="f.read()", kind=UNREPORTED, reason=WRITER_READ_REASON),
    Disagreement(files="async232*.py", function="implicit_overridden_type", code="f.read()", kind=UNREPORTED, reason=REBOUND_REASON),
    # Findings the detector keeps on lines the suite leaves unlabelled.
    Disagreement(files="async211.py", function="foo", code="foo.request()", kind=EXTRA, reason=PEER_PIN_REASON),
    Disagreement(files="async211.py", function="foo", code='foo.request(..., "PUT")', kind=EXTRA, reason=PEER_PIN_REASON),
    Disagreement(files="async211.py", function="foo", code='foo.request("sPUTnik")', kind=EXTRA, reason=PEER_PIN_REASON),
    Disagreement(files="async211.py", function="foo", code="foo.request(None)", kind=EXTRA, reason=PEER_PIN_REASON),
    Disagreement(files="async211.py", function="foo", code="foo.request(put)", kind=EXTRA, reason=PEER_PIN_REASON),
    Disagreement(files="async211.py", function="foo", code="foo.request(PUT)", kind=EXTRA, reason=PEER_PIN_REASON),
    Disagreement(files="async211.py", function="foo", code='foo.request("REQUEST")', kind=EXTRA, reason=PEER_PIN_REASON),
    Disagreement(files="async212.py", function="foo_alias_import", code="client.send()", kind=EXTRA, reason="`from httpx import Client` names the same synchronous client; the suite marks the case `# not implemented`."),
    Disagreement(files="async232*.py", function="file_text_4_both", code="f.read()", kind=EXTRA, reason=NOT_HANDLED_REASON),
    Disagreement(files="async232*.py", function="file_text_4_non_none", code="f.read()", kind=EXTRA, reason=NOT_HANDLED_REASON),
    Disagreement(files="async232*.py", function="file_text_9", code="f.read()", kind=EXTRA, reason=NOT_HANDLED_REASON),
    Disagreement(files="async232*.py", function="open_file_1", code='with open(""):', kind=EXTRA, reason=OPEN_SCOPE_REASON),
    Disagreement(files="async232*.py", function="open_file_2", code='with open("") as f:', kind=EXTRA, reason=OPEN_SCOPE_REASON),
    Disagreement(files="async232*.py", function="open_file_3", code='with open("") as f:', kind=EXTRA, reason=OPEN_SCOPE_REASON),
    Disagreement(files="async232*.py", function="open_file_4", code='f = open("")', kind=EXTRA, reason=OPEN_SCOPE_REASON),
    Disagreement(files="async232*.py", function="open_file_5", code='f = open("")', kind=EXTRA, reason=OPEN_SCOPE_REASON),
    Disagreement(files="async232*.py", function="open_file_6", code='ff = open("")', kind=EXTRA, reason=OPEN_SCOPE_REASON),
    Disagreement(files="async232*.py", function="multi_assign", code='x, y = open(""), open("")', kind=EXTRA, reason=OPEN_SCOPE_REASON),
    Disagreement(files="async232*.py", function="attribute_assign", code='x.y = open("")', kind=EXTRA, reason=OPEN_SCOPE_REASON),
    Disagreement(files="async232*.py", function="myclass.foo", code="self.x.read()", kind=EXTRA, reason=SHOULD_ERROR_REASON),
    Disagreement(files="async232*.py", function="myclass_2.foo", code="self.x.read()", kind=EXTRA, reason=SHOULD_ERROR_REASON),
    Disagreement(files="async232*.py", function="call_function_with_return_type", code="k.read()", kind=EXTRA, reason=SHOULD_ERROR_REASON),
    Disagreement(files="async23x*.py", function="foo", code='await open("")', kind=EXTRA, reason="`open` is the builtin here: the call blocks before its result is awaited (and awaiting a file object then raises TypeError)."),
    Disagreement(files="async23x.py", function="foo", code='await trio.wrap_file(open(""))', kind=EXTRA, reason=WRAPPED_OPEN_REASON),
    Disagreement(files="async23x.py", function="foo", code="await trio.wrap_file(os.fdopen(0))", kind=EXTRA, reason=WRAPPED_OPEN_REASON),
    Disagreement(files="async23x.py", function="foo", code='async with trio.wrap_file(open("")):', kind=EXTRA, reason=WRAPPED_OPEN_REASON),
)
# fmt: on
