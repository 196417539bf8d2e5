"""Active model registry used by the HTTP layer."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from .artifacts import BundleStore, load_weights
from .models import BaseModel, Classifier

log = logging.getLogger(__name__)


class ModelRegistry:
    def __init__(self, store: BundleStore) -> None:
        self._store = store
        self._active: dict[str, BaseModel] = {}
        self._lock = asyncio.Lock()

    @classmethod
    def at(cls, base: str) -> ModelRegistry:
        return cls(BundleStore(Path(base)))

    def latest(self, name: str) -> str:
        versions = self._store.versions(name)
        return versions[-1]

    async def activate(self, name: str, version: str | None = None) -> BaseModel:
        async with self._lock:
            version = version or self.latest(name)
            bundle = self._store.locate(name, version)
            meta = bundle.manifest()
            if meta.get("checksum") and meta["checksum"] != bundle.checksum():  # clean: dict.get on parsed JSON
                raise ValueError(f"checksum mismatch for {name}@{version}")
            model = Classifier(load_weights(bundle), bundle.root)
            model.warmup()
            self._active[name] = model
            return model

    async def activate_background(self, name: str) -> None:
        version = await asyncio.to_thread(self.latest, name)  # clean: offloaded
        bundle = self._store.locate(name, version)
        weights = await asyncio.to_thread(load_weights, bundle)  # clean: offloaded
        self._active[name] = Classifier(weights, bundle.root)

    async def predict(self, name: str, features: list[float]) -> dict:
        model = self._active.get(name) or await self.activate(name)  # clean: dict.get
        return model.predict(features)
