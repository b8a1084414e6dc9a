"""A gallery card's figures and a gallery link's default run: pure text and results, no drawing.

Apart from the page so that the server's warm-up (ui/simulate/warmup.py) computes exactly
what a visitor's first look at the gallery and its first Run ask for, with the same keys.
"""

from __future__ import annotations

import logging

from pydantic import BaseModel

from formats.errors import RulebookError
from formats.scenario import policy_path
from simulator.runs.result_types import CancellationRate, SimulationResult, WindowFigures
from ui.shared import chart_specs, charts
from ui.shared.state import Link
from ui.simulate import catalog as lab_catalog
from ui.simulate import runs as lab_runs
from ui.simulate.compliance_view import COMPLIANCE_HELP, markdown_badge
from ui.simulate.formatting import pct
from ui.simulate.results_figures import extra_windows, rate_specs

PEAK_HELP = (
    "A run's peak is the highest rolling Cancellation Rate on any day of that run. The card shows "
    "one sample run; the results show the median run's peak and the 95th percentile.\n\n" + COMPLIANCE_HELP
)
Catalog = dict[str, BaseModel | RulebookError]
_LOG = logging.getLogger(__name__)


def ordered_catalog() -> Catalog:
    """Every scenario file; the calm default shop first, as it is the one to learn on."""
    return dict(sorted(lab_catalog.scenarios().items(), key=lambda kv: kv[0] != "starter_shop"))


def overview_spec(catalog: Catalog) -> dict:
    """The at-a-glance chart of the gallery's landing page (built once per set of figures)."""
    return chart_specs.spec(charts.overview_chart, overview_rows(catalog))


def chosen_policy(scenario: BaseModel, rulebook: BaseModel, name: str | None) -> BaseModel:
    """The policy file named ``name`` (the link's or the picker's), else the scenario's own policy."""
    return lab_catalog.policies().get(name or "") or lab_catalog.policy_of(scenario, rulebook)


def _peak(fig: CancellationRate | WindowFigures) -> float | None:
    return fig.peak.median if fig.peak else fig.max


def card_rates(quick: SimulationResult) -> str:
    """The sample run's peak rolling rate of each window the rulebook watches (7 days, and 30 for India)."""
    cr = quick.cancellation_rate
    peaks = [f"peak {cr.window_days}-day rate **{pct(_peak(cr), 2)}**"]
    peaks += [f"peak {w}-day rate **{pct(_peak(fig), 2)}**" for w, fig in extra_windows(quick)]
    text = " · ".join(peaks)
    return text[:1].upper() + text[1:] + f" against a {pct(cr.limit)} limit"


def breach_badge(quick: SimulationResult) -> str:
    """Breach or OK for the card's sample run (from the core's breach figure), as a markdown badge."""
    if quick.breached:
        return ":red-badge[:material/error: Breach in the sample run]"
    return ":green-badge[:material/check_circle: OK in the sample run]"


def sample_run(scenario: BaseModel, rulebook: BaseModel) -> SimulationResult:
    """The card's one sample run (its own policy, seed 0), shared by every visitor."""
    return lab_runs.run(scenario, lab_catalog.policy_of(scenario, rulebook), rulebook, seed=0, runs=1)


def _card_key(kind: str, scenario: BaseModel, rb: BaseModel) -> str:
    """What a card's sample-run figures depend on: the scenario, its rulebook, its policy file's version."""
    policy_file = policy_path(scenario.policy, scenario.base_dir)
    return lab_runs.fingerprint(kind, scenario, rb, str(policy_file), policy_file.stat().st_mtime_ns)


def overview_row(scenario: BaseModel) -> dict:
    """A scenario's row of the at-a-glance chart, kept like its card (the page draws it on
    every rerun; the sample run's figures change only with the files).  Raises RulebookError."""
    rb = lab_catalog.rulebook_of(scenario)

    def compute() -> dict:
        quick = sample_run(scenario, rb)
        cr = quick.cancellation_rate
        status = "Breach" if quick.breached else "OK"
        return {"scenario": scenario.name, "peak": _peak(cr), "limit": cr.limit, "status": status}

    return lab_runs.kept(_card_key("overview-row", scenario, rb), compute)


def overview_rows(catalog: Catalog) -> list[dict]:
    """One row per scenario that runs: its sample run's peak rate of the first window, its
    limit and whether it breached; what the gallery's at-a-glance chart draws."""
    rows = []
    for scenario in catalog.values():
        if isinstance(scenario, RulebookError):
            continue
        try:
            rows.append(overview_row(scenario))
        except RulebookError:
            continue  # its card says why
    return rows


def card_body(scenario: BaseModel) -> str:
    """The card's figures as one markdown text, computed once per loaded scenario file.

    One element instead of four: every rerun of the gallery redraws every card, in the
    server and in each visitor's browser (benchmarks/loadtest), and the sample run's
    figures only change when the file does.  Raises RulebookError if it cannot run.
    """
    rb = lab_catalog.rulebook_of(scenario)
    key = _card_key("card", scenario, rb)

    def compute() -> str:
        quick = sample_run(scenario, rb)
        block = quick.compliance
        badges = breach_badge(quick)
        if block:
            badges += f" {markdown_badge(block)}"
        return (
            f"**{scenario.days}** days · **{scenario.volume.mean_per_day:,.0f}** orders a day · "
            f"**{scenario.seller_fulfilled_share:.0%}** seller-fulfilled  \n"
            f"{rb.name}, policy *{lab_catalog.policy_title(lab_catalog.policy_stem(scenario))}*\n\n"
            f"{badges}\n\n{card_rates(quick)}"
        )

    return lab_runs.kept(key, compute)


def warm(limit: int) -> list[str]:
    """The first ``limit`` scenarios' cards, default links' runs and their charts, into the
    shared caches (ui/simulate/warmup.py); the stems warmed."""
    default = Link()
    warmed = []
    catalog = dict(list(ordered_catalog().items())[:limit])
    for stem, scenario in catalog.items():
        if isinstance(scenario, RulebookError):
            continue  # its card shows the problems; there is nothing to run
        try:
            rb = lab_catalog.rulebook_of(scenario)
            card_body(scenario)
            policy = chosen_policy(scenario, rb, lab_catalog.policy_stem(scenario))
            rate_specs(lab_runs.run(scenario, policy, rb, seed=default.seed, runs=default.runs))
        except RulebookError:
            continue  # the page shows why when someone presses Run
        except Exception:  # an optimisation: it must never take a visitor's page down
            _LOG.exception("warm-up of scenario %s failed", stem)
            continue
        warmed.append(stem)
    try:
        overview_spec(catalog)
    except Exception:  # as above
        _LOG.exception("warm-up of the gallery's overview chart failed")
    return warmed
