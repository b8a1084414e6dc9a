"""The typed result of replaying an All Orders report (see :mod:`simulator.record`).

``replay_report`` returns a :class:`ReplayResult`; ``to_json()`` is `replay --format json`.
Its Cancellation Rate block is the simulation's type: the headline window up front, each
window's full-window figures and its partial first days in ``by_window``.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.record import Record
from simulator.runs.result_types import CancellationRate


@dataclass(frozen=True, kw_only=True)
class ReplayRows(Record):
    read: int
    orders: int
    ignored: list[dict]  # {line, reason}, the first 1,000
    ignored_total: int
    late_rows: int
    orders_on_several_days: int


@dataclass(frozen=True, kw_only=True)
class ReplayColumns(Record):
    missing_optional: list[str]
    extra: list[str]


@dataclass(frozen=True, kw_only=True)
class ReplayTotals(Record):
    """Totals of the report; None where the report does not say (who cancelled, feedback, money)."""

    orders: int
    seller_fulfilled_orders: int
    counted_cancellations: int
    buyer_requested_cancellations: int
    auto_cancellations: int | None
    buyer_direct_cancellations: int
    pending_cancellations: int
    counted_item_cancellations: int
    amazon_fulfilled_cancellations: int
    negative_feedback: int | None
    revenue_lost: float | None
    cancellation_fees: float | None


@dataclass(frozen=True, kw_only=True)
class Explanation(Record):
    """Why one kind of cancellation was or was not counted, in the rules engine's words."""

    case: str
    orders: int
    counts: bool
    category: str
    rule: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class ReplayResult(Record):
    report: str
    rulebook: str
    start_date: str
    end_date: str
    days: int
    rows: ReplayRows
    columns: ReplayColumns
    totals: ReplayTotals
    cancellation_rate: CancellationRate
    daily: list[dict]  # one row a day; its rate columns follow the rulebook's windows
    explanations: list[Explanation]
    notes: list[str]
    inferences: dict[str, bool]
