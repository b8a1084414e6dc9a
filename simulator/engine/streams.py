"""One run's order stream, drawn with numpy before any policy is applied.

Orders are drawn as per-day counts (Poisson volume, binomial channel split,
multinomial situations): exactly the distribution of counting independent
per-order draws, at a fraction of the cost.  Orders that run into a situation
get their own per-order buyer draws, because the policy decides what happens
to each of them.  Everything the buyer will do is drawn here, so every policy
applied to the same ``RunDraws`` sees the same orders and the same buyers
(common random numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np

from formats.errors import ScenarioFileError
from formats.rulebook import Rulebook
from formats.scenario import Scenario, rates_over_one, scenario_figure
from rules import vocabulary
from simulator.engine.plan import BackgroundOutcomes

DEFAULT_SEED = 0  # the seed of a run when none is given (CLI, library, lab): one definition for all


def run_rng(seed: int, run: int) -> np.random.Generator:
    """The generator of run ``run``: independent of how many runs are simulated."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(seed), int(run)])))


@dataclass(frozen=True)
class Layout:
    """What is fixed for a scenario over all runs: day means and situation rates.

    ``warmup`` days of ordinary trading are drawn before day 1 (when the shop was
    already open), so every rolling window is full from the first reported day.
    Arrays cover ``span = warmup + days`` days; ``dates`` only the reported ones.
    """

    days: int
    dates: list[str]
    lam: np.ndarray  # (span,) expected orders per day
    probs: np.ndarray  # (span, S + 2): situations..., unconfirmed, plain
    situations: list[str]
    cv: float
    mfn_share: float
    direct_rate: float
    late_rate: float
    p_request: float
    request_hours: float
    reply_within_24h: float
    p_fulfilled: float
    p_late: float
    p_direct: float
    p_unconfirmed: float
    warmup: int = 0

    @property
    def span(self) -> int:
        return self.warmup + self.days


def warmup_days(scenario: Scenario, rb: Rulebook) -> int:
    """Days of history needed so the longest rolling window the results use is full on day 1."""
    if not scenario.trading_before_start:
        return 0
    m = rb.metrics
    return max([*m.cancellation_rate.windows_days, *m.order_defect_rate.windows_days]) - 1


def layout(scenario: Scenario, rb: Rulebook, bg: BackgroundOutcomes, days: int | None = None) -> Layout:
    n = int(days or scenario.days)
    warm = warmup_days(scenario, rb)
    start = scenario.start_date
    day_dates = [start + timedelta(days=i) for i in range(-warm, n)]
    prof = np.asarray(scenario.volume.weekday_profile, dtype=float)
    prof = prof / prof.mean()
    lam = scenario.volume.mean_per_day * prof[[d.weekday() for d in day_dates]]
    # Day numbers as the scenario counts them (1 = start_date; history is 0 and below):
    # spikes and windowed situations only ever fall on days >= 1.
    day_no = np.arange(1 - warm, n + 1)
    for sp in scenario.volume.spikes:
        lam = np.where((day_no >= sp.start_day) & (day_no <= sp.end_day), lam * sp.multiplier, lam)
    sids = [s.id for s in rb.situations if s.simulated]
    probs = np.zeros((warm + n, len(sids) + 2))
    for i, s in enumerate(scenario.situations):
        if s.situation not in sids:
            raise ScenarioFileError.single(
                "<scenario>", f"situation {s.situation!r} is not in rulebook {rb.id}", path=f"situations[{i}]"
            )
        on = (day_no >= (s.from_day or day_no[0])) & (day_no <= (s.to_day or n))
        probs[on, sids.index(s.situation)] += s.rate
    for sid, figure in vocabulary.rated_by_scenario(rb).items():  # e.g. buyer.changed_mind_rate
        if sid in sids:
            probs[:, sids.index(sid)] += scenario_figure(scenario, figure)
    probs[:, -2] = scenario.shipping.unconfirmed_rate
    over = rates_over_one(scenario)  # the same check as the scenario file's, for unchecked copies
    if over is not None:
        loc, msg, hint = over
        raise ScenarioFileError.single("<scenario>", msg, hint, path=".".join(map(str, loc)))
    probs[:, -1] = np.clip(1.0 - probs[:, :-1].sum(axis=1), 0.0, 1.0)
    return Layout(
        days=n,
        dates=[d.isoformat() for d in day_dates[warm:]],
        lam=lam,
        probs=probs,
        situations=sids,
        cv=scenario.volume.day_to_day_variation,
        mfn_share=scenario.seller_fulfilled_share,
        direct_rate=scenario.buyer.direct_cancel_rate,
        late_rate=scenario.shipping.late_rate,
        p_request=scenario.buyer.request_probability,
        request_hours=scenario.buyer.request_hours,
        reply_within_24h=scenario.buyer.reply_within_24h,
        p_fulfilled=bg.fulfilled.p_feedback,
        p_late=bg.fulfilled_late.p_feedback,
        p_direct=bg.direct.p_feedback,
        p_unconfirmed=bg.unconfirmed.p_feedback,
        warmup=warm,
    )


