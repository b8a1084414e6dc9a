"""A desk on a fixed background, so tests do not depend on the simulator's numbers."""

from __future__ import annotations

import numpy as np
import pytest

from training.desk import Desk
from training.exercises import load_desk_scenario
from training.seller_metrics import Background

DAYS = 20
SF_PER_DAY = 50  # 350 seller-fulfilled orders in 7 days
COUNTED_PER_DAY = 1


@pytest.fixture(scope="session")
def desk_scenario():
    return load_desk_scenario()


@pytest.fixture(scope="session")
def background() -> Background:
    dates = [f"2025-10-{d:02d}" for d in range(1, DAYS + 1)]
    return Background(
        dates,
        np.full(DAYS, SF_PER_DAY),
        np.full(DAYS, COUNTED_PER_DAY),
        np.full(DAYS, 1),
        "fixed test flow",
    )


@pytest.fixture
def make_desk(desk_scenario, background):
    _sc, rb, exercises = desk_scenario

    def make(exercise_id: str | None, seed: int = 3) -> Desk:
        return Desk.open(rb, background, exercises, exercise_id=exercise_id, seed=seed)

    return make
