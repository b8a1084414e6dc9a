"""The typed results of ``simulate``, ``compare`` and ``sweep`` (see :mod:`simulator.record`).

The CLI and the pages read these attributes; ``to_json()`` is the `--format json` text.
:data:`METRICS` is the one table of the figures compared between policies: the deltas
of a comparison, ``compare``'s table and the lab's comparison read it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from simulator.record import ABSENT, Record

Number = int | float | None


@dataclass(frozen=True, kw_only=True)
class Peak(Record):
    """The median run's peak rolling rate, its 95th percentile over runs, and what 'peak' means."""

    median: float | None
    p95: float | None
    definition: str


@dataclass(frozen=True, kw_only=True)
class Partial(Record):
    """A replay's first days, whose windows the report covers only in part."""

    days: int
    max: float | None
    mean: float | None
    days_over_limit: int


@dataclass(frozen=True, kw_only=True)
class WindowFigures(Record):
    """One window's figures (a simulation's per run or mean over runs; a replay's full windows)."""

    max: float | None
    mean: float | None
    days_over_limit: Number
    breach_probability: float = ABSENT  # simulations only
    peak: Peak = ABSENT  # simulations only
    full_window_days: int = ABSENT  # replays only
    partial: Partial = ABSENT  # replays only


@dataclass(frozen=True, kw_only=True)
class CancellationRate(Record):
    """The headline window's figures up front, every window the rulebook names in ``by_window``."""

    limit: float
    window_days: int
    windows_days: list[int]
    max: float | None
    mean: float | None
    days_over_limit: Number
    breach_probability: float
    by_window: dict[str, WindowFigures]
    peak: Peak = ABSENT  # simulations only


@dataclass(frozen=True, kw_only=True)
class DefectRate(Record):
    limit: float
    window_days: int
    max: float | None
    mean: float | None
    breach_probability: float
    channel: str = ABSENT  # when the rulebook counts each fulfilment channel on its own
    by_channel: dict[str, DefectRate] = ABSENT


@dataclass(frozen=True, kw_only=True)
class ComplianceFlag(Record):
    situation: str
    situation_label: str
    procedure: str
    procedure_label: str
    level: str
    why: str
    rule: str
    source: str


@dataclass(frozen=True, kw_only=True)
class Compliance(Record):
    """Is the policy compliant (``simulator.runs.compliance`` decides), in words and flags."""

    status: str
    label: str
    summary: str
    flags: list[ComplianceFlag]


@dataclass(frozen=True, kw_only=True)
class Handling(Record):
    """What the plan does about one situation (``simulator.engine.outcome``)."""

    procedure: str
    wait_hours: float | None
    if_request_filed: str | None
    otherwise: str
    counted_otherwise: bool
    compliance_risk: str | None
    notes: list[str]


@dataclass(frozen=True, kw_only=True)
class SimTotals(Record):
    """Totals over the reported days (means per run when there are several runs)."""

    orders: Number
    seller_fulfilled_orders: Number
    counted_cancellations: Number
    buyer_requested_cancellations: Number
    auto_cancellations: Number
    buyer_direct_cancellations: Number
    negative_feedback: Number
    late_shipments: Number
    revenue_lost: float
    cancellation_fees: float


@dataclass(frozen=True, kw_only=True)
class SimulationResult(Record):
    """``simulate``: one policy over ``runs`` Monte Carlo runs (`python -m simulator run`)."""

    scenario: str
    policy: str
    rulebook: str
    compliance: Compliance
    seed: int
    days: int
    runs: int
    start_date: str
    currency: str
    history_days: int
    totals: SimTotals
    cancellation_rate: CancellationRate
    order_defect_rate: DefectRate
    handling: dict[str, Handling]
    assumptions: dict
    daily: list[dict]  # one row a day; its rate columns follow the rulebook's windows

    @property
    def breached(self) -> bool:
        """Did any run breach the Cancellation Rate limit in any window?"""
        return self.cancellation_rate.breach_probability > 0

    def metrics(self) -> dict[str, Number]:
        """The figures compared between policies, by their names in :data:`METRICS`."""
        return {name: get(self) for name, get in METRICS.items()}


def _total(name: str) -> Callable[[SimulationResult], Number]:
    return lambda r: getattr(r.totals, name)


# Name (as in a comparison's deltas) -> where a result holds it; in the JSON's order.
METRICS: dict[str, Callable[[SimulationResult], Number]] = {
    **{name: _total(name) for name in SimTotals.__dataclass_fields__},
    "cancellation_rate_max": lambda r: r.cancellation_rate.max,
    "cancellation_rate_peak_median": lambda r: r.cancellation_rate.peak.median,
    "cancellation_rate_peak_p95": lambda r: r.cancellation_rate.peak.p95,
    "cancellation_rate_mean": lambda r: r.cancellation_rate.mean,
    "days_over_limit": lambda r: r.cancellation_rate.days_over_limit,
    "breach_probability": lambda r: r.cancellation_rate.breach_probability,
    "order_defect_rate_max": lambda r: r.order_defect_rate.max,
}


@dataclass(frozen=True, kw_only=True)
class Comparison(Record):
    """``compare``: several policies on the same orders; deltas against the first (the baseline)."""

    scenario: str
    rulebook: str
    seed: int
    days: int
    runs: int
    baseline: str
    policies: dict[str, SimulationResult]  # unique names, in the order given
    deltas: dict[str, dict[str, Number]]  # policy -> METRICS name -> change against the baseline

    @property
    def breached(self) -> bool:
        return any(r.breached for r in self.policies.values())


@dataclass(frozen=True, kw_only=True)
class SweepPoint(Record):
    """One value of the swept number: breach probability, peak and mean rate with 5-95% bands."""

    value: float
    breach_probability: float
    peak: float | None
    peak_p05: float | None
    peak_p95: float | None
    mean_rate: float | None
    mean_rate_p05: float | None
    mean_rate_p95: float | None


@dataclass(frozen=True, kw_only=True)
class SweepResult(Record):
    """``sweep``: one scenario number set to each of several values (`python -m simulator sweep`)."""

    scenario: str
    policy: str
    rulebook: str
    seed: int
    runs: int
    days: int
    parameter: str
    current: float
    points: list[SweepPoint]
