"""Container registry operations."""

from __future__ import annotations

import json
from time import sleep

from . import shell
from .shell import run


class Registry:
    def __init__(self, host: str) -> None:
        self.host = host
        self._tags: dict[str, list[str]] = {}

    def image(self, name: str, tag: str) -> str:
        return f"{self.host}/{name}:{tag}"

    def build(self, context: str, name: str, tag: str) -> str:
        ref = self.image(name, tag)
        run(f"docker build -t {ref} {context}")
        return ref

    def push(self, ref: str, retries: int = 3) -> None:
        for attempt in range(retries):
            if shell.run_quiet(f"docker push {ref}") == 0:
                return
            sleep(1 + attempt)  # label: blocking via=build_and_push
        raise RuntimeError(f"push failed for {ref}")

    def tags(self, name: str) -> list[str]:
        cached = self._tags.get(name)  # clean: dict.get
        if cached is None:
            out = run(f"crane ls {self.image(name, '')[:-1]}")
            cached = self._tags[name] = json.loads(out or "[]")  # clean: json.loads
        return cached
