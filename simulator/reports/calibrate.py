"""Turn a replayed All Orders report into a scenario whose figures match it.

What is measured from the report (``simulator.reports.replay.count_report``):

* ``volume.mean_per_day`` and ``volume.weekday_profile``: mean orders per weekday,
  divided by their mean; ``day_to_day_variation``: the spread left over after
  Poisson noise and the weekday profile;
* ``seller_fulfilled_share``: seller-fulfilled orders / all orders;
* ``buyer.direct_cancel_rate``: orders the buyer cancelled while Pending / all orders;
* the observed cancellation incidence: counted cancellations and official buyer
  requests per seller-fulfilled order.

The report says that an order was cancelled, not why.  Counted cancellations are
put on the ``out_of_stock`` situation and official requests on buyers who changed
their mind; the two rates are solved so that, under the scenario's policy, the
simulator's *expected* counted and buyer-requested shares equal the report's.  The
expectation uses the simulator's own plan tables (the engine's answers), so the fit
follows whatever the policy and rulebook decide.  Auto-cancellations cannot be told
apart in the report, so ``shipping.unconfirmed_rate`` is 0 and they are inside
``out_of_stock``.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

import numpy as np
from pydantic import ValidationError

from formats.errors import ReportFileError
from formats.loader import DEFAULT_RULEBOOK, RULES_DIR, rulebook_path
from formats.rulebook import Rulebook
from formats.scenario import Scenario
from formats.validate import validation_problems
from rules import vocabulary
from simulator.catalog import scenario_from_text, scenario_policy, to_yaml
from simulator.engine.plan import background, build_plan
from simulator.reports.replay import ReportCounts, count_report

CHANGED_MIND = "buyer.changed_mind_rate"  # the scenario figure a report's official requests set
POLICY = "by_the_book"


def weekday_profile(dates: list[str], orders: np.ndarray) -> tuple[list[float], float]:
    """(profile Mon..Sun with mean 1, mean orders per day over the weekdays seen)."""
    wd = np.array([date.fromisoformat(d).weekday() for d in dates])
    means = np.array([orders[wd == k].mean() if (wd == k).any() else np.nan for k in range(7)])
    seen = np.isfinite(means)
    overall = float(means[seen].mean())
    if overall <= 0:
        return [1.0] * 7, 0.0
    prof = np.where(seen, means / overall, 1.0)  # an unseen weekday is assumed ordinary
    prof = prof / prof.mean()
    return [round(float(x), 4) for x in prof], overall


def day_to_day_variation(dates: list[str], orders: np.ndarray, profile: list[float], mean: float) -> float:
    """Coefficient of variation of the daily mean beyond Poisson noise (method of moments)."""
    if len(orders) < 8 or mean <= 0:
        return 0.0
    lam = mean * np.array([profile[date.fromisoformat(d).weekday()] for d in dates])
    live = lam > 0  # a weekday with no orders at all carries no information on spread
    if live.sum() < 8:
        return 0.0
    ratio = orders[live] / lam[live]
    extra = float(ratio.var(ddof=1) - np.mean(1.0 / lam[live]))
    return round(min(2.0, math.sqrt(extra)) if extra > 0 else 0.0, 4)


def _expected(plan, scenario: Scenario, sid: str) -> tuple[float, float]:
    """Expected (counted, buyer-requested) per order that runs into situation ``sid``."""
    s = plan.situations.index(sid)
    b = scenario.buyer
    p_filed = 0.0
    if plan.ask[s]:
        p_filed = b.request_probability * (1.0 - math.exp(-plan.limit_hours[s] / b.request_hours))
    counted = (1 - p_filed) * plan.counted[2 * s] + p_filed * plan.counted[2 * s + 1]
    requested = (1 - p_filed) * plan.buyer_requested[2 * s] + p_filed * plan.buyer_requested[2 * s + 1]
    return float(counted), float(requested)


def fit_incidence(
    scenario: Scenario, rb: Rulebook, counted: float, requested: float
) -> tuple[Scenario, list[str]]:
    """Set the two situation rates so the expected shares equal ``counted``/``requested``.

    Both targets are per seller-fulfilled order.  If the buyers' default request
    probability cannot produce that many requests without too many counted
    cancels, it is raised just enough (and said so).
    """
    notes: list[str] = []
    policy = scenario_policy(scenario, rb)
    bg = background(rb)
    keep = 1.0 - scenario.buyer.direct_cancel_rate  # situations apply to the other orders
    direct_req = scenario.buyer.direct_cancel_rate if not bg.direct_allowed else 0.0
    c_target, r_target = counted / keep, max(0.0, requested - direct_req) / keep
    counted_sid, requested_sid = _situations(rb)
    for _ in range(2):
        plan = build_plan(rb, policy, scenario)
        cx, rx = _expected(plan, scenario, counted_sid)
        cm, rm = _expected(plan, scenario, requested_sid)
        a = np.array([[cx, cm], [rx, rm]])
        try:
            x, m = np.linalg.solve(a, [c_target, r_target])
        except np.linalg.LinAlgError:
            x, m = (c_target / cx if cx else 0.0), (r_target / rm if rm else 0.0)
        if x >= -1e-12 or not rm:
            break
        # Too few filed requests per changed mind: raise request_probability to fit exactly.
        need = r_target / (r_target + c_target)
        reach = 1.0 - math.exp(
            -plan.limit_hours[plan.situations.index(requested_sid)] / scenario.buyer.request_hours
        )
        p = min(1.0, need / reach) if reach > 0 else 1.0
        notes.append(
            f"buyer.request_probability raised to {p:.3f} so that the report's share of official "
            "requests fits without extra counted cancellations"
        )
        scenario = _update(scenario, buyer={"request_probability": round(p, 4)})
    x, m = max(0.0, float(x)), max(0.0, float(m))
    situations = []
    if x > 0:
        situations.append(
            {
                "situation": counted_sid,
                "rate": round(x, 6),
                "note": "every counted cancellation in the report",
            }
        )
    scenario = _update(scenario, situations=situations, buyer={"changed_mind_rate": round(m, 6)})
    return scenario, notes


def _situations(rb: Rulebook) -> tuple[str, str]:
    """(the situation counted cancellations become, the one the buyers' change of mind rates)."""
    by_figure = {figure: sid for sid, figure in vocabulary.rated_by_scenario(rb).items()}
    if CHANGED_MIND not in by_figure:
        raise ReportFileError.single(
            rb.id, f"rulebook {rb.id} has no situation rated by {CHANGED_MIND}", "calibrate needs one"
        )
    return vocabulary.counted_situation(rb).id, by_figure[CHANGED_MIND]


def _update(scenario: Scenario, **parts) -> Scenario:
    data = scenario.model_dump()
    for key, value in parts.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return Scenario.model_validate(data).with_base_dir(scenario.base_dir)


def calibrate(
    rc: ReportCounts, name: str, rulebook_ref: str = DEFAULT_RULEBOOK, base_dir: Path | None = None
) -> tuple[Scenario, dict]:
    """A scenario matching the report, and the figures it was fitted to."""
    rb = rc.rulebook
    orders, sf = rc.orders, rc.seller_fulfilled
    total, sf_total = int(orders.sum()), int(sf.sum())
    if sf_total == 0:
        raise ReportFileError.single(
            rc.label,
            "the report has no seller-fulfilled orders (fulfillment-channel Merchant or MFN)",
            "the Cancellation Rate and its scenario cover seller-fulfilled orders only",
        )
    profile, mean = weekday_profile(rc.dates, orders)
    observed: dict[str, Any] = {
        "days": rc.days,
        "orders": total,
        "mean_orders_per_day": round(total / rc.days, 4),
        "seller_fulfilled_share": round(sf_total / total, 6),
        "counted_share": round(float(rc.counted.sum()) / sf_total, 6),
        "buyer_requested_share": round(float(rc.category("buyer_requested").sum()) / sf_total, 6),
        # The simulator applies the direct-cancel rate to orders of both channels.
        "direct_cancel_share": round(float(rc.direct_cancels.sum()) / total, 6),
    }
    cr = rb.metrics.cancellation_rate
    description = (
        f"Calibrated from {Path(rc.label).name}: {rc.days} days from {rc.dates[0]}, "
        f"{observed['mean_orders_per_day']:g} orders a day, "
        f"{observed['seller_fulfilled_share']:.1%} seller-fulfilled, "
        f"{observed['counted_share']:.2%} counted cancellations and "
        f"{observed['buyer_requested_share']:.2%} official buyer requests per seller-fulfilled order "
        f"({cr.label} limit {cr.limit:.1%}). The report does not say why orders were cancelled: "
        f"counted ones are modelled as {vocabulary.counted_situation(rb).id}, requests as buyers who "
        "changed their mind."
    )
    data = {
        "name": name,
        "description": description,
        "rulebook": rulebook_ref,
        "locale": vocabulary.storefront(rb).faker_locale,
        "start_date": rc.dates[0],
        "days": rc.days,
        "volume": {
            "mean_per_day": round(max(mean, 0.01), 4),
            "weekday_profile": profile,
            "day_to_day_variation": day_to_day_variation(rc.dates, orders, profile, mean),
        },
        "seller_fulfilled_share": observed["seller_fulfilled_share"],
        "buyer": {"direct_cancel_rate": observed["direct_cancel_share"]},
        "shipping": {"unconfirmed_rate": 0.0},
        "policy": POLICY,
    }
    if rc.average_order_value:
        data["average_order_value"] = round(min(rc.average_order_value, 1e6), 2)
    try:
        scenario = Scenario.model_validate(data).with_base_dir(base_dir)
    except ValidationError as exc:  # e.g. a report dated 0001-01: outside the scenario format's dates
        hint = "a scenario calibrated from this report would not pass its own check"
        raise ReportFileError(validation_problems(exc, rc.label, at=(1, 1), hint=hint)) from None
    scenario, notes = fit_incidence(
        scenario, rb, observed["counted_share"], observed["buyer_requested_share"]
    )
    observed["notes"] = notes
    return scenario, observed


def rulebook_reference(rulebook: str | Path | Rulebook, out_dir: Path) -> str:
    """How the scenario file names its rulebook: by name if it is a shipped one, else a relative path."""
    if isinstance(rulebook, Rulebook):
        return rulebook.id
    path = rulebook_path(rulebook).resolve()
    if path.parent == RULES_DIR:
        return path.stem
    return Path(os.path.relpath(path, out_dir.resolve())).as_posix()


def scenario_text(scenario: Scenario, report_label: str) -> str:
    head = (
        f"# Calibrated from the All Orders report {Path(report_label).name} by\n"
        "# `python -m simulator calibrate` (docs/replay.md). Figures marked assumption in\n"
        "# docs/scenario-format.md are not in the report: tune them to your shop.\n"
    )
    return head + to_yaml(scenario)


@dataclass(frozen=True)
class Calibration:
    """A calibrated scenario, the text of its file, and what it was fitted to, in words."""

    scenario: Scenario
    text: str  # validated exactly as `python -m rules check` will read it at ``out``
    summary: str  # follows "wrote OUT: " (or "replaced OUT: ") on the CLI


def calibrate_report(
    report: str | Path | bytes | IO[bytes],
    out: Path,
    *,
    rulebook: str | Path = DEFAULT_RULEBOOK,
    name: str | None = None,
    label: str | None = None,
) -> Calibration:
    """Replay ``report`` and calibrate a scenario meant to live at ``out`` (nothing is written).

    ``out`` decides how the rulebook is referenced, the default name, and the
    label the text is validated under; the caller writes the text.
    """
    out = Path(out)
    label = label or (str(report) if isinstance(report, (str, Path)) else "report")
    rc = count_report(report, rulebook, label)
    ref = rulebook_reference(rulebook, out.parent)
    scenario, observed = calibrate(
        rc, name or out.stem.replace("_", " ").capitalize(), ref, out.parent.resolve()
    )
    text = scenario_text(scenario, rc.label)
    # Validate exactly as `python -m rules check` will read it, before anything is written.
    scenario_from_text(text, str(out), base_dir=out.parent.resolve())
    lines = [
        f"{scenario.days} days from {scenario.start_date}, "
        f"{scenario.volume.mean_per_day:g} orders a day, "
        f"{scenario.seller_fulfilled_share:.1%} seller-fulfilled",
        f"report: {observed['counted_share']:.2%} counted cancellations, "
        f"{observed['buyer_requested_share']:.2%} buyer requests per seller-fulfilled order, "
        f"{observed['direct_cancel_share']:.2%} of all orders cancelled directly by the buyer",
    ]
    lines += [f"note: {n}" for n in observed["notes"]]
    if rc.rows["ignored_total"]:
        lines.append(f"note: {rc.rows['ignored_total']:,} report row(s) were ignored (see `replay`)")
    return Calibration(scenario, text, "\n".join(lines) + "\n")
