"""Every acceptable handling of a situation, graded: the rulebook's answer key.

A situation lists its handlings (``situations[].handlings``), each with a grade, the
reason to use, when the buyer is contacted and the source.  The simulator asks
:func:`recommended_procedure` and :func:`procedure_check`; what a seller did with an
order (a :class:`HandlingPath`) is graded by :func:`grade_path`, for the desk's grader and
for the policy lab's compliance verdict alike.  Nothing else ranks handlings.
"""

from __future__ import annotations

from dataclasses import dataclass

from formats.rulebook import GRADES, Handling, Rulebook
from rules.engine import Decision, request_reason

# A path no handling of the situation fits exactly: the rulebook does not teach it.
UNLISTED = "unlisted"
GRADE_WORDS = {
    "best": "best",
    "acceptable": "acceptable",
    "compliance_risk": "a compliance risk",
    "violation": "a violation",
    UNLISTED: "not a handling the rulebook lists",
}
CONTACTS = ("first", "after", "none")


def grade_rank(grade: str) -> int:
    """0 for best, up to 3 for a violation; 4 for a path the rulebook does not list."""
    return GRADES.index(grade) if grade in GRADES else len(GRADES)


@dataclass(frozen=True)
class HandlingPath:
    """What was done with an order: the procedure, its reason, when the buyer heard, the request."""

    procedure: str
    reason: str | None = None
    contact: str = "none"  # first | after | none
    official_request: bool = False  # the buyer's official request was there when it was done


@dataclass(frozen=True)
class Match:
    handling: Handling | None  # the handling followed, or the nearest (None: nothing near)
    exact: bool  # False: the nearest handling, with what differs below
    wrong_reason: bool = False
    wrong_contact: bool = False

    @property
    def grade(self) -> str:
        """The path's grade: its handling's when it fits exactly, else :data:`UNLISTED`."""
        return self.handling.grade if self.exact and self.handling is not None else UNLISTED


def fits(h: Handling, path: HandlingPath, *, reason: bool = True, contact: bool = True) -> bool:
    if h.procedure != path.procedure:
        return False
    if h.official_request is not None and h.official_request != path.official_request:
        return False
    if reason and h.reason is not None and h.reason != path.reason:
        return False
    return not contact or path.contact in h.contact


def match_path(key: list[Handling], path: HandlingPath) -> Match:
    """The best-graded handling of ``key`` the path fits; else the nearest one and what differs."""
    rank = sorted(key, key=lambda h: grade_rank(h.grade))
    for kw, wrong in (
        ({}, {}),
        ({"contact": False}, {"wrong_contact": True}),
        ({"reason": False}, {"wrong_reason": True}),
        ({"reason": False, "contact": False}, {"wrong_reason": True, "wrong_contact": True}),
    ):
        h = next((h for h in rank if fits(h, path, **kw)), None)
        if h is not None:
            return Match(h, not wrong, **wrong)
    return Match(None, False)


def grade_path(rb: Rulebook, situation: str, path: HandlingPath) -> Match:
    """How the rulebook grades ``path`` for ``situation``: the one judgement of a handling."""
    return match_path(answer_key(rb, situation), path)


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
