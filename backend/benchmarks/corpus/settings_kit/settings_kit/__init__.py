"""Layered settings: files, environment and a remote override service."""
