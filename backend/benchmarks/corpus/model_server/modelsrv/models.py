"""Model wrappers with a shared base class."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class BaseModel:
    labels_file = "labels.json"

    def __init__(self, weights: object, root: Path) -> None:
        self.weights = weights
        self.root = root
        self.loaded_at = time.monotonic()  # clean: monotonic clock

    def labels(self) -> list[str]:
        return json.loads((self.root / self.labels_file).read_text())  # label: blocking hard via=Classifier.predict (inherited)

    def warmup(self) -> None:
        log.info("warming up %s", type(self).__name__)  # clean: logging

    def predict(self, features: list[float]) -> dict[str, Any]:
        raise NotImplementedError


class Classifier(BaseModel):
    def warmup(self) -> None:
        super().warmup()
        (self.root / "warm.flag").touch()  # label: blocking via=ModelRegistry.activate (super chain)

    def predict(self, features: list[float]) -> dict[str, Any]:
        scores = [sum(features) * (i + 1) for i in range(3)]
        return {"label": self.labels()[scores.index(max(scores))], "scores": scores}


class Regressor(BaseModel):
    def predict(self, features: list[float]) -> dict[str, Any]:
        return {"value": sum(features) / max(len(features), 1)}

    def explain(self, features: list[float]) -> str:
        with open(self.root / "explain.txt") as fh:  # clean: explain is only used by the offline notebook helper
            return fh.read().format(n=len(features))
