"""Write realistic All Orders reports, in Seller Central's column layout.

Used by the tests, the replay benchmark and the UI's demo.  Counts come from
numpy (one Generator per report); Faker only fills what a person reads
(product names, cities), drawn once into small pools, never per row.

:func:`write_report` draws a shop from a :class:`ReportSpec`;
:func:`write_report_from_daily` writes the orders of a simulation's ``daily``
block (e.g. ``simulate(...).daily``) so the replay of the file can be set
beside the run.  Both return the :class:`ReportTruth` they wrote: the per-day
counts the replay must find.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from formats.all_orders import ALL_ORDERS_COLUMNS
from formats.loader import DEFAULT_RULEBOOK, load_rulebook
from rules import direct_cancel_minutes
from simulator.engine.streams import DEFAULT_SEED
from simulator.identity.provider import seeded_faker
from simulator.reports.values import WRITTEN

# Kinds of order the writer produces (what really happened to each).
KEPT, SELLER_CANCEL, BUYER_REQUESTED, BUYER_DIRECT = 0, 1, 2, 3


@dataclass(frozen=True)
class ReportSpec:
    start: date = date(2024, 1, 1)
    days: int = 28
    orders_per_day: float = 40.0
    weekday_profile: tuple[float, ...] = (1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)  # Mon..Sun
    seller_fulfilled_share: float = 0.7
    seller_cancel_rate: float = 0.02  # seller-fulfilled orders the seller cancels (they count)
    buyer_requested_rate: float = 0.01  # cancelled after an official buyer request
    direct_cancel_rate: float = 0.005  # the buyer cancels directly, within the rulebook's window
    amazon_cancel_rate: float = 0.01  # cancelled FBA orders (never counted)
    extra_items_mean: float = 0.3  # items per order = 1 + Poisson(this)
    utc_offset: str = "-08:00"
    sales_channel: str = "Amazon.com"
    currency: str = "USD"
    locale: str = "en_US"
    shuffle: bool = False  # write rows out of date order (real files are sorted; tests use this)
    rulebook: str = DEFAULT_RULEBOOK  # whose direct-cancel window the buyers' own cancels fall in


@dataclass
class ReportTruth:
    """What was written, per day (seller-fulfilled counts unless named otherwise)."""

    dates: list[str]
    orders: np.ndarray
    seller_fulfilled: np.ndarray
    counted: np.ndarray
    buyer_requested: np.ndarray
    buyer_direct: np.ndarray
    amazon_cancelled: np.ndarray
    rows: int = 0
    order_ids: list[str] = field(default_factory=list, repr=False)  # only when asked for


def draw_daily_counts(spec: ReportSpec, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Per-day orders and outcomes for a spec (Poisson volume, multinomial outcomes)."""
    start_wd = spec.start.weekday()
    profile = np.asarray(spec.weekday_profile, float)
    profile = profile / profile.mean()
    mult = profile[(start_wd + np.arange(spec.days)) % 7]
    orders = rng.poisson(spec.orders_per_day * mult)
    sf = rng.binomial(orders, spec.seller_fulfilled_share)
    p = [spec.seller_cancel_rate, spec.buyer_requested_rate, spec.direct_cancel_rate]
    p.append(1.0 - sum(p))
    kinds = np.array([rng.multinomial(n, p) for n in sf]).reshape(spec.days, 4)
    afn = orders - sf
    return {
        "orders": orders,
        "seller_fulfilled": sf,
        "counted": kinds[:, 0],
        "buyer_requested": kinds[:, 1],
        "buyer_direct": kinds[:, 2],
        "amazon_cancelled": rng.binomial(afn, spec.amazon_cancel_rate),
    }


def write_report(
    target: str | Path | TextIO,
    spec: ReportSpec = ReportSpec(),
    seed: int = DEFAULT_SEED,
    keep_ids: bool = False,
) -> ReportTruth:
    """Draw a shop from ``spec`` and write its All Orders report to ``target``."""
    rng = np.random.default_rng(seed)
    counts = draw_daily_counts(spec, rng)
    return _write(target, spec.start, counts, spec, rng, seed, keep_ids)


