"""Benchmarks (`make bench`): figures for this machine, never assertions."""
