"""Regression tests reuse the fixtures of the modules they guard."""

from tests.training.conftest import background, desk_scenario, make_desk

__all__ = ["background", "desk_scenario", "make_desk"]
