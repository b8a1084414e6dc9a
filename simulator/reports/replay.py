"""Replay a real All Orders report: the seller's own rolling Cancellation Rate, day by day.

Every decision goes through :mod:`rules.engine`, once per distinct case:

* a row's order is *seller-fulfilled* when ``fulfillment-channel`` is Merchant/MFN;
* a cancelled row was the buyer's own direct cancel when ``last-updated-date`` falls
  inside the rulebook's Pending window after ``purchase-date``
  (``buyer_can_direct_cancel``, cached per distinct number of seconds);
* an order's flags (seller-fulfilled, cancelled, buyer-requested, direct cancel) map
  to ``counts_toward_rate`` (at most 16 combinations, each asked once).

The report carries no cancellation reason, so a cancellation is put to the engine as a
seller cancel with a reason that counts unless the buyer requested it (General
Adjustment); the engine then excludes official buyer requests and direct cancels.

Memory (see docs/replay.md, "Memory"): per-order state lives in a dict only while its
purchase day is *open* (within :data:`OPEN_DAYS` days of the day being read; the report is
sorted by purchase date, either way).  When a day closes its orders are folded into 16 counters for that day
and kept only as a sorted 8-byte order key plus a 1-byte flag set, so a row that
arrives late is still matched to its order and nothing is counted twice.  Peak memory
is the open days' dicts plus ~9 bytes per closed order: a 1M-row report needs a few MB
beyond the interpreter.
"""

from __future__ import annotations

import hashlib
import math
import re
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
    counts_toward_rate,
    load_rulebook,
    stand_in_reason,
)
from simulator.engine.metrics import cancellation_rate_block, daily_block
from simulator.reports.read import Item, OrderReport

OPEN_DAYS = 3
MAX_SPAN_DAYS = 3660

# An order's flags, OR-ed over its rows.
SF, CANCELLED, BUYER_REQUESTED, SLOW = 1, 2, 4, 8  # SLOW: cancelled after the direct-cancel window
N_FLAGS = 16
_ID_377 = re.compile(r"^\d{3}-\d{7}-\d{7}$")


def order_key(order_id: str) -> int:
    """8-byte key for an order id: exact for 3-7-7 ids, a 63-bit hash (negative) otherwise."""
    if _ID_377.match(order_id):
        return int(order_id.replace("-", ""))  # 17 digits < 2**63
    h = int.from_bytes(hashlib.blake2b(order_id.encode(), digest_size=8).digest(), "big")
    return -1 - (h >> 1)


