"""Evaluation against labelled suites written by others: the peers' blocking-call test files."""
