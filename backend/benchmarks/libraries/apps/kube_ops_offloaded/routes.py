"""HTTP routes of the dashboard; each Kubernetes call is offloaded to a worker thread."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from kubernetes import client

from . import cluster, events, inventory

router = APIRouter(prefix="/cluster")


@router.on_event("startup")
async def startup() -> None:
    await asyncio.to_thread(cluster.connect)


@router.get("/{namespace}/pods")
async def pods(namespace: str, selector: str = "") -> dict[str, list[str]]:
    return {"pods": await asyncio.to_thread(inventory.pod_names, namespace, selector)}


@router.get("/{namespace}/deployments")
async def deployments(namespace: str) -> dict[str, int]:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, inventory.replica_counts, namespace)


@router.delete("/{namespace}/pods/{name}")
async def evict(namespace: str, name: str) -> dict[str, str]:
    api = client.CoreV1Api()
    await asyncio.to_thread(api.delete_namespaced_pod, name, namespace)
    return {"evicted": name}


@router.get("/{namespace}/pods/{name}/log")
async def pod_log(namespace: str, name: str) -> str:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        None, lambda: cluster.core().read_namespaced_pod_log(name, namespace, tail_lines=100)
    )


@router.get("/{namespace}/events")
async def pod_events(namespace: str) -> list[str]:
    return await asyncio.to_thread(events.recent_pod_events, namespace)
