"""DeerFlow gateway application package."""
