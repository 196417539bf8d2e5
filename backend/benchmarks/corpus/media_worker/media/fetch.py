"""Download source media over HTTP."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import requests


class Downloader:
    """Wraps a pooled HTTP session; used from the async job loop."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = requests.Session()
        self._http.headers.update({"User-Agent": "media-worker/2"})  # clean: dict-like header update

    def head_size(self, key: str) -> int:
        resp = self._http.head(f"{self.base_url}/{key}", timeout=10)  # label: blocking via=Job.run
        return int(resp.headers.get("content-length", 0))  # clean: Mapping.get on response headers

    def download(self, key: str) -> Path:
        workdir = Path(tempfile.mkdtemp(prefix="media-"))  # label: blocking via=Job.run
        target = workdir / key.replace("/", "_")  # clean: str.replace
        with self._http.get(f"{self.base_url}/{key}", stream=True, timeout=30) as resp:  # label: blocking via=Job.run
            with target.open("wb") as fh:  # label: blocking via=Job.run
                shutil.copyfileobj(resp.raw, fh)  # label: tolerated
        return target

    def cleanup(self, path: Path) -> None:
        shutil.rmtree(path.parent, ignore_errors=True)  # clean: only run through the executor
