"""Tests of the static-analysis benchmark: corpus sanity and the evaluation script."""
