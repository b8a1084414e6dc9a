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


def play(page: Page, base_url: str, first: str, rng: random.Random, record: Record, think) -> None:
    record("page load", timed_load(page, f"{base_url}/{LINK}"))
    think()
    record("gallery run", press_run(page, first))
    think()
    record("gallery run", press_run(page, rng.choice([s for s in SCENARIOS if s != first])))


def burst(page: Page, base_url: str, stem: str, record: Record, go: Callable[[], None]) -> None:
    """Open the link, wait for everyone (``go``), then press Run at the same moment."""
    record("page load", timed_load(page, f"{base_url}/{LINK}"))
    go()
    record("burst run", press_run(page, stem))
