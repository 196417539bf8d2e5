"""Benchmarks for the blocking-IO tooling: the labeled static-analysis corpus lives in corpus/."""
