"""Tests for deerflow.subagents."""