class OrderCounter:
    """Counts each order once per unique amazon-order-id, with per-order state only for open days."""

    def __init__(self, open_days: int = OPEN_DAYS) -> None:
        self.open_days = open_days
        self.open: dict[int, dict[str, int]] = {}
        self.closed: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self.counts: dict[int, np.ndarray] = {}
        self.late_rows = 0
        self.merged_across_days = 0
        self.peak_open_orders = 0

    def add(self, day: int, order_id: str, flags: int) -> None:
        orders = self.open.get(day)
        if orders is not None:
            orders[order_id] = orders.get(order_id, 0) | flags
            return
        if day in self.closed:
            self._merge_late(day, order_id, flags)
            return
        # A new purchase day: close the days far from it, whichever way the report is sorted.
        for d in [d for d in self.open if abs(d - day) >= self.open_days]:
            self._close(d)
        self.open[day] = {order_id: flags}
        self.peak_open_orders = max(self.peak_open_orders, sum(len(o) for o in self.open.values()))

    def _close(self, day: int) -> None:
        orders = self.open.pop(day)
        ids = np.fromiter((order_key(k) for k in orders), np.int64, len(orders))
        flags = np.fromiter(orders.values(), np.uint8, len(orders))
        order = np.argsort(ids, kind="stable")
        self.closed[day] = (ids[order], flags[order])
        self._counts(day)[:] += np.bincount(flags, minlength=N_FLAGS)

    def _counts(self, day: int) -> np.ndarray:
        c = self.counts.get(day)
        if c is None:
            c = self.counts[day] = np.zeros(N_FLAGS, np.int64)
        return c

    def _merge_late(self, day: int, order_id: str, flags: int) -> None:
        self.late_rows += 1
        ids, fl = self.closed[day]
        key = order_key(order_id)
        i = int(np.searchsorted(ids, key))
        counts = self.counts[day]
        if i < len(ids) and ids[i] == key:
            old = int(fl[i])
            new = old | flags
            if new != old:
                counts[old] -= 1
                counts[new] += 1
                fl[i] = new
        else:
            self.closed[day] = (np.insert(ids, i, key), np.insert(fl, i, flags))
            counts[flags] += 1

    def finish(self) -> dict[int, np.ndarray]:
        """Close every day, count an id seen on several purchase days once (on its first day)."""
        for d in list(self.open):
            self._close(d)
        if not self.closed:
            return {}
        days = sorted(self.closed)
        # One sorted copy of the order keys (8 bytes per order, sorted in place) finds the rare ids
        # seen on two purchase days; each is then looked up per day.
        ids = np.concatenate([self.closed[d][0] for d in days])
        ids.sort()
        same = ids[1:] == ids[:-1]
        dups = np.unique(ids[1:][same]) if same.any() else ids[:0]
        del ids, same
        for key in dups:
            seen = []
            for d in days:
                day_ids = self.closed[d][0]
                i = int(np.searchsorted(day_ids, key))
                if i < len(day_ids) and day_ids[i] == key:
                    seen.append((d, i))
            (first, i0), later = seen[0], seen[1:]
            fl0 = self.closed[first][1]
            old = new = int(fl0[i0])
            for d, i in later:
                f = int(self.closed[d][1][i])
                self.counts[d][f] -= 1
                new |= f
                self.merged_across_days += 1
            self.counts[first][old] -= 1
            self.counts[first][new] += 1
            fl0[i0] = new
        return self.counts


