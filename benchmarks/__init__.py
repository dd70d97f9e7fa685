"""Benchmarks: a synthetic ecosystem generator and load-speed measurements (not shipped)."""
