"""The order-level view of one run, materialised lazily for the orders a person looks at.

A run is drawn as per-day counts; here one day's counts are laid out as
individual orders (blocks per category, then a permutation seeded by
(seed, run, day)), so the rows always add up to the run's daily figures.
Faker identities are made only for the requested rows, each from a seed
derived from (seed, run, order index): the same order looks the same on
every page.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from formats.policy import Policy
from formats.rulebook import Rulebook
from formats.scenario import Scenario
from rules import vocabulary
from simulator.catalog import rulebook_for
from simulator.engine.apply import incident_fate
from simulator.engine.plan import BackgroundOutcomes, Outcome, Plan, background, build_plan
from simulator.engine.streams import DEFAULT_SEED, Layout, RunDraws, draw_run, layout, run_rng
from simulator.identity.provider import seeded_faker
from simulator.runs.budget import check_budget
from simulator.runs.montecarlo import _check_args, _policy, _scenario

MAX_SAMPLE = 5000
KINDS = ("gift_wrap", "customisation", "invoice")
# The blocks one day's orders are laid out in, before the seeded shuffle.
BLOCKS = ("direct_afn", "afn", "direct_mfn", "incident", "unconfirmed", "late", "on_time")
INCIDENT = BLOCKS.index("incident")


def order_sample(
    scenario: Scenario | str | Path,
    policy: Policy | str | Path | None = None,
    rulebook: Rulebook | str | Path | None = None,
    *,
    seed: int = DEFAULT_SEED,
    run: int = 0,
    n: int = 50,
    offset: int = 0,
    days: int | None = None,
    only_incidents: bool = False,
) -> list[dict]:
    """Rows ``offset .. offset+n`` of run ``run`` (orders in purchase order), or fewer at the end.

    With ``only_incidents`` the rows are only the orders that ran into a situation
    (``situation`` is not None), and ``offset``/``n`` page through those; each row is
    identical to the same order's row in the full listing (same ``order_index``).
    """
    _check_args(1, days, seed)
    sc = _scenario(scenario)
    rb = rulebook_for(sc, rulebook)
    pol = _policy(policy, sc, rb)
    plan = build_plan(rb, pol, sc)
    bg = background(rb)
    lay = layout(sc, rb, bg, days)
    check_budget(lay)  # before anything is drawn
    dr = draw_run(lay, run_rng(seed, run))
    fate = incident_fate(plan, lay, dr)
    n = max(0, min(int(n), MAX_SAMPLE))
    warm = lay.warmup
    day_orders = dr.orders[warm:]  # the history before day 1 is never listed
    order_start = np.cumsum(day_orders) - day_orders
    inc_per_day = dr.per_situation.sum(axis=1)
    inc_start = np.cumsum(inc_per_day) - inc_per_day  # into the run's incident arrays
    listed = inc_per_day[warm:] if only_incidents else day_orders
    ends = np.cumsum(listed)
    total = int(ends[-1]) if len(ends) else 0
    lo, hi = max(0, int(offset)), min(total, max(0, int(offset)) + n)
    if lo >= hi:
        return []
    fake = seeded_faker(seed, sc.locale)
    rows: list[dict] = []
    view = _View(sc, rb, plan, bg, lay, dr, fate, seed, run)
    # Only the days the page touches are laid out, and only the selected rows get Faker.
    for day in range(int(np.searchsorted(ends, lo, side="right")), len(ends)):
        first = int(ends[day] - listed[day])
        if first >= hi:
            break
        codes, index, negative, times = view.day_layout(day, int(inc_start[warm + day]))
        positions = np.flatnonzero(codes == INCIDENT) if only_incidents else np.arange(len(codes))
        for p in positions[max(lo, first) - first : min(hi, int(ends[day])) - first]:
            cat = (BLOCKS[codes[p]], int(index[p]), None if codes[p] == INCIDENT else bool(negative[p]))
            rows.append(view.row(fake, int(order_start[day]) + int(p), day, cat, int(times[p])))
    return rows


class _View:
    def __init__(self, sc, rb, plan, bg, lay, dr, fate, seed, run) -> None:
        self.sc, self.rb = sc, rb
        self.shipped, self.cancelled = vocabulary.shipped_status(rb), vocabulary.cancelled_status(rb)
        self.dr: RunDraws = dr
        self.fate = fate
        self.seed, self.run = int(seed), int(run)
        self.plan: Plan = plan
        self.bg: BackgroundOutcomes = bg
        self.lay: Layout = lay

    def day_layout(self, day: int, inc0: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Every order of reported ``day`` in a seeded random order, as arrays.

        Returns (block code into BLOCKS, index, negative feedback, seconds after midnight);
        ``index`` is the order's number inside its block, or its incident number for incidents.
        """
        d, k = self.dr, self.lay.warmup + day
        late = int(d.late[k])
        afn = int(d.orders[k] - d.mfn[k])
        n_inc = int(d.per_situation[k].sum())
        counts = np.array(
            [
                d.direct_afn[k],
                afn - d.direct_afn[k],
                d.direct_mfn[k],
                n_inc,
                d.unconfirmed[k],
                late,
                d.plain[k] - late,
            ],
            dtype=np.int64,
        )
        negs = np.array(
            [
                d.neg_direct_afn[k],
                d.neg_afn[k],
                d.neg_direct_mfn[k],
                0,
                d.neg_unconfirmed[k],
                d.neg_plain_late[k],
                d.neg_plain_on_time[k],
            ],
            dtype=np.int64,
        )
        codes = np.repeat(np.arange(len(BLOCKS)), counts)
        within = np.arange(len(codes)) - np.repeat(np.cumsum(counts) - counts, counts)
        index = np.where(codes == INCIDENT, inc0 + within, within)
        negative = within < np.repeat(negs, counts)
        rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([self.seed, self.run, day, 1])))
        order = rng.permutation(len(codes))
        times = np.sort(rng.integers(0, 86400, size=len(codes)))
        return codes[order], index[order], negative[order], times

    def _incident(self, k: int) -> tuple[str, Outcome, dict]:
        s = int(self.dr.inc_sit[k])
        filed = bool(self.fate.filed[k])
        item = self.plan.items[s]
        out = self.plan.outcome(s, filed)
        what = out.label
        if item.procedure == "ask_buyer":
            what = (
                f"Asked the buyer to request cancellation; the request arrived after "
                f"{self.dr.t_request[k]:.0f} h. " + what
                if filed
                else f"Asked the buyer; no official request within {item.wait_hours:g} h. " + what
            )
        if self.fate.late[k]:
            what += " (shipped late)"
        extra: dict[str, object] = {
            "negative_feedback": bool(self.fate.negative[k]),
            "p": float(self.fate.p_feedback[k]),
        }
        if vocabulary.desk_words(self.rb, item.situation).special_request is not None:
            u = self.dr.u_kind[k]
            mix = self.sc.special_requests
            cut = np.cumsum([mix.gift_wrap, mix.customisation, mix.invoice])
            extra["special_request"] = KINDS[min(int(np.searchsorted(cut, u, side="right")), 2)]
        return item.situation, out, {"outcome": what, **extra}

    def row(self, fake, i: int, day: int, cat: tuple, secs: int) -> dict:
        kind, k, neg = cat
        bg = self.bg
        situation = None
        special = None
        if kind == "incident":
            situation, out, extra = self._incident(k)
            what, neg, special = extra["outcome"], extra["negative_feedback"], extra.get("special_request")
            p_fb = extra["p"]
        else:
            out = {
                "direct_afn": bg.direct_afn,
                "direct_mfn": bg.direct,
                "afn": bg.afn,
                "unconfirmed": bg.unconfirmed,
                "late": bg.fulfilled_late,
                "on_time": bg.fulfilled,
            }[kind]
            what, p_fb = out.label, out.p_feedback
        afn = kind in ("afn", "direct_afn")
        fake.seed_instance(int(np.random.SeedSequence([self.seed, self.run, i, 2]).generate_state(1)[0]))
        when = datetime(self.sc.start_date.year, self.sc.start_date.month, self.sc.start_date.day, tzinfo=UTC)
        when += timedelta(days=day, seconds=secs)
        return {
            "order_id": fake.amazon_order_id(),
            "purchase_date": when.isoformat(),
            "buyer_name": fake.name(),
            "ship_city": fake.city(),
            "product": fake.product_title(),
            "channel": "AFN" if afn else "MFN",
            "status": self.shipped if out.ships or not out.cancelled else self.cancelled,  # adjusted: shipped
            "situation": situation,
            "special_request": special,
            "outcome": what,
            "counted": out.counted,
            "buyer_requested": out.buyer_requested,
            "reason": out.reason,
            "rule": out.rule,
            "negative_feedback": bool(neg),
            "feedback_risk": round(p_fb, 6),
            "feedback_reason": out.feedback_reason,
            "order_index": i,
            "day": day + 1,
            "kind": kind,  # the block it was drawn in (BLOCKS): what happens to it if nobody acts
        }
