"""Artefact bundles on disk."""

from __future__ import annotations

import hashlib
import json
import pickle
import tarfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Bundle:
    name: str
    version: str
    root: Path

    @property
    def manifest_path(self) -> Path:
        return self.root / "manifest.json"

    def manifest(self) -> dict:
        return json.loads(self.manifest_path.read_text())  # label: blocking hard via=ModelRegistry.activate

    def checksum(self) -> str:
        h = hashlib.sha256()
        for part in sorted(self.root.rglob("*.bin")):  # label: blocking via=ModelRegistry.activate
            h.update(part.read_bytes())  # label: blocking hard via=ModelRegistry.activate
        return h.hexdigest()


class BundleStore:
    def __init__(self, base: Path) -> None:
        self.base = base

    def locate(self, name: str, version: str) -> Bundle:
        return Bundle(name, version, self.base / name / version)

    def unpack(self, archive: Path, name: str, version: str) -> Bundle:
        bundle = self.locate(name, version)
        bundle.root.mkdir(parents=True, exist_ok=True)  # clean: unpack is called only from the sync publish CLI
        with tarfile.open(archive) as tar:  # clean: same
            tar.extractall(bundle.root, filter="data")
        return bundle

    def versions(self, name: str) -> list[str]:
        return sorted(p.name for p in (self.base / name).iterdir() if p.is_dir())  # label: blocking via=ModelRegistry.latest


def load_weights(bundle: Bundle) -> object:
    with open(bundle.root / "model.pkl", "rb") as fh:  # label: blocking via=ModelRegistry.activate
        return pickle.load(fh)  # label: tolerated
