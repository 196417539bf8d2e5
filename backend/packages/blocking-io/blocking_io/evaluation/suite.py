"""The peers' labelled suite: fetch flake8-async's eval files, add assumed imports, read labels.

flake8-async tests each rule on files under ``tests/eval_files/`` of its source distribution.
A line that must produce an error carries a comment naming the code, the column and the message
arguments, for example ``requests.get()  # ASYNC210: 4, 'requests.get'``; a library variant adds
a suffix (``# ASYNC221_asyncio: 4, 'os.system'``), and one line may carry several. The parser here
follows flake8-async's own test harness: comment-only lines are skipped, and every
``ASYNCnnn[_suffix]: args`` (or ``error: args``) group in a code line's comment is one expected
error. A labelled line is one with at least one such group; lines are scored, not errors.

The files assume names they never import (flake8-async matches names, not imports), so
``ASSUMED_IMPORTS`` is put in front of line 1, joined by ``;``: no line moves and no label changes.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import re
import shutil
import subprocess
import sys
import tarfile
import tokenize
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ASSUMED_IMPORTS",
    "PEER_SUITE",
    "PeerSuite",
    "SuiteError",
    "add_assumed_imports",
    "fetch_suite",
    "file_rule",
    "line_labels",
    "prepare_suite",
    "statement_text",
]


class SuiteError(RuntimeError):
    """The peers' suite could not be fetched, verified or prepared."""


@dataclass(frozen=True)
class PeerSuite:
    """A pinned source distribution holding a peer's labelled eval files."""

    name: str
    version: str
    sha256: str
    eval_dir: str
    file_pattern: str
    reason: str

    @property
    def archive(self) -> str:
        """Return the file name of the source distribution."""
        return f"{self.name.replace('-', '_')}-{self.version}.tar.gz"

    @property
    def requirement(self) -> str:
        """Return the pinned requirement given to the package installer."""
        return f"{self.name}=={self.version}"


PEER_SUITE = PeerSuite(
    name="flake8-async",
    version="26.8.1",
    sha256="c2d9e7b318169a85d821c8b2e661959481e59db1551626b7471c6e4627c99d9b",
    eval_dir="tests/eval_files",
    # ASYNC210..ASYNC251: the blocking-call rules (async22x/async23x files hold several codes).
    file_pattern=r"async2[1-5][0-9x](_\w+)?\.py",
    reason="flake8-async's blocking-call rules, labelled line by line by another team.",
)

# Names the eval files use without importing them. Bare `system()`, `P_WAIT` and the like stay
# unimported on purpose: flake8-async does not flag them either.
ASSUMED_IMPORTS = (
    "import io, os, subprocess, time, urllib, httpx, httpx2, requests, urllib3; "
    "from typing import Optional; from urllib import request; from urllib.request import urlopen"
)

_LABEL_RE = re.compile(r"(error|ASYNC...)(_.*)?:([^#]*)(?=#|$)")
_FILE_RULE_RE = re.compile(r"async(\d\d[\dx])", re.IGNORECASE)


def file_rule(name: str) -> str:
    """Return the rule family an eval file tests (``async22x_asyncio.py`` -> ``ASYNC22x``)."""
    match = _FILE_RULE_RE.match(name)
    if match is None:
        raise SuiteError(f"Eval file `{name}` does not start with `async<code>`; rename it.")
    return f"ASYNC{match[1]}"


def line_labels(source: str) -> dict[int, tuple[str, ...]]:
    """Return the expected error codes of each labelled line (1-based) of an eval file."""
    labels: dict[int, tuple[str, ...]] = {}
    for number, raw in enumerate(source.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#") or "#" not in line:
            continue
        codes = tuple(code for code, _suffix, _args in _LABEL_RE.findall(line))
        if codes:
            labels[number] = codes
    return labels


def add_assumed_imports(source: str, name: str, imports: str = ASSUMED_IMPORTS) -> str:
    """Return `source` with `imports` joined in front of line 1, every line kept in place.

    Raises:
        SuiteError: the result does not parse (a `from __future__` import on line 1, say).
    """
    patched = f"{imports}; {source}"
    try:
        compile(patched, name, "exec", dont_inherit=True)  # also rejects a misplaced __future__
    except SyntaxError as exc:
        raise SuiteError(
            f"Adding the assumed imports to line 1 of `{name}` breaks it ({exc.msg}); "
            "put them on another line that holds no label."
        ) from exc
    return patched


def statement_text(source: str) -> dict[int, str]:
    """Return each line's code without its comment, stripped (for matching disagreements)."""
    lines = source.split("\n")
    texts = {number: line.strip() for number, line in enumerate(lines, start=1)}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, column = token.start
            texts[row] = lines[row - 1][:column].strip()
    return texts


def _pip_python() -> str:
    """Return an interpreter that has pip: this one, the one this venv was made from, or python3.

    A uv-managed virtual environment has no pip; the base interpreter behind it usually does.
    """
    if importlib.util.find_spec("pip") is not None:
        return sys.executable
    candidates: list[str] = [
        str(getattr(sys, "_base_executable", "")),
        shutil.which("python3") or "",
    ]
    for candidate in filter(None, candidates):
        check = [candidate, "-m", "pip", "--version"]
        if subprocess.run(check, capture_output=True, check=False).returncode == 0:
            return candidate
    raise SuiteError("No Python with pip found to download the peers' suite; install pip.")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_suite(cache: Path, suite: PeerSuite = PEER_SUITE) -> Path:
    """Download the pinned source distribution into `cache` (once) and return its verified path.

    Raises:
        SuiteError: the download failed or the archive's sha256 is not the pinned one.
    """
    archive = cache / suite.archive
    if not archive.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        cmd = [_pip_python(), "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        cmd += ["--quiet", suite.requirement, "-d", str(cache)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0 or not archive.is_file():
            raise SuiteError(
                f"Downloading `{suite.requirement}` failed (exit {proc.returncode}): "
                f"{proc.stderr.strip()[-500:]}"
            )
    actual = _sha256(archive)
    if actual != suite.sha256:
        archive.unlink()
        raise SuiteError(
            f"`{archive.name}` has sha256 {actual}, expected {suite.sha256}; the file was "
            "removed, run again to download it afresh."
        )
    return archive


def prepare_suite(archive: Path, target: Path, suite: PeerSuite = PEER_SUITE) -> dict[str, str]:
    """Extract the selected eval files into `target` with the assumed imports added.

    Returns the original text of each file by name; `target` then holds the patched copies.
    """
    pattern = re.compile(suite.file_pattern)
    originals: dict[str, str] = {}
    with tarfile.open(archive, "r:gz") as bundle:
        for member in bundle.getmembers():
            parent, _, name = member.name.rpartition("/")
            if member.isfile() and parent.endswith(suite.eval_dir) and pattern.fullmatch(name):
                extracted = bundle.extractfile(member)
                if extracted is not None:
                    originals[name] = extracted.read().decode("utf-8")
    if not originals:
        raise SuiteError(f"`{archive.name}` holds no file matching {suite.file_pattern!r}.")
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name, source in sorted(originals.items()):
        (target / name).write_text(add_assumed_imports(source, name), encoding="utf-8")
    return originals
