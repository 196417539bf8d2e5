"""Pod events: a bounded watch on a namespace, collected into a list for the dashboard."""

from __future__ import annotations

from kubernetes import watch

from . import cluster


def recent_pod_events(namespace: str, seconds: int = 5) -> list[str]:
    api = cluster.core()
    stream = watch.Watch().stream(api.list_namespaced_pod, namespace, timeout_seconds=seconds)
    return [f"{event['type']} {event['object'].metadata.name}" for event in stream]