@dataclass
class RunDraws:
    """Per-day counts (shape (span,), history first) and per-incident buyer draws (shape (n,))."""

    orders: np.ndarray
    mfn: np.ndarray
    direct_mfn: np.ndarray
    direct_afn: np.ndarray
    unconfirmed: np.ndarray
    plain: np.ndarray  # seller-fulfilled orders with no incident, to ship
    late: np.ndarray  # of `plain`, shipped late
    neg_plain_on_time: np.ndarray
    neg_plain_late: np.ndarray
    neg_afn: np.ndarray
    neg_direct_mfn: np.ndarray
    neg_direct_afn: np.ndarray
    neg_unconfirmed: np.ndarray
    per_situation: np.ndarray  # (days, S) incidents per day and situation
    # one entry per incident, ordered by day then situation
    inc_day: np.ndarray
    inc_sit: np.ndarray
    u_request: np.ndarray
    t_request: np.ndarray
    u_quick: np.ndarray
    u_feedback: np.ndarray
    u_late: np.ndarray
    u_kind: np.ndarray


def draw_run(lay: Layout, rng: np.random.Generator) -> RunDraws:
    lam = lay.lam
    if lay.cv > 0:
        k = 1.0 / lay.cv**2
        lam = lam * rng.gamma(k, 1.0 / k, size=lay.span)
    orders = rng.poisson(lam)
    mfn = rng.binomial(orders, lay.mfn_share)
    afn = orders - mfn
    d_mfn = rng.binomial(mfn, lay.direct_rate)
    d_afn = rng.binomial(afn, lay.direct_rate)
    split = rng.multinomial(mfn - d_mfn, lay.probs)
    per_sit = split[:, :-2]
    unconfirmed, plain = split[:, -2], split[:, -1]
    late = rng.binomial(plain, lay.late_rate)
    afn_ship = afn - d_afn
    neg_on_time = rng.binomial(plain - late, lay.p_fulfilled)
    neg_late = rng.binomial(late, lay.p_late)
    neg_afn = rng.binomial(afn_ship, lay.p_fulfilled)
    neg_dm = rng.binomial(d_mfn, lay.p_direct)
    neg_da = rng.binomial(d_afn, lay.p_direct)
    neg_unc = rng.binomial(unconfirmed, lay.p_unconfirmed)
    s = per_sit.shape[1]
    flat = per_sit.ravel()
    n = int(flat.sum())
    cell = np.repeat(np.arange(flat.size), flat)
    return RunDraws(
        orders=orders,
        mfn=mfn,
        direct_mfn=d_mfn,
        direct_afn=d_afn,
        unconfirmed=unconfirmed,
        plain=plain,
        late=late,
        neg_plain_on_time=neg_on_time,
        neg_plain_late=neg_late,
        neg_afn=neg_afn,
        neg_direct_mfn=neg_dm,
        neg_direct_afn=neg_da,
        neg_unconfirmed=neg_unc,
        per_situation=per_sit,
        inc_day=cell // s,
        inc_sit=cell % s,
        u_request=rng.random(n),
        t_request=rng.exponential(lay.request_hours, n),
        u_quick=rng.random(n),
        u_feedback=rng.random(n),
        u_late=rng.random(n),
        u_kind=rng.random(n),
    )
