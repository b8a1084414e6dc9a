"""The account behind the desk: its background is described in words, not as the call that made it."""

from __future__ import annotations

from training.seller_metrics import background_from_scenario


def test_background_source_reads_as_words(desk_scenario):
    scenario = desk_scenario[0]
    bg = background_from_scenario(scenario, seed=7, days=10)
    assert bg.source == "the Training desk scenario's simulated orders (seed 7)"
    assert "simulate(" not in bg.source and "seed=" not in bg.source
    assert len(bg.dates) == 10
