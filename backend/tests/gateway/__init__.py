"""Tests for the HTTP gateway (app.gateway)."""
