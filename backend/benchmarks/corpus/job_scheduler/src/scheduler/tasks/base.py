"""Task base class and registry."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any, ClassVar


class Task:
    registry: ClassVar[dict[str, type[Task]]] = {}
    kind: ClassVar[str] = "base"

    def __init__(self, name: str, params: dict[str, Any], state_dir: Path) -> None:
        self.name = name
        self.params = params
        self.state_dir = state_dir

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        Task.registry[cls.kind] = cls

    @classmethod
    def from_spec(cls, spec_path: str, state_dir: Path) -> Task:
        with open(spec_path, encoding="utf-8") as fh:  # label: blocking via=Scheduler.add_from_file
            spec = json.load(fh)  # label: tolerated
        task_cls = cls.registry.get(spec["kind"], cls)  # clean: dict.get
        return task_cls(spec["name"], spec.get("params", {}), state_dir)

    def state_path(self) -> Path:
        return self.state_dir / f"{self.name}.json"

    def load_state(self) -> dict[str, Any]:
        path = self.state_path()
        return json.loads(path.read_text()) if path.exists() else {}  # label: blocking via=Scheduler._tick (inherited)

    def save_state(self, state: dict[str, Any]) -> None:
        tmp = self.state_path().with_suffix(".tmp")
        tmp.write_text(json.dumps(state))  # label: blocking via=Scheduler._tick (inherited)
        os.replace(tmp, self.state_path())  # label: blocking via=Scheduler._tick (inherited)

    def stamp(self) -> float:
        return time.time()  # clean: clock read

    async def run(self) -> dict[str, Any]:
        raise NotImplementedError
