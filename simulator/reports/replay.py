"""Replay a real All Orders report: the seller's own rolling Cancellation Rate, day by day.

Every decision goes through :mod:`rules.engine`, once per distinct case:

* a row's order is *seller-fulfilled* when ``fulfillment-channel`` is Merchant/MFN;
* a cancelled row was the buyer's own direct cancel when ``last-updated-date`` falls
  inside the rulebook's Pending window after ``purchase-date``
  (``buyer_can_direct_cancel``, asked at the boundary of the distinct gaps, by bisection);
* an order's flags (seller-fulfilled, cancelled, buyer-requested, direct cancel) map
  to ``counts_toward_rate`` (at most 16 combinations, each asked once).

The report carries no cancellation reason, so a cancellation is put to the engine as a
seller cancel with a stand-in reason (General Adjustment), or with Buyer Cancelled when the
buyer filed an official request; the engine then excludes official buyer requests and direct cancels.

Speed and memory (see docs/replay.md, "Memory"): the reader (pyarrow's streaming CSV reader)
hands over each block of rows as arrays (:meth:`~simulator.reports.read.OrderReport.batches`),
the engine's answers are looked up per distinct case for the whole block at once, and
:class:`~simulator.reports.orders.OrderCounter` counts each order once in bounded memory,
spilling to a temporary folder past a few MB, in time linear in the rows whatever their order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

import numpy as np

from formats.errors import ReportFileError
from formats.loader import DEFAULT_RULEBOOK
from rules import (
    Decision,
    Rulebook,
    buyer_can_direct_cancel,
    load_rulebook,
    stand_in_reason,
)
from simulator.engine.metrics import daily_block
from simulator.reports.cases import BUYER_REQUESTED, CANCELLED, ITEM, PENDING, SF, SLOW, case_label, decide
from simulator.reports.notes import replay_notes
from simulator.reports.orders import N_FLAGS, OPEN_DAYS, OrderCounter
from simulator.reports.read import OrderReport
from simulator.reports.replay_result import ReplayResult
from simulator.reports.values import Batch, order_key
from simulator.reports.windows import mark_partial_days, rate_block

__all__ = ["OPEN_DAYS", "OrderCounter", "count_report", "order_key", "replay_dict", "replay_report"]

MAX_SPAN_DAYS = 3660

# An order's flags, OR-ed over its rows (simulator.reports.cases).  SLOW: cancelled after the
# direct-cancel window (or no last-updated-date to tell); PENDING: cancelled while Pending; ITEM:
# an item cancelled on an order that was not cancelled as a whole.
ANY_CANCEL = CANCELLED | PENDING | ITEM
CATEGORIES = ("not_cancelled", "counted", "buyer_requested", "buyer_direct", "amazon_fulfilled")
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class RateRules:
    """The engine's answers for this rulebook, asked once per distinct case."""

    rb: Rulebook
    stand_in_reason: str
    decisions: tuple[Decision | None, ...]  # by flag set; None when not cancelled
    categories: tuple[str, ...]  # by flag set
    infer_direct: bool = True  # False without a last-updated-date: no cancel is taken as the buyer's
    direct_cache: dict[int, bool] = field(default_factory=dict, compare=False)  # seconds -> engine answer

    @classmethod
    def of(cls, rb: Rulebook, infer_direct: bool = True) -> RateRules:
        reason = stand_in_reason(rb)
        decisions: list[Decision | None] = []
        for flags in range(N_FLAGS):
            decisions.append(decide(rb, reason, flags) if flags & ANY_CANCEL else None)
        categories = tuple("not_cancelled" if d is None else d.category for d in decisions)
        return cls(rb, reason, tuple(decisions), categories, infer_direct)

    def batch_flags(self, batch: Batch) -> np.ndarray:
        """Each row's flags (simulator.reports.cases); the engine asked at the window's boundary only."""
        flags = np.where(batch.seller_fulfilled, SF, 0) | np.where(batch.buyer_requested, BUYER_REQUESTED, 0)
        flags |= np.where(batch.cancelled, CANCELLED, 0) | np.where(batch.pending, PENDING, 0)
        flags |= np.where(batch.item_cancelled, ITEM, 0)
        if not self.infer_direct:
            flags |= np.where(batch.cancelled, SLOW, 0)
        elif batch.cancelled.any():
            gaps, where = np.unique(batch.seconds[batch.cancelled], return_inverse=True)
            flags[batch.cancelled] |= np.where(self._direct_many(gaps)[where], 0, SLOW)
        return flags.astype(np.uint8)

    def block_summary(self, batch: Batch) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, np.ndarray]:
        """What the count needs of a block: (days, order keys, flags, kept rows, kept rows' prices)."""
        kept = ~(batch.cancelled | batch.pending | batch.item_cancelled)
        prices = batch.price[kept & ~np.isnan(batch.price)]
        return batch.day, batch.fp, self.batch_flags(batch), int(kept.sum()), prices

    def _direct_many(self, gaps: np.ndarray) -> np.ndarray:
        """The engine's answer per distinct gap (sorted seconds since purchase).

        The direct-cancel window is an interval from the purchase, so the answers are True up
        to a boundary and False after it: the engine is asked by bisection, about
        log2(distinct gaps) questions per block, never once per gap.
        """
        lo, hi = 0, gaps.size  # the first gap the engine answers False is in [lo, hi]
        while lo < hi:
            mid = (lo + hi) // 2
            if self._direct(int(gaps[mid])):
                lo = mid + 1
            else:
                hi = mid
        return np.arange(gaps.size) < lo

    def _direct(self, seconds: int) -> bool:
        direct = self.direct_cache.get(seconds)
        if direct is None:
            if len(self.direct_cache) > 100_000:  # stays bounded on hostile input
                self.direct_cache.clear()
            direct = self.direct_cache[seconds] = buyer_can_direct_cancel(self.rb, seconds / 60).ok
        return direct


