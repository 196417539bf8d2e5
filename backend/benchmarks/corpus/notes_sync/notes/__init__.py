"""Notes synchronisation between a local vault and a remote server."""
