"""What runs in a namespace: pods and deployments, as plain dictionaries for the routes."""

from __future__ import annotations

from . import cluster


def pod_names(namespace: str, selector: str = "") -> list[str]:
    pods = cluster.core().list_namespaced_pod(namespace, label_selector=selector)
    return [pod.metadata.name for pod in pods.items]


def replica_counts(namespace: str) -> dict[str, int]:
    deployments = cluster.apps().list_namespaced_deployment(namespace)
    return {item.metadata.name: item.status.ready_replicas or 0 for item in deployments.items}