@dataclass
class ReportCounts:
    """Daily counts of one report, over every calendar day from first to last purchase date."""

    label: str
    rulebook: Rulebook
    rules: RateRules
    start: date | None
    by_flags: np.ndarray  # (days, 16) orders per day per flag set
    rows: dict
    columns: dict
    notes: list[str] = field(default_factory=list)
    average_order_value: float | None = None  # item-price of kept orders, when the report has it

    @property
    def days(self) -> int:
        return int(self.by_flags.shape[0])

    @property
    def dates(self) -> list[str]:
        if self.start is None:
            return []
        first = self.start.toordinal()
        return [date.fromordinal(first + i).isoformat() for i in range(self.days)]

    def category(self, name: str) -> np.ndarray:
        cols = [f for f in range(N_FLAGS) if self.rules.categories[f] == name]
        return self.by_flags[:, cols].sum(axis=1)

    def flag_count(self, has: int, lacks: int, category: str) -> np.ndarray:
        """Orders per day whose flags have ``has``, lack ``lacks`` and fall in ``category``."""
        cols = [
            f for f in range(N_FLAGS) if f & has and not f & lacks and self.rules.categories[f] == category
        ]
        return self.by_flags[:, cols].sum(axis=1)

    @property
    def orders(self) -> np.ndarray:
        return self.by_flags.sum(axis=1)

    @property
    def seller_fulfilled(self) -> np.ndarray:
        return self.by_flags[:, [f for f in range(N_FLAGS) if f & SF]].sum(axis=1)

    @property
    def cancelled(self) -> np.ndarray:
        return self.by_flags[:, [f for f in range(N_FLAGS) if f & CANCELLED]].sum(axis=1)

    @property
    def counted(self) -> np.ndarray:
        return self.category("counted")

    @property
    def direct_cancels(self) -> np.ndarray:
        """Orders of any channel cancelled within the direct-cancel window (as `run` counts them)."""
        return self.by_flags[:, [f for f in range(N_FLAGS) if f & CANCELLED and not f & SLOW]].sum(axis=1)


def count_report(
    source: str | Path | bytes | IO[bytes],
    rulebook: Rulebook | str | Path | None = None,
    label: str | None = None,
    progress: Progress | None = None,
) -> ReportCounts:
    """Stream the report once and return its daily counts (raises ReportFileError on a non-report).

    ``progress(fraction, message)``, if given, is called after each block of rows that is
    not the last (a report of one block never calls it): the fraction of the file read.
    """
    rb = rulebook if isinstance(rulebook, Rulebook) else load_rulebook(rulebook or DEFAULT_RULEBOOK)
    counter = OrderCounter()
    try:
        with OrderReport(source, label) as report:
            rules = RateRules.of(rb, infer_direct=report.has_updated)
            revenue, priced_rows, kept_rows = 0.0, 0, 0
            for batch in report.batches():
                day, fp, flags, kept, prices = rules.block_summary(batch)
                read = report.bytes_read
                counter.add_batch(day, fp, flags)
                kept_rows += kept
                if prices.size:  # added in file order, one at a time, as a running sum would
                    revenue = float(np.cumsum(np.concatenate(([revenue], prices)))[-1])
                    priced_rows += prices.size
                if progress is not None and report.size and read < report.size:
                    progress(read / report.size, f"{report.log.read:,} rows read, {_mib(read, report.size)}")
            log = report.log
            columns = {"missing_optional": report.missing_optional, "extra": report.extra_columns}
            name = report.label
        by_flags = _daily_counts(counter, log, name)
    finally:
        counter.close()
    rows = {
        "read": log.read,
        "orders": int(by_flags.sum()),
        "ignored": log.ignored,
        "ignored_total": log.ignored_total,
        "late_rows": counter.late_rows,
        "orders_on_several_days": counter.merged_across_days,
    }
    first = counter.first_day
    kept_orders = int(by_flags[:, [f for f in range(N_FLAGS) if not f & (CANCELLED | PENDING)]].sum())
    # Mean order value only when (nearly) every kept item carries a price.
    aov = revenue / kept_orders if kept_orders and priced_rows >= 0.9 * kept_rows else None
    stand_in = rb.reason(rules.stand_in_reason)
    assert first is not None and stand_in is not None, "_daily_counts refused a report without rows"
    reason_label = stand_in.label
    notes = replay_notes(rb, reason_label, log, columns["missing_optional"], rules.infer_direct)
    return ReportCounts(name, rb, rules, date.fromordinal(first), by_flags, rows, columns, notes, aov)


