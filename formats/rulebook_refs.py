"""A rulebook's references: every id it names must exist, and each id once (Rulebook.cross_check)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from formats.fields import duplicates
from formats.suggestions import did_you_mean

if TYPE_CHECKING:  # the model module imports this one
    from formats.rulebook import Rulebook

Loc = tuple[str | int, ...]
CheckIssue = tuple[Loc, str, str]


def reference_issues(rb: Rulebook) -> list[CheckIssue]:
    """Duplicate ids and dangling references, with the key path of each."""
    out: list[CheckIssue] = []
    groups = {
        "actions": [a.id for a in rb.actions],
        "statuses": [s.id for s in rb.statuses],
        "reasons": [r.id for r in rb.reasons],
        "situations": [s.id for s in rb.situations],
        "procedures": [p.id for p in rb.procedures],
    }
    for name, ids in groups.items():
        for i in duplicates(ids):
            out.append(((name, i, "id"), f"duplicate id {ids[i]!r}", "ids must be unique"))
    for i in duplicates([o.id for o in rb.feedback.outcomes]):
        out.append((("feedback", "outcomes", i, "id"), "duplicate id", "outcome ids must be unique"))
    actions, reasons, procs = groups["actions"], groups["reasons"], groups["procedures"]
    statuses = groups["statuses"]
    for i, a in enumerate(rb.actions):
        if a.result_status is not None:
            out += ref(("actions", i, "result_status"), a.result_status, statuses, "status")
        if a.partial_result_status is not None:
            out += ref(("actions", i, "partial_result_status"), a.partial_result_status, statuses, "status")
        for j, name in enumerate(a.reasons):
            out += ref(("actions", i, "reasons", j), name, reasons, "reason")
    if "buyer_request_reason" in rb.model_fields_set:  # the default is checked only where named
        out += ref(("buyer_request_reason", "reason"), rb.buyer_request_reason.reason, reasons, "reason")
    outcomes = [o.id for o in rb.feedback.outcomes]
    for i, st in enumerate(rb.statuses):
        if st.when_paid is not None:
            out += ref(("statuses", i, "when_paid"), st.when_paid, statuses, "status")
        for j, name in enumerate(st.seller_actions):
            out += ref(("statuses", i, "seller_actions", j), name, actions, "action")
        for j, name in enumerate(st.buyer_actions):
            out += ref(("statuses", i, "buyer_actions", j), name, actions, "action")
    for i, si in enumerate(rb.situations):
        out += ref(("situations", i, "status"), si.status, statuses, "status")
        if si.seller_reason is not None:
            out += ref(("situations", i, "seller_reason"), si.seller_reason, reasons, "reason")
        if si.shipped_outcome is not None:
            out += ref(("situations", i, "shipped_outcome"), si.shipped_outcome, outcomes, "outcome")
        for j in duplicates([h.id for h in si.handlings]):
            out.append(
                (("situations", i, "handlings", j, "id"), "duplicate handling id", "ids must be unique")
            )
        for j, h in enumerate(si.handlings):
            out += ref(("situations", i, "handlings", j, "procedure"), h.procedure, procs, "procedure")
            if h.memo_required and not rb._cancels(h.procedure):
                out.append(
                    (
                        ("situations", i, "handlings", j, "memo"),
                        f"procedure {h.procedure!r} has no cancel step: no Seller memo to ask for",
                        "ask for a memo on a handling whose procedure cancels (cancel or cancel_items)",
                    )
                )
            if h.reason is not None:
                out += ref(("situations", i, "handlings", j, "reason"), h.reason, reasons, "reason")
        if not any(h.grade == "best" for h in si.handlings):
            out.append(
                (
                    ("situations", i, "handlings"),
                    "no handling is graded best",
                    "grade one handling `best`",
                )
            )
    for i, pr in enumerate(rb.procedures):
        for j, step in enumerate(pr.steps):
            out += ref(("procedures", i, "steps", j, "action"), step.action, actions, "action")
            if step.reason is not None and step.reason != "situation":
                out += ref(("procedures", i, "steps", j, "reason"), step.reason, reasons, "reason")
    return out
    for i, mix in enumerate(rb.desk_mix):
        out += ref(("desk_mix", i, "status"), mix.status, statuses, "status")
    if rb.calibration is not None:
        out += ref(
            ("calibration", "counted_situation"),
            rb.calibration.counted_situation,
            groups["situations"],
            "situation",
        )
    return out


def ref(loc: Loc, value: str, known: list[str], what: str) -> list[CheckIssue]:
    """An issue when ``value`` is not one of ``known``, with a did-you-mean hint."""
    if value in known:
        return []
    hint = did_you_mean(value, known, f"known {what}s: {', '.join(known)}", substring=True)
    return [(loc, f"unknown {what} {value!r}", hint)]
