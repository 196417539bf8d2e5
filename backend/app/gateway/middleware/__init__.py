"""Pure ASGI middleware that refuses unsafe requests before routing."""
