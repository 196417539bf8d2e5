"""Library facts: blocking calls in third-party libraries that reading their source cannot show.

Two kinds of calls need a fact instead of a summary:

- ``always``: the work happens in compiled code (a C or C++ extension, a Cython module), so
  there is no Python source to follow, or the Python layer hands straight to it;
- ``first-use``: the call blocks only sometimes, typically the first time (a model, tokenizer
  or vocabulary downloaded and written to a local cache, a lazily filled dictionary read from
  disk). Such a call counts as blocking: whether it blocks must not depend on the cache state
  of the machine that runs the scan, and the first request after a deploy pays the full cost.

A fact is a blocking call like a primitive (same fields, plus the distribution and ``when``);
its findings carry the library code ``BIO501``. A fact wins over the library's source: calls
named here are never followed into the library. The names are public spellings as the project
writes them; the library summaries also match their defining modules.
"""

# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIBRARY_FACTS", "LIBRARY_FACTS_BY_NAME", "WHEN", "LibraryFact"]

WHEN = ("always", "first-use")

OFFLOAD_HINT = "await asyncio.to_thread(...) around the call"
_C_SQL = "A database client implemented in C: the call waits on the server's socket (connect and authenticate, or run a statement)."
_DOWNLOAD = "Downloads model files from the network on first use, then reads them from the local cache on every later call; the first request after a deploy blocks for as long as the download takes."
_TIKTOKEN = "Fetches the encoding's BPE ranks over HTTP on first use (then reads the cached file); one first call can block for seconds, minutes on a slow network."


@dataclass(frozen=True)
class LibraryFact:
    """A call into a library that blocks, named by qualified name, with its evidence."""

    name: str
    distribution: str
    when: str
    operation: str
    priority: str
    hint: str
    reason: str


