"""Command-line faces of the simulator: run, compare, replay, calibrate."""
