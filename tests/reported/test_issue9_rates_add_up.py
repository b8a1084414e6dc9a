"""Issue 9, part 6: the "rates add up" message, and one check for the scenario and the simulator."""

from __future__ import annotations

import pytest

from formats.errors import RulebookError
from formats.loader import load_rulebook
from formats.scenario import rates_over_one
from simulator.engine.plan import background
from simulator.engine.streams import layout, warmup_days
from tests.simulator.tiny import scenario

RB = load_rulebook("amazon_us")
# Base 45% out of stock, 60% more on days 20-25: over 1 only inside the window.
OVERFLOW = [
    {"situation": "out_of_stock", "rate": 0.45},
    {"situation": "out_of_stock", "rate": 0.6, "from_day": 20, "to_day": 25},
]


def test_the_simulators_message_names_the_day_and_its_total_with_warm_up_days():
    """Reported: "streams.py's 'rates add up' message reads the wrong day when there are warm-up days"."""
    sc = scenario(trading_before_start=True, days=40, situations=OVERFLOW)  # validated, not cross-checked
    assert warmup_days(sc, RB) > 0
    with pytest.raises(RulebookError) as exc:
        layout(sc, RB, background(RB))
    text = str(exc.value)
    assert "add up to 1.053 on day 20" in text  # 0.45 + 0.6 + 0.3% changed-mind buyers; it read 0.453


def test_the_scenario_check_and_the_simulator_name_the_same_problem():
    sc = scenario(trading_before_start=True, days=40, situations=OVERFLOW)
    loc, msg, hint = rates_over_one(sc)
    assert loc == ("situations",) and hint == "keep it <= 1"
    with pytest.raises(RulebookError) as exc:
        layout(sc, RB, background(RB))
    assert msg in str(exc.value)
    assert rates_over_one(scenario(situations=OVERFLOW[:1])) is None
