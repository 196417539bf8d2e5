"""Kubernetes clients: credentials (in-cluster, else the kubeconfig) and the API objects."""

from __future__ import annotations

from kubernetes import client, config
from kubernetes.config.config_exception import ConfigException


def connect() -> None:
    """Load the service account's credentials, or the developer's kubeconfig outside a cluster."""
    try:
        config.load_incluster_config()
    except ConfigException:
        config.load_kube_config()


def core() -> client.CoreV1Api:
    return client.CoreV1Api()


def apps() -> client.AppsV1Api:
    return client.AppsV1Api()
