"""Blocking-IO detectors: the runtime gate and the static detector."""