def _mib(done: int, total: int) -> str:
    return f"{done / 2**20:,.0f} of {total / 2**20:,.0f} MiB"


def _daily_counts(counter: OrderCounter, log, name: str) -> np.ndarray:
    """Orders per day per flag set; refuses a report with no usable row or an impossible span."""
    first, last = counter.first_day, counter.last_day
    if first is None or last is None:  # both set by the first row
        listed = "; ".join(f"line {p['line']}: {p['reason']}" for p in log.ignored[:5])
        more = f" (and {log.ignored_total - 5} more)" if log.ignored_total > 5 else ""
        if log.read == 0:
            raise ReportFileError.single(
                name, "the report has a header but no order rows", "export a period with orders", path="rows"
            )
        raise ReportFileError.single(
            name,
            f"no usable order rows: {listed}{more}",
            "fix the rows named above",
            line=log.ignored[0]["line"],
            path="rows",
        )
    span = last - first + 1
    if span > MAX_SPAN_DAYS:
        raise ReportFileError.single(
            name,
            f"purchase dates span {span:,} days ({date.fromordinal(first)} to {date.fromordinal(last)}), "
            f"over the {MAX_SPAN_DAYS:,}-day limit",
            "check for a mistyped year in purchase-date",
        )
    return counter.by_flags()[1]


def replay_report(
    source: str | Path | bytes | IO[bytes],
    rulebook: Rulebook | str | Path | None = None,
    label: str | None = None,
    progress: Progress | None = None,
) -> ReplayResult:
    """The replay: ``rows``, ``totals``, ``cancellation_rate``, ``daily`` and the reasons."""
    return ReplayResult.from_dict(replay_dict(count_report(source, rulebook, label, progress)))


def replay_dict(rc: ReportCounts) -> dict:
    rb = rc.rulebook
    dates = rc.dates
    orders, sf, counted = rc.orders, rc.seller_fulfilled, rc.counted
    requested, direct = rc.category("buyer_requested"), rc.direct_cancels
    sf_direct = rc.category("buyer_direct")
    daily = daily_block(dates, orders, sf, counted, rb)
    for i, row in enumerate(daily):
        row["buyer_requested_cancellations"] = int(requested[i])
        row["buyer_direct_cancellations"] = int(direct[i])
    mark_partial_days(daily, rb)
    totals = {
        "orders": int(orders.sum()),
        "seller_fulfilled_orders": int(sf.sum()),
        "counted_cancellations": int(counted.sum()),
        "buyer_requested_cancellations": int(requested.sum()),
        "auto_cancellations": None,  # the report does not say who cancelled
        "buyer_direct_cancellations": int(direct.sum()),  # an inference (see notes)
        "pending_cancellations": int(rc.category("pending_cancel").sum()),
        "counted_item_cancellations": int(rc.flag_count(ITEM, CANCELLED | PENDING, "counted").sum()),
        "amazon_fulfilled_cancellations": int(
            rc.category("amazon_fulfilled").sum() - (direct - sf_direct).sum()
        ),
        "negative_feedback": None,  # not in the order report
        "revenue_lost": None,
        "cancellation_fees": None,
    }
    return {
        "report": rc.label,
        "rulebook": rb.id,
        "start_date": dates[0],
        "end_date": dates[-1],
        "days": rc.days,
        "rows": rc.rows,
        "columns": rc.columns,
        "totals": totals,
        "cancellation_rate": rate_block(rb, counted, sf),
        "daily": daily,
        "explanations": explanations(rc),
        "notes": rc.notes,
        "inferences": {
            "buyer_direct_cancellations": rc.rules.infer_direct,
        },
    }


def explanations(rc: ReportCounts) -> list[dict]:
    """Why each kind of cancellation was or was not counted, in the engine's words."""
    out = []
    per_flag = rc.by_flags.sum(axis=0)
    for f in range(N_FLAGS):
        d = rc.rules.decisions[f]
        if d is None or not per_flag[f]:
            continue
        out.append(
            {
                "case": case_label(f),
                "orders": int(per_flag[f]),
                "counts": d.ok,
                "category": rc.rules.categories[f],
                "rule": d.rule,
                "reason": d.reason,
            }
        )
    return out
