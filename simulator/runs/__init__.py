"""Runs: Monte Carlo, policy comparison, results, the order-level view of a run."""
