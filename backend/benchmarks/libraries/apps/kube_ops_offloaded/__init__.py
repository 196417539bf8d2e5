"""Cluster dashboard, offloaded twin of `kube_ops`: Kubernetes calls run in worker threads."""