def write_report_from_daily(
    target: str | Path | TextIO,
    daily: Sequence[dict],
    spec: ReportSpec = ReportSpec(),
    seed: int = DEFAULT_SEED,
) -> ReportTruth:
    """Write the orders of a simulation's ``daily`` rows (counts rounded to whole orders)."""
    if not daily:
        raise ValueError("no daily rows to write")

    def col(key: str) -> np.ndarray:
        return np.array([round(float(r.get(key) or 0)) for r in daily], np.int64)

    sf = col("seller_fulfilled_orders")
    counted = np.minimum(col("counted_cancellations"), sf)
    requested = np.minimum(col("buyer_requested_cancellations"), sf - counted)
    direct = np.minimum(col("buyer_direct_cancellations"), sf - counted - requested)
    orders = np.maximum(col("orders"), sf)
    counts = {
        "orders": orders,
        "seller_fulfilled": sf,
        "counted": counted,
        "buyer_requested": requested,
        "buyer_direct": direct,
        "amazon_cancelled": np.zeros_like(orders),
    }
    start = date.fromisoformat(daily[0]["date"])
    return _write(target, start, counts, spec, np.random.default_rng(seed), seed, False)


class _Pools:
    """Small Faker-drawn pools for the columns people read."""

    def __init__(self, seed: int, locale: str) -> None:
        fake = seeded_faker(seed, locale)
        self.products = [(fake.product_title(), fake.sku(), fake.asin()) for _ in range(60)]
        self.prices = np.round(np.exp(np.random.default_rng(seed).normal(3.0, 0.6, 60)), 2)
        self.places = []
        for _ in range(120):
            state = fake.state_abbr() if hasattr(fake, "state_abbr") else ""
            self.places.append((fake.city(), state, fake.postcode()))
        self.country = locale.rpartition("_")[2].upper()  # en_GB -> GB; a bare "en" -> EN


def _write(
    target: str | Path | TextIO,
    start: date,
    counts: dict[str, np.ndarray],
    spec: ReportSpec,
    rng: np.random.Generator,
    seed: int,
    keep_ids: bool,
) -> ReportTruth:
    pools = _Pools(seed, spec.locale)
    window = direct_cancel_minutes(load_rulebook(spec.rulebook)) or 0
    if window < 2 and np.asarray(counts["buyer_direct"]).sum() > 0:
        raise ValueError(f"rulebook {spec.rulebook} has no direct-cancel window for the buyers' own cancels")
    n_days = len(counts["orders"])
    dates = [date.fromordinal(start.toordinal() + i).isoformat() for i in range(n_days)]
    arrays: dict[str, Any] = {k: np.asarray(v, np.int64) for k, v in counts.items()}
    truth = ReportTruth(dates, **arrays)
    own = isinstance(target, (str, Path))
    out: TextIO = (
        open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115
        if isinstance(target, (str, Path))
        else target
    )
    try:
        out.write("\t".join(ALL_ORDERS_COLUMNS) + "\n")
        blocks = []
        serial = 0
        for i in range(n_days):
            lines, ids = _day_lines(i, dates[i], counts, spec, pools, rng, serial, n_days, window)
            serial += len(ids)
            truth.rows += len(lines)
            if keep_ids:
                truth.order_ids.extend(ids)
            if spec.shuffle:
                blocks.extend(lines)
            else:
                out.write("".join(lines))
        if spec.shuffle:
            for j in rng.permutation(len(blocks)):
                out.write(blocks[j])
    finally:
        if own:
            out.close()
    return truth


