"""Training exercises, carried by scenario files under `exercises:`.

An exercise is a task card, the order it uses, and the correct handling
according to the rulebook.  Owned by the training desk (issue 5).  The
rulebook-dependent checks (does this situation exist? is this a procedure?)
live in :func:`exercise_issues` so a scenario's ``cross_check`` can call it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from formats.fields import Ident, Rate, Strict, duplicates
from formats.rulebook import CheckIssue, Loc, ref

Trap = Literal[
    "cancel_pending",
    "buyer_cancelled_without_request",
    "cancel_shipped",
    "cancel_without_contact",
    "compliance_risk",
]
TRAPS: tuple[str, ...] = Trap.__args__


class ExerciseOrder(Strict):
    """The order the exercise uses; the desk materialises it with Faker."""

    status: Ident = "Unshipped"
    channel: Literal["MFN", "AFN"] = "MFN"
    situation: Ident | None = None
    special_request: Literal["gift_wrap", "customisation", "invoice"] | None = None
    items: int = Field(1, ge=1, le=20)
    buyer_replies: bool = True
    buyer_files_request: bool = True
    reply_after_hours: float = Field(4.0, ge=0, le=240)
    payment_hours: float = Field(
        2.0, ge=0, le=240, description="Pending orders: hours until payment is authorised (then Unshipped)."
    )
    buyer_message: str = Field("", max_length=2000)
    notes: str = Field("", max_length=2000, description="What the seller finds on opening the order.")


class ExerciseStep(Strict):
    """One step of a handling that the rulebook has no procedure for (e.g. refund a shipped order)."""

    id: Ident
    action: Ident
    label: str
    required: bool = True
    reason: Ident | None = None
    why: str = ""


class CorrectHandling(Strict):
    """Either a rulebook procedure id, or explicit steps when the rulebook has none."""

    procedure: Ident | None = None
    steps: list[ExerciseStep] = []
    reason: Ident | None = None
    contact_first: bool = True
    note: str = ""

    @model_validator(mode="after")
    def _one_of(self) -> CorrectHandling:
        if (self.procedure is None) == (not self.steps):
            raise ValueError("give either `procedure:` (a rulebook procedure id) or `steps:`, not both")
        return self


class Exercise(Strict):
    id: Ident
    title: str = Field(min_length=3, max_length=120)
    card: str = Field(min_length=10, max_length=2000, description="The task card the trainee reads.")
    order: ExerciseOrder
    correct: CorrectHandling
    traps: list[Trap] = []
    pass_score: Rate = 0.8


def exercise_issues(exercises: list[Exercise], rb, prefix: Loc = ("exercises",)) -> list[CheckIssue]:
    """Duplicate ids and references to rulebook ids that do not exist."""
    out: list[CheckIssue] = []
    for i in duplicates([e.id for e in exercises]):
        out.append(((*prefix, i, "id"), f"duplicate exercise id {exercises[i].id!r}", "ids must be unique"))
    statuses = [s.id for s in rb.statuses]
    situations = [s.id for s in rb.situations]
    procedures = [p.id for p in rb.procedures]
    reasons = [r.id for r in rb.reasons]
    actions = [a.id for a in rb.actions]
    for i, ex in enumerate(exercises):
        at = (*prefix, i)
        out += ref((*at, "order", "status"), ex.order.status, statuses, "status")
        if ex.order.situation is not None:
            out += ref((*at, "order", "situation"), ex.order.situation, situations, "situation")
        c = ex.correct
        if c.procedure is not None:
            out += ref((*at, "correct", "procedure"), c.procedure, procedures, "procedure")
        if c.reason is not None:
            out += ref((*at, "correct", "reason"), c.reason, reasons, "reason")
        for j, st in enumerate(c.steps):
            out += ref((*at, "correct", "steps", j, "action"), st.action, actions, "action")
            if st.reason is not None:
                out += ref((*at, "correct", "steps", j, "reason"), st.reason, reasons, "reason")
    return out
