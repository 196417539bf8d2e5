"""Offline tooling: publish bundles and explain predictions."""

from __future__ import annotations

import sys
from pathlib import Path

from .artifacts import BundleStore, load_weights
from .models import Regressor


def publish(archive: str, name: str, version: str) -> None:
    store = BundleStore(Path("/srv/models"))
    bundle = store.unpack(Path(archive), name, version)
    print(f"published {bundle.name}@{bundle.version}")


def explain(name: str, version: str, *features: float) -> None:
    bundle = BundleStore(Path("/srv/models")).locate(name, version)
    print(Regressor(load_weights(bundle), bundle.root).explain(list(features)))


if __name__ == "__main__":
    publish(*sys.argv[1:4])
