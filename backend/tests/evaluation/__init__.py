"""Tests of the evaluation against the peers' labelled suite."""
