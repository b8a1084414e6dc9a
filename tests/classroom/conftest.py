"""The classroom's tests read the desk scenario too (its rulebook words the CSV)."""

from __future__ import annotations

import pytest

from training.exercises import load_desk_scenario


@pytest.fixture(scope="session")
def desk_scenario():
    return load_desk_scenario()
