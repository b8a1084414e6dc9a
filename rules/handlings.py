"""Every acceptable handling of a situation, graded: the rulebook's answer key.

A situation lists its handlings (``situations[].handlings``), each with a grade, the
reason to use, when the buyer is contacted and the source.  The simulator asks
:func:`recommended_procedure` and :func:`procedure_check`; the desk's grader asks
:func:`answer_key` and :func:`match_handling`.  Nothing else ranks handlings.
"""

from __future__ import annotations

from dataclasses import dataclass

from formats.rulebook import GRADES, Handling, Rulebook
from rules.engine import Decision, request_reason

GRADE_WORDS = {
    "best": "best",
    "acceptable": "acceptable",
    "compliance_risk": "a compliance risk",
    "violation": "a violation",
}


def grade_rank(grade: str) -> int:
    """0 for best, up to 3 for a violation."""
    return GRADES.index(grade)


@dataclass(frozen=True)
class Recommendation:
    situation: str
    procedure: str
    reason: str
    contact_first: bool
    explanation: str
    compliance_risks: dict[str, str]


def recommended_procedure(rb: Rulebook, situation: str) -> Recommendation:
    """The first best handling of ``situation``, as the simulator's by-the-book choice."""
    si = rb.situation(situation)
    if si is None:
        raise KeyError(f"unknown situation {situation!r}")
    best = si.best
    reason = best.reason or si.seller_reason or request_reason(rb)
    if best.procedure == "ask_buyer":
        reason = request_reason(rb)
    # Any message, before or after the cancel, is a conversation with the buyer.
    talks = best.contact != ["none"]
    risks = dict(si.compliance_risks)
    for h in si.handlings:  # a procedure a page forbids here is named too, as a violation
        if h.procedure not in si.procedures and h.procedure not in risks:
            risks[h.procedure] = f"a violation here: {h.why}"
    return Recommendation(
        si.id, best.procedure, reason, talks, f"{si.label}: {best.label} ({best.why})", risks
    )


def answer_key(rb: Rulebook, situation: str) -> list[Handling]:
    """Every handling the rulebook lists for ``situation``, best first (stable within a grade)."""
    si = rb.situation(situation)
    if si is None:
        raise KeyError(f"unknown situation {situation!r}")
    return sorted(si.handlings, key=lambda h: grade_rank(h.grade))


def procedure_check(rb: Rulebook, situation: str, procedure: str) -> Decision:
    """Is ``procedure`` allowed for ``situation``, and is it a compliance risk (or a violation)?"""
    si = rb.situation(situation)
    rule = f"situations.{situation}"
    q = "procedure"
    if si is None:
        return Decision(False, rule, f"Unknown situation {situation!r}.", question=q, category="refused")

    def named(pid: str) -> str:
        p = rb.procedure(pid)
        return f"“{p.label}”" if p else repr(pid)

    if procedure not in si.procedures:
        allowed = ", ".join(named(p) for p in si.procedures)
        banned = next((h for h in si.handlings if h.procedure == procedure), None)
        if banned is not None:  # every handling of it is a violation: a page says not to
            return Decision(
                False,
                f"{rule}.handlings.{banned.id}",
                f"{named(procedure)} is a violation for {si.label.lower()}: {banned.why} ({banned.source}) "
                f"Allowed: {allowed}.",
                details={"compliance_risk": True, "grade": "violation"},
                question=q,
                category="violation",
            )
        return Decision(
            False,
            rule + ".handlings",
            f"{named(procedure)} is not a procedure for {si.label.lower()}; allowed: {allowed}.",
            question=q,
            category="refused",
        )
    mine = [h for h in si.handlings if h.procedure == procedure]
    top = min(mine, key=lambda h: grade_rank(h.grade))
    if procedure in si.compliance_risks:
        return Decision(
            True,
            f"{rule}.handlings.{top.id}",
            f"Allowed but a compliance risk: {si.compliance_risks[procedure]} ({top.source})",
            details={"compliance_risk": True, "grade": top.grade},
            question=q,
            category="compliance_risk",
        )
    return Decision(
        True,
        rule + ".handlings",
        f"{named(procedure)} is an allowed procedure for {si.label.lower()}.",
        details={"compliance_risk": False, "grade": top.grade},
        question=q,
        category="allowed",
    )
