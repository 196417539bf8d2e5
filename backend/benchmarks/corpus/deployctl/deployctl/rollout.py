"""Kubernetes rollout tracking."""

from __future__ import annotations

import asyncio
import json
import subprocess

from .shell import backoff, run_quiet


class Rollout:
    def __init__(self, namespace: str, deployment: str) -> None:
        self.namespace = namespace
        self.deployment = deployment

    def _status(self) -> dict:
        out = subprocess.run(  # label: blocking via=wait_ready
            ["kubectl", "-n", self.namespace, "get", "deploy", self.deployment, "-o", "json"],
            capture_output=True,
            check=True,
        )
        return json.loads(out.stdout)

    def ready(self) -> bool:
        status = self._status().get("status", {})  # clean: dict.get
        return status.get("readyReplicas") == status.get("replicas")

    async def wait_ready(self, attempts: int = 10) -> bool:
        for attempt in range(attempts):
            if self.ready():
                return True
            backoff(attempt)
        return False

    async def wait_ready_async(self, attempts: int = 10) -> bool:
        for _ in range(attempts):
            proc = await asyncio.create_subprocess_exec(  # clean: asyncio subprocess
                "kubectl", "-n", self.namespace, "rollout", "status", self.deployment,
                stdout=asyncio.subprocess.PIPE,
            )
            await proc.communicate()  # clean: awaited
            if proc.returncode == 0:
                return True
            await asyncio.sleep(2)  # clean: asyncio.sleep
        return False

    async def restart(self) -> None:
        run_quiet(f"kubectl -n {self.namespace} rollout restart deploy/{self.deployment}")
