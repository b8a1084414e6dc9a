"""The work budget of a simulation, checked from expected figures before anything is drawn.

Orders are drawn as per-day counts, so their number costs no memory; an order that
runs into a situation (an *incident*) gets its own buyer draws, so a run holds
arrays of its incidents' length, and the order view lays one day's orders out one
by one.  The budget bounds those three things from the scenario's expected
figures (the layout's day means and rates), so a hostile file or widget value is
refused with a sentence naming the figures and the limit instead of taking the
server's memory.  The CLI, the library and the pages all go through :func:`check_budget`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formats.errors import ArgumentError
from formats.rulebook import Rulebook
from formats.scenario import Scenario
from simulator.engine.plan import background
from simulator.engine.streams import Layout, layout

ARGS = "<arguments>"  # the "file" named in errors about function or CLI arguments
# One run's incidents are held at once (~100 bytes each over the draws and the policy's
# fate: 2.9 million measured 370 MB peak for the whole process), so a run stays under ~0.4 GB.
MAX_INCIDENTS_PER_RUN = 3_000_000
# Incidents over all runs and policies: the time a request may take (~0.3 µs each: ~30 s).
MAX_INCIDENTS_TOTAL = 100_000_000
# The order view lays out one day's orders individually (~50 bytes each).
MAX_ORDERS_PER_DAY = 5_000_000


@dataclass(frozen=True)
class Work:
    """Expected work of one run, from the layout's means (history before day 1 included)."""

    orders: float
    incidents: float
    busiest_day_orders: float

    def total_incidents(self, runs: int, policies: int) -> float:
        return self.incidents * runs * policies


def expected_work(lay: Layout) -> Work:
    """Expected orders and incidents of one run: day means times shares, nothing drawn."""
    lam = np.asarray(lay.lam, dtype=float)
    incident_share = lay.mfn_share * (1 - lay.direct_rate) * lay.probs[:, :-2].sum(axis=1)
    return Work(float(lam.sum()), float((lam * incident_share).sum()), float(lam.max(initial=0.0)))


def _n(x: float) -> str:
    return f"{x:,.0f}"


def check_budget(lay: Layout, runs: int = 1, policies: int = 1) -> Work:
    """Raise ArgumentError (exit 2 on the CLI) when a run would exceed the budget; else the work."""
    w = expected_work(lay)
    span = f"{lay.span:,} simulated days"
    if w.busiest_day_orders > MAX_ORDERS_PER_DAY:
        raise ArgumentError.single(
            ARGS,
            f"the busiest day expects {_n(w.busiest_day_orders)} orders, over the limit of "
            f"{_n(MAX_ORDERS_PER_DAY)} orders a day",
            "lower the orders a day or the spike multiplier",
            path="volume",
        )
    if w.incidents > MAX_INCIDENTS_PER_RUN:
        raise ArgumentError.single(
            ARGS,
            f"one run expects {_n(w.incidents)} orders that run into a situation "
            f"({_n(w.orders)} orders over {span}), over the limit of {_n(MAX_INCIDENTS_PER_RUN)} a run",
            "lower the orders a day, the days or the situation rates",
            path="volume",
        )
    total = w.total_incidents(runs, policies)
    if total > MAX_INCIDENTS_TOTAL:
        what = f"{runs:,} run{'s' if runs != 1 else ''} x {policies} polic{'y' if policies == 1 else 'ies'}"
        raise ArgumentError.single(
            ARGS,
            f"{what} expect {_n(total)} orders that run into a situation "
            f"({_n(w.incidents)} a run), over the limit of {_n(MAX_INCIDENTS_TOTAL)}",
            "use fewer runs, fewer days or a smaller shop",
            path="runs",
        )
    return w


# A run's weight for the pages (issue 23).  Over a HEAVY figure it waits its turn on the
# server's gate (ui/shared/run_gate.py: one heavy run at a time by default); over a LINK
# figure, a link opens on its settings and a Run button rather than starting it.  Every
# shipped scenario's default run (200 runs) is under both.
HEAVY_INCIDENTS_PER_RUN = 250_000  # held at once: ~30 MB
HEAVY_INCIDENTS = 2_000_000  # over all runs and policies: ~0.6 s of CPU
HEAVY_CELLS = 1_000_000  # runs x simulated days x policies: the per-day series held (~30 MB)
LINK_INCIDENTS = 250_000
LINK_CELLS = 200_000


@dataclass(frozen=True)
class Weight:
    """Expected size of a request: ``runs`` runs of ``policies`` policies over ``days`` simulated days."""

    work: Work
    runs: int
    policies: int
    days: int

    @property
    def incidents(self) -> float:
        return self.work.total_incidents(self.runs, self.policies)

    @property
    def cells(self) -> int:
        return self.runs * self.days * self.policies

    @property
    def heavy(self) -> bool:
        return (
            self.work.incidents > HEAVY_INCIDENTS_PER_RUN
            or self.incidents > HEAVY_INCIDENTS
            or self.cells > HEAVY_CELLS
        )

    @property
    def small(self) -> bool:
        """Small enough for a link to start by itself."""
        return self.incidents <= LINK_INCIDENTS and self.cells <= LINK_CELLS

    def words(self) -> str:
        runs = f"{self.runs:,} run{'s' if self.runs != 1 else ''}"
        return (
            f"{runs} of about {_n(self.work.orders)} orders each over {self.days:,} simulated days, "
            f"{_n(self.incidents)} orders that run into a situation in all"
        )


def weigh(lay: Layout, runs: int = 1, policies: int = 1) -> Weight:
    """The weight of ``runs`` x ``policies`` runs on ``lay``: expected figures, nothing drawn."""
    return Weight(expected_work(lay), int(runs), int(policies), int(lay.span))


def weigh_request(
    scenario: Scenario, rb: Rulebook, runs: int, policies: int = 1, days: int | None = None
) -> Weight:
    """:func:`weigh` for a scenario as the pages hold it (raises the layout's own errors)."""
    return weigh(layout(scenario, rb, background(rb), days), runs, policies)
