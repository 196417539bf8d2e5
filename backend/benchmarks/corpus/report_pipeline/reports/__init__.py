"""Nightly reporting pipeline: ingest CSV drops, aggregate, render."""