LIBRARY_FACTS: tuple[LibraryFact, ...] = (
    # Compiled clients: no Python source to follow.
    LibraryFact(
        name="psycopg2.connect",
        distribution="psycopg2",
        when="always",
        operation="socket",
        priority="high",
        hint="await asyncpg.connect(...) or psycopg's AsyncConnection",
        reason=_C_SQL,
    ),
    LibraryFact(
        name="MySQLdb.connect",
        distribution="mysqlclient",
        when="always",
        operation="socket",
        priority="high",
        hint="await aiomysql.connect(...)",
        reason=_C_SQL,
    ),
    LibraryFact(
        name="MySQLdb._mysql.connect",
        distribution="mysqlclient",
        when="always",
        operation="socket",
        priority="high",
        hint="await aiomysql.connect(...)",
        reason=_C_SQL,
    ),
    LibraryFact(
        name="pymssql.connect",
        distribution="pymssql",
        when="always",
        operation="socket",
        priority="high",
        hint=OFFLOAD_HINT,
        reason=_C_SQL,
    ),
    LibraryFact(
        name="duckdb.connect",
        distribution="duckdb",
        when="always",
        operation="file",
        priority="medium",
        hint=OFFLOAD_HINT,
        reason="DuckDB is a C++ extension: connecting opens (and may create and lock) the database file.",
    ),
    LibraryFact(
        name="pysqlite3.connect",
        distribution="pysqlite3",
        when="always",
        operation="sqlite",
        priority="high",
        hint="aiosqlite.connect(...)",
        reason="A C build of the sqlite3 module: connecting opens the database file, and its statements wait for the disk and for locks.",
    ),
    LibraryFact(
        name="apsw.Connection",
        distribution="apsw",
        when="always",
        operation="sqlite",
        priority="high",
        hint=OFFLOAD_HINT,
        reason="APSW wraps SQLite in C: opening a connection opens the database file.",
    ),
    LibraryFact(
        name="lmdb.open",
        distribution="lmdb",
        when="always",
        operation="file",
        priority="medium",
        hint=OFFLOAD_HINT,
        reason="A C extension that opens and memory-maps the database file.",
    ),
    LibraryFact(
        name="zmq.Socket.recv",
        distribution="pyzmq",
        when="always",
        operation="socket",
        priority="high",
        hint="zmq.asyncio.Socket",
        reason="A Cython socket: recv without the NOBLOCK flag waits for a message.",
    ),
    LibraryFact(
        name="zmq.Socket.send",
        distribution="pyzmq",
        when="always",
        operation="socket",
        priority="high",
        hint="zmq.asyncio.Socket",
        reason="A Cython socket: send without the NOBLOCK flag waits while the peer's queue is full.",
    ),
    LibraryFact(
        name="pycurl.Curl.perform",
        distribution="pycurl",
        when="always",
        operation="http",
        priority="high",
        hint="await httpx.AsyncClient().request(...)",
        reason="libcurl in C: perform runs the whole transfer before it returns.",
    ),
    LibraryFact(
        name="confluent_kafka.Consumer.poll",
        distribution="confluent-kafka",
        when="always",
        operation="socket",
        priority="high",
        hint=OFFLOAD_HINT,
        reason="librdkafka in C: poll waits up to its timeout for a message.",
    ),
    LibraryFact(
        name="confluent_kafka.Producer.flush",
        distribution="confluent-kafka",
        when="always",
        operation="socket",
        priority="high",
        hint=OFFLOAD_HINT,
        reason="librdkafka in C: flush waits until every queued message is delivered.",
    ),
    LibraryFact(
        name="lxml.etree.parse",
        distribution="lxml",
        when="always",
        operation="file",
        priority="medium",
        hint=OFFLOAD_HINT,
        reason="libxml2 in C: parse reads the whole file (or fetches the URL) it is given.",
    ),
    LibraryFact(
        name="cv2.imread",
        distribution="opencv-python",
        when="always",
        operation="file",
        priority="medium",
        hint=OFFLOAD_HINT,
        reason="OpenCV in C++: reads and decodes the image file.",
    ),
    LibraryFact(
        name="cv2.imwrite",
        distribution="opencv-python",
        when="always",
        operation="file",
        priority="medium",
        hint=OFFLOAD_HINT,
        reason="OpenCV in C++: encodes and writes the image file.",
    ),
    LibraryFact(
        name="faiss.read_index",
        distribution="faiss-cpu",
        when="always",
        operation="file",
        priority="medium",
        hint=OFFLOAD_HINT,
        reason="FAISS in C++: reads the whole index file into memory.",
    ),
    LibraryFact(
        name="faiss.write_index",
        distribution="faiss-cpu",
        when="always",
        operation="file",
        priority="medium",
        hint=OFFLOAD_HINT,
        reason="FAISS in C++: writes the whole index to a file.",
    ),
    LibraryFact(
        name="onnxruntime.InferenceSession",
        distribution="onnxruntime",
        when="always",
        operation="file",
        priority="medium",
        hint=OFFLOAD_HINT,
        reason="The ONNX Runtime C++ core reads and optimises the model file when the session is built.",
    ),
    LibraryFact(
        name="pyarrow.parquet.read_table",
        distribution="pyarrow",
        when="always",
        operation="file",
        priority="medium",
        hint=OFFLOAD_HINT,
        reason="Arrow's C++ reader reads the Parquet file (or dataset) in full.",
    ),
    # First-use downloads and lazily filled caches.
    LibraryFact(
        name="tiktoken.get_encoding",
        distribution="tiktoken",
        when="first-use",
        operation="http",
        priority="high",
        hint="load the encoding at startup in a thread (await asyncio.to_thread(tiktoken.get_encoding, name))",
        reason=_TIKTOKEN,
    ),
    LibraryFact(
        name="tiktoken.encoding_for_model",
        distribution="tiktoken",
        when="first-use",
        operation="http",
        priority="high",
        hint="load the encoding at startup in a thread",
        reason=_TIKTOKEN,
    ),
    LibraryFact(
        name="tiktoken.registry.get_encoding",
        distribution="tiktoken",
        when="first-use",
        operation="http",
        priority="high",
        hint="load the encoding at startup in a thread",
        reason=_TIKTOKEN,
    ),
    LibraryFact(
        name="tiktoken.model.encoding_for_model",
        distribution="tiktoken",
        when="first-use",
        operation="http",
        priority="high",
        hint="load the encoding at startup in a thread",
        reason=_TIKTOKEN,
    ),
    LibraryFact(
        name="transformers.AutoTokenizer.from_pretrained",
        distribution="transformers",
        when="first-use",
        operation="http",
        priority="high",
        hint="load it at startup in a thread",
        reason=_DOWNLOAD,
    ),
    LibraryFact(
        name="transformers.AutoModel.from_pretrained",
        distribution="transformers",
        when="first-use",
        operation="http",
        priority="high",
        hint="load it at startup in a thread",
        reason=_DOWNLOAD,
    ),
    LibraryFact(
        name="transformers.AutoConfig.from_pretrained",
        distribution="transformers",
        when="first-use",
        operation="http",
        priority="high",
        hint="load it at startup in a thread",
        reason=_DOWNLOAD,
    ),
    LibraryFact(
        name="transformers.pipeline",
        distribution="transformers",
        when="first-use",
        operation="http",
        priority="high",
        hint="build the pipeline at startup in a thread",
        reason=_DOWNLOAD,
    ),
    LibraryFact(
        name="sentence_transformers.SentenceTransformer",
        distribution="sentence-transformers",
        when="first-use",
        operation="http",
        priority="high",
        hint="build the model at startup in a thread",
        reason=_DOWNLOAD,
    ),
    LibraryFact(
        name="huggingface_hub.hf_hub_download",
        distribution="huggingface-hub",
        when="always",
        operation="http",
        priority="high",
        hint=OFFLOAD_HINT,
        reason="Checks the Hub over HTTP (unless offline mode is set) and downloads the file when the cache is stale.",
    ),
    LibraryFact(
        name="huggingface_hub.snapshot_download",
        distribution="huggingface-hub",
        when="always",
        operation="http",
        priority="high",
        hint=OFFLOAD_HINT,
        reason="Lists and downloads a whole repository from the Hub over HTTP.",
    ),
    LibraryFact(
        name="whisper.load_model",
        distribution="openai-whisper",
        when="first-use",
        operation="http",
        priority="high",
        hint="load the model at startup in a thread",
        reason=_DOWNLOAD,
    ),
    LibraryFact(
        name="fastembed.TextEmbedding",
        distribution="fastembed",
        when="first-use",
        operation="http",
        priority="high",
        hint="build the model at startup in a thread",
        reason=_DOWNLOAD,
    ),
    LibraryFact(
        name="easyocr.Reader",
        distribution="easyocr",
        when="first-use",
        operation="http",
        priority="high",
        hint="build the reader at startup in a thread",
        reason=_DOWNLOAD,
    ),
    LibraryFact(
        name="nltk.download",
        distribution="nltk",
        when="always",
        operation="http",
        priority="high",
        hint="download data at build time, not per request",
        reason="Downloads NLTK data packages over HTTP and unpacks them on disk.",
    ),
    LibraryFact(
        name="nltk.word_tokenize",
        distribution="nltk",
        when="first-use",
        operation="file",
        priority="medium",
        hint="warm the tokenizer at startup in a thread",
        reason="Loads the punkt model from disk the first time it is used in a process.",
    ),
    LibraryFact(
        name="nltk.sent_tokenize",
        distribution="nltk",
        when="first-use",
        operation="file",
        priority="medium",
        hint="warm the tokenizer at startup in a thread",
        reason="Loads the punkt model from disk the first time it is used in a process.",
    ),
    LibraryFact(
        name="spacy.load",
        distribution="spacy",
        when="always",
        operation="file",
        priority="medium",
        hint="load the pipeline at startup in a thread",
        reason="Reads a whole trained pipeline (vectors, weights) from disk.",
    ),
    LibraryFact(
        name="jieba.lcut",
        distribution="jieba",
        when="first-use",
        operation="file",
        priority="medium",
        hint="call jieba.initialize() at startup in a thread",
        reason="Builds its prefix dictionary from a file (or a disk cache) on first use.",
    ),
    LibraryFact(
        name="jieba.cut",
        distribution="jieba",
        when="first-use",
        operation="file",
        priority="medium",
        hint="call jieba.initialize() at startup in a thread",
        reason="Builds its prefix dictionary from a file (or a disk cache) on first use.",
    ),
    LibraryFact(
        name="magika.Magika",
        distribution="magika",
        when="always",
        operation="file",
        priority="medium",
        hint="build one instance at startup in a thread",
        reason="Reads its ONNX model and configuration files from disk and builds an inference session.",
    ),
    LibraryFact(
        name="boto3.client",
        distribution="boto3",
        when="always",
        operation="file",
        priority="medium",
        hint="build clients at startup in a thread, or use aioboto3",
        reason="Reads the shared config and credentials files and loads the service's JSON model from disk.",
    ),
    LibraryFact(
        name="boto3.resource",
        distribution="boto3",
        when="always",
        operation="file",
        priority="medium",
        hint="build resources at startup in a thread, or use aioboto3",
        reason="Reads the shared config and credentials files and loads the service's JSON model from disk.",
    ),
)

LIBRARY_FACTS_BY_NAME: dict[str, LibraryFact] = {fact.name: fact for fact in LIBRARY_FACTS}
