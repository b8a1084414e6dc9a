"""Is a policy compliant?  The one place that says so, beside every result.

A policy is flagged where the path it takes for a situation is one the rulebook
flags: today the situations' ``compliance_risks`` (asking buyers to cancel a
stock-out, for instance), as the rules engine's ``procedure_check`` reports them.
Nothing is decided here: the walk resolves each situation's action (and its
fallback) the way the plan does and asks the engine.  Graded handlings
(best / acceptable / compliance risk / violation) extend :func:`policy_flags`;
the pages, the CLI and the JSON read only :func:`compliance_block`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from formats.policy import Policy
from formats.rulebook import Rulebook
from rules import procedure_check
from simulator.policy_actions import action_of, by_the_book
from simulator.runs.result_types import Compliance

# Worst first: the status of a policy is its worst flag.
LEVELS = {"violation": "Violation", "compliance_risk": "Compliance risk"}
COMPLIANT = "compliant"
STATUS_LABELS = {COMPLIANT: "Compliant", **LEVELS}
ICONS = {COMPLIANT: "✅", "compliance_risk": "⚠️", "violation": "⛔"}


@dataclass(frozen=True)
class Flag:
    """One situation where the policy takes a path the rulebook flags."""

    situation: str
    situation_label: str
    procedure: str
    procedure_label: str
    level: str  # a key of LEVELS
    why: str
    rule: str  # where in the rulebook, e.g. situations.out_of_stock.compliance_risks
    source: str  # the situation's source, as the rulebook gives it


def _procedures(rb: Rulebook, situation: str, spec) -> list[str]:
    """The rulebook procedures a situation's handling asks for: its action, then its fallback.

    What the policy *asks* for is judged, before the simulator replaces a refused path with
    the rulebook's own: a policy that asks buyers to cancel stock-outs is flagged even though
    the simulation follows the rulebook there.
    """
    spec = spec or by_the_book()
    spec = action_of(spec).resolve(rb, situation, spec)
    out = [action_of(spec).procedure]
    fallback = getattr(spec, "fallback", None)
    if fallback is not None:
        out.append(action_of(fallback).procedure)
    return [p for p in dict.fromkeys(out) if p]


def policy_flags(rb: Rulebook, policy: Policy) -> list[Flag]:
    """Every (situation, procedure) of the policy that the rules engine calls a risk or worse."""
    flags = []
    for si in rb.situations:
        for proc in _procedures(rb, si.id, policy.handling.get(si.id)):
            d = procedure_check(rb, si.id, proc)
            level = d.category if d.category in LEVELS else None
            if level is None:
                continue
            p = rb.procedure(proc)
            flags.append(
                Flag(
                    si.id,
                    si.label,
                    proc,
                    p.label if p else proc,
                    level,
                    si.compliance_risks.get(proc) or d.reason,
                    d.rule,
                    si.source,
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
    """Short text for a badge, a table cell or a chart legend: icon and label."""
    if not block:
        return ""
    return f"{ICONS[block.status]} {block.label}"
