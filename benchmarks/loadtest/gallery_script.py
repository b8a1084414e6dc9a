"""What one visitor of the scenario gallery does: open a link with 200 runs, press Run on a
card, look, press Run on another.  Click-to-figures is timed up to the last script run."""

from __future__ import annotations

import random
from collections.abc import Callable

from playwright.sync_api import Page, expect

from benchmarks.loadtest.browser import timed, timed_load

RUNS = 200
LINK = f"?runs={RUNS}"
SCENARIOS = ("starter_shop", "holiday_stockout", "damaged_batch", "custom_gifts", "pricing_glitch")
Record = Callable[[str, float], None]


def press_run(page: Page, stem: str) -> float:
    figures = page.get_by_test_id("stMetric")
    return timed(
        page,
        page.locator(f".st-key-gallery-run-{stem} button").click,
        lambda: expect(figures.first).to_be_visible(),
    )


def arrive(page: Page, base_url: str, record: Record) -> None:
    """The first page: the gallery link with 200 runs (no scenario chosen yet)."""
    record("first page load", timed_load(page, f"{base_url}/{LINK}"))


def play(page: Page, first: str, rng: random.Random, record: Record, think) -> None:
    """After ``arrive``: Run on one card, then on another."""
    think()
    record("gallery run", press_run(page, first))
    think()
    record("gallery run", press_run(page, rng.choice([s for s in SCENARIOS if s != first])))


def burst(page: Page, stem: str, record: Record) -> None:
    """After ``arrive`` and everyone's arrival: press Run, all at the same moment."""
    record("burst run", press_run(page, stem))
