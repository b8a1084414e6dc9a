"""Is a policy compliant?  The one place that says so, beside every result.

Nothing is decided here.  Each situation's action (and its fallback) is resolved the way
the plan does; the action says which handling paths it takes (:meth:`PolicyAction.paths`),
and the rules engine grades each path against the situation's graded handlings
(:func:`rules.handlings.grade_path`), the same judgement the desk's grader gives a trainee.
A path graded a violation or a compliance risk, or one no handling fits, is a flag.  The
pages, the CLI and the JSON read only :func:`compliance_block`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from formats.policy import Policy
from formats.rulebook import Rulebook
from rules.handlings import UNLISTED, HandlingPath, Match, grade_path, grade_rank
from simulator.policy_actions import action_of, by_the_book
from simulator.runs.result_types import Compliance

# Worst first: the status of a policy is its worst flag.
LEVELS = {"violation": "Violation", UNLISTED: "Not in the rulebook", "compliance_risk": "Compliance risk"}
COMPLIANT = "compliant"
STATUS_LABELS = {COMPLIANT: "Compliant", **LEVELS}
# Material Symbols names the pages draw (emoji show as empty boxes without an emoji font).
ICONS = {COMPLIANT: "check_circle", "compliance_risk": "warning", UNLISTED: "warning", "violation": "block"}


@dataclass(frozen=True)
class Flag:
    """One situation where the policy takes a path the rulebook flags."""

    situation: str
    situation_label: str
    procedure: str
    procedure_label: str
    level: str  # a key of LEVELS
    why: str
    rule: str  # where in the rulebook, e.g. situations.out_of_stock.handlings.ask_buyer_request
    source: str  # the handling's source (the situation's, when no handling fits)


def path_matches(rb: Rulebook, situation: str, spec) -> list[tuple[HandlingPath, Match]]:
    """Each branch of the situation's handling under ``spec``, with the engine's grade of it.

    What the policy *asks* for is judged, before the simulator replaces a refused path with
    the rulebook's own: a policy that asks buyers to cancel stock-outs is flagged even though
    the simulation follows the rulebook there.
    """
    spec = spec or by_the_book()
    spec = action_of(spec).resolve(rb, situation, spec)
    out = []
    for alternatives in action_of(spec).paths(rb, situation, spec):
        graded = [(p, grade_path(rb, situation, p)) for p in alternatives]
        out.append(min(graded, key=lambda pm: grade_rank(pm[1].grade)))
    return out


def policy_flags(rb: Rulebook, policy: Policy) -> list[Flag]:
    """Every simulated situation where the policy takes a path graded a risk or worse."""
    flags = []
    for si in rb.situations:
        if not si.simulated:  # a policy has no say over desk-only situations
            continue
        for path, m in path_matches(rb, si.id, policy.handling.get(si.id)):
            if m.grade not in LEVELS:
                continue
            p = rb.procedure(path.procedure)
            h = m.handling
            if m.exact and h is not None:
                why, rule, source = h.why, f"situations.{si.id}.handlings.{h.id}", h.source
            else:
                near = f" The nearest is “{h.label}”." if h is not None else ""
                why = f"No handling the rulebook grades for {si.label.lower()} fits this path.{near}"
                rule, source = f"situations.{si.id}.handlings", si.source
            flags.append(
                Flag(
                    si.id,
                    si.label,
                    path.procedure,
                    p.label if p else path.procedure,
                    m.grade,
                    why,
                    rule,
                    source,
                )
            )
    return flags


def status_of(flags: list[Flag]) -> str:
    return next((lv for lv in LEVELS if any(f.level == lv for f in flags)), COMPLIANT)


def compliance_block(rb: Rulebook, policy: Policy) -> Compliance:
    """The ``compliance`` block of a result: status, its words, and each flag with its source."""
    flags = policy_flags(rb, policy)
    status = status_of(flags)
    return Compliance.from_dict(
        {
            "status": status,
            "label": STATUS_LABELS[status],
            "summary": summary(flags),
            "flags": [asdict(f) for f in flags],
        }
    )


def summary(flags: list[Flag]) -> str:
    """One line a reader takes in at a glance: what is flagged, where."""
    if not flags:
        return "No path this policy takes is flagged by the rulebook."
    parts = [f"{f.procedure_label.lower()} for {f.situation_label.lower()}" for f in flags]
    return f"{LEVELS[status_of(flags)]}: " + "; ".join(parts) + "."


def badge(block: Compliance | None) -> str:
    """Short text for a table cell or a chart legend: the status in words (no emoji, which
    some browsers draw as empty boxes); a page draws :data:`ICONS` beside it where it can."""
    if not block:
        return ""
    return block.label
