"""HTTP gateway: app factory, lifespan and routers (wiring only)."""