def _day_lines(
    i: int,
    day: str,
    counts: dict[str, np.ndarray],
    spec: ReportSpec,
    pools: _Pools,
    rng: np.random.Generator,
    serial: int,
    n_days: int,
    window: int,
) -> tuple[list[str], list[str]]:
    n = int(counts["orders"][i])
    sf_n = int(counts["seller_fulfilled"][i])
    kinds_sf = np.full(sf_n, KEPT)
    c, r, d = (int(counts[k][i]) for k in ("counted", "buyer_requested", "buyer_direct"))
    kinds_sf[:c] = SELLER_CANCEL
    kinds_sf[c : c + r] = BUYER_REQUESTED
    kinds_sf[c + r : c + r + d] = BUYER_DIRECT
    kinds_afn = np.full(n - sf_n, KEPT)
    kinds_afn[: int(counts["amazon_cancelled"][i])] = SELLER_CANCEL
    sf = np.concatenate([np.ones(sf_n, bool), np.zeros(n - sf_n, bool)])
    kinds = np.concatenate([kinds_sf, kinds_afn])
    mix = rng.permutation(n)
    sf, kinds = sf[mix], kinds[mix]
    # Purchase times within the day, in order; last update depends on what happened.
    secs = np.sort(rng.integers(0, 86400, n))
    later = np.where(
        kinds == BUYER_DIRECT,
        rng.integers(60, window * 60, n),  # within the rulebook's direct-cancel window
        np.where(kinds == KEPT, rng.integers(20 * 3600, 3 * 86400, n), rng.integers(2 * 3600, 2 * 86400, n)),
    )
    base = np.datetime64(day, "s")
    purchase = np.datetime_as_string(base + secs.astype("timedelta64[s]"), unit="s")
    updated = np.datetime_as_string(base + (secs + later).astype("timedelta64[s]"), unit="s")
    recent = i >= n_days - 2  # the newest orders are not shipped yet
    heads = ("111", "112", "113", "114", "702")
    tails = rng.integers(0, 10**7, n)
    items = 1 + rng.poisson(spec.extra_items_mean, n)
    product = rng.integers(0, len(pools.products), items.sum())
    place = rng.integers(0, len(pools.places), n)
    qty = 1 + (rng.random(items.sum()) < 0.1)
    level = np.where(rng.random(n) < 0.85, "Standard", "Expedited")
    off = spec.utc_offset
    lines: list[str] = []
    ids: list[str] = []
    k = 0
    for j in range(n):
        oid = f"{heads[(serial + j) % 5]}-{serial + j:07d}-{tails[j]:07d}"
        ids.append(oid)
        kind = kinds[j]
        cancelled = kind != KEPT
        status = WRITTEN["cancelled"] if cancelled else WRITTEN["waiting" if recent and sf[j] else "shipped"]
        channel = "Merchant" if sf[j] else "Amazon"
        requested = "true" if kind == BUYER_REQUESTED else "false"
        city, state, postcode = pools.places[place[j]]
        for _ in range(items[j]):
            title, sku, asin = pools.products[product[k]]
            price = "" if cancelled else f"{pools.prices[product[k]] * qty[k]:.2f}"
            fields = (
                oid,
                "",
                purchase[j] + off,
                updated[j] + off,
                status,
                channel,
                spec.sales_channel,
                "",
                "",
                level[j],
                title,
                sku,
                asin,
                "Cancelled" if cancelled else status,
                str(qty[k]),
                spec.currency,
                price,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                city,
                state,
                postcode,
                pools.country,
                "",
                "false",
                "",
                "",
                "false",
                requested,
            )
            lines.append("\t".join(fields) + "\n")
            k += 1
    return lines, ids


def main(argv: list[str] | None = None) -> int:
    """`python -m simulator.reports.write OUT`: a demo All Orders report to try `replay` on."""
    p = argparse.ArgumentParser(prog="python -m simulator.reports.write", description=main.__doc__)
    p.add_argument("out", help="the .tsv file to write (refused if it exists)")
    p.add_argument("--days", type=int, default=90)
    p.add_argument("--orders-per-day", type=float, default=120.0)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = p.parse_args(argv)
    out = Path(args.out)
    if out.exists() or not out.parent.is_dir() or not 1 <= args.days <= 3660 or args.orders_per_day <= 0:
        print(f"{out}: refused (exists, no such folder, or days/orders out of range)", file=sys.stderr)
        return 2
    truth = write_report(out, ReportSpec(days=args.days, orders_per_day=args.orders_per_day), args.seed)
    print(f"wrote {out}: {truth.rows:,} rows, {int(truth.orders.sum()):,} orders over {args.days} days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
