"""Tests for deerflow.skills."""