@dataclass(frozen=True)
class RateRules:
    """The engine's answers for this rulebook, asked once per distinct case."""

    rb: Rulebook
    stand_in_reason: str
    decisions: tuple[Decision | None, ...]  # by flag set; None when not cancelled
    categories: tuple[str, ...]  # by flag set
    direct_cache: dict[int, bool] = field(default_factory=dict, compare=False)  # seconds -> engine answer

    @classmethod
    def of(cls, rb: Rulebook) -> RateRules:
        reason = stand_in_reason(rb)
        decisions: list[Decision | None] = []
        categories = []
        for flags in range(N_FLAGS):
            if not flags & CANCELLED:
                decisions.append(None)
                categories.append("not_cancelled")
                continue
            d = counts_toward_rate(
                rb,
                reason,
                buyer_requested=bool(flags & BUYER_REQUESTED),
                seller_fulfilled=bool(flags & SF),
                buyer_direct_cancel=not flags & SLOW,
            )
            decisions.append(d)
            categories.append(d.category)
        return cls(rb, reason, tuple(decisions), tuple(categories))

    def row_flags(self, item: Item) -> int:
        flags = SF if item.seller_fulfilled else 0
        if item.buyer_requested:
            flags |= BUYER_REQUESTED
        if item.cancelled:
            flags |= CANCELLED
            seconds = math.ceil((item.last_updated - item.purchase).total_seconds())
            direct = self.direct_cache.get(seconds)
            if direct is None:
                if len(self.direct_cache) > 100_000:  # stays bounded on hostile input
                    self.direct_cache.clear()
                direct = self.direct_cache[seconds] = buyer_can_direct_cancel(self.rb, seconds / 60).ok
            if not direct:
                flags |= SLOW
        return flags


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
) -> ReportCounts:
    """Stream the report once and return its daily counts (raises ReportFileError on a non-report)."""
    rb = rulebook if isinstance(rulebook, Rulebook) else load_rulebook(rulebook or DEFAULT_RULEBOOK)
    rules = RateRules.of(rb)
    counter = OrderCounter()
    with OrderReport(source, label) as report:
        add = counter.add
        row_flags = rules.row_flags
        revenue, priced_rows, kept_rows = 0.0, 0, 0
        for item in report.items():
            add(item.purchase.toordinal(), item.order_id, row_flags(item))
            if item.status != "Canceled":
                kept_rows += 1
                if item.price is not None:
                    revenue += item.price
                    priced_rows += 1
        log = report.log
        columns = {"missing_optional": report.missing_optional, "extra": report.extra_columns}
        name = report.label
    counts = counter.finish()
    if not counts:
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
    first, last = min(counts), max(counts)
    span = last - first + 1
    if span > MAX_SPAN_DAYS:
        raise ReportFileError.single(
            name,
            f"purchase dates span {span:,} days ({date.fromordinal(first)} to {date.fromordinal(last)}), "
            f"over the {MAX_SPAN_DAYS:,}-day limit",
            "check for a mistyped year in purchase-date",
        )
    by_flags = np.zeros((span, N_FLAGS), np.int64)
    for d, c in counts.items():
        by_flags[d - first] = c
    rows = {
        "read": log.read,
        "orders": int(by_flags.sum()),
        "ignored": log.ignored,
        "ignored_total": log.ignored_total,
        "late_rows": counter.late_rows,
        "orders_on_several_days": counter.merged_across_days,
    }
    kept_orders = int(by_flags[:, [f for f in range(N_FLAGS) if not f & CANCELLED]].sum())
    # Mean order value only when (nearly) every kept item carries a price.
    aov = revenue / kept_orders if kept_orders and priced_rows >= 0.9 * kept_rows else None
    notes = [
        "The report does not record why an order was cancelled; a cancellation is judged as a seller "
        f"cancel with reason {rb.reason(rules.stand_in_reason).label}, which counts unless the buyer "
        "requested it or cancelled it directly while it was Pending."
    ]
    if log.unreadable_prices:
        notes.append(
            f"{log.unreadable_prices:,} row(s) have an item-price that is not a number; it was left out."
        )
    if "is-buyer-requested-cancellation" in columns["missing_optional"]:
        notes.append(
            "The report has no is-buyer-requested-cancellation column, so no cancellation could be "
            "excluded as an official buyer request."
        )
    return ReportCounts(name, rb, rules, date.fromordinal(first), by_flags, rows, columns, notes, aov)


def replay_report(
    source: str | Path | bytes | IO[bytes],
    rulebook: Rulebook | str | Path | None = None,
    label: str | None = None,
) -> dict:
    """The JSON-ready replay: ``rows``, ``totals``, ``cancellation_rate``, ``daily`` and the reasons."""
    return replay_dict(count_report(source, rulebook, label))


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
    totals = {
        "orders": int(orders.sum()),
        "seller_fulfilled_orders": int(sf.sum()),
        "counted_cancellations": int(counted.sum()),
        "buyer_requested_cancellations": int(requested.sum()),
        "auto_cancellations": None,  # the report does not say who cancelled
        "buyer_direct_cancellations": int(direct.sum()),
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
        "cancellation_rate": cancellation_rate_block(rb, counted, sf),
        "daily": daily,
        "explanations": explanations(rc),
        "notes": rc.notes,
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
                "case": _case_label(f),
                "orders": int(per_flag[f]),
                "counts": d.ok,
                "category": rc.rules.categories[f],
                "rule": d.rule,
                "reason": d.reason,
            }
        )
    return out


def _case_label(flags: int) -> str:
    parts = ["seller-fulfilled" if flags & SF else "fulfilled by Amazon", "cancelled"]
    parts.append("buyer requested" if flags & BUYER_REQUESTED else "no buyer request")
    parts.append("after the direct-cancel window" if flags & SLOW else "within the direct-cancel window")
    return ", ".join(parts)
