"""Cluster dashboard: FastAPI routes over the Kubernetes API, every call on the event loop."""
