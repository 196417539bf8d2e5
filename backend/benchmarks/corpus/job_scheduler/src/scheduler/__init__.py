"""Cron-like async job scheduler with pluggable tasks."""
