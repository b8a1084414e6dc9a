"""Training exercises, carried by scenario files under `exercises:`.

An exercise is a task card, the order it uses, and the correct handling
according to the rulebook.  Owned by the training desk (issue 5).  The
rulebook-dependent checks (does this situation exist? is this a procedure?)
live in :func:`exercise_issues` so a scenario's ``cross_check`` can call it.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, Field, model_validator

from formats.fields import Ident, Rate, Strict, duplicates
from formats.rulebook import GRADES, CheckIssue, GradeName, Loc, ref

Trap = Literal[
    "cancel_pending",
    "contact_pending",
    "buyer_cancelled_without_request",
    "cancel_shipped",
    "cancel_without_contact",
    "compliance_risk",
    "violation",
]
TRAPS: tuple[str, ...] = get_args(Trap)


def _ordered(span: tuple[float, float]) -> tuple[float, float]:
    if span[0] > span[1]:
        raise ValueError(f"a range is [low, high]: {span[0]:g} is above {span[1]:g} (swap them)")
    return span


# A template value: a number, or a range [low, high] each attempt draws from (seeded).
Span = Annotated[tuple[float, float], AfterValidator(_ordered)]
IntSpan = Annotated[tuple[int, int], AfterValidator(_ordered)]


class ExerciseOrder(Strict):
    """The order the exercise uses: a template the desk draws each attempt's instance from.

    A number may be given as a range ``[low, high]``: each attempt (each seed) draws its own
    value, together with a Faker buyer, products and order time, so the order cannot be
    memorised.  The situation (and so the answer key) is never drawn.
    """

    status: Ident = "Unshipped"
    channel: Literal["MFN", "AFN"] = "MFN"
    situation: Ident | None = Field(None, description="The rulebook situation; an exercise must state it.")
    special_request: Literal["gift_wrap", "customisation", "invoice"] | None = None
    items: int | IntSpan = Field(1, description="Item lines, or a range [low, high] of them.")
    quantity: int | IntSpan = Field((1, 3), description="Units of each line, or a range.")
    hours_ago: float | Span = Field((0.2, 3), description="Hours since the order was placed, or a range.")
    buyer_replies: bool = True
    buyer_files_request: bool = True
    reply_after_hours: float | Span = Field(4.0, description="Hours the buyer takes to answer, or a range.")
    payment_hours: float | Span = Field(
        2.0, description="Pending orders: hours until payment is authorised (then Unshipped), or a range."
    )
    buyer_message: str | list[str] = Field(
        "", description="The buyer's first message, or several wordings (each attempt draws one)."
    )
    official_request: bool = Field(
        False,
        description="The buyer already filed the official request: it arrives as a message whose subject "
        "starts 'Order cancellation request from Amazon customer', and the order shows the banner.",
    )
    notes: str = Field("", max_length=2000, description="What the seller finds on opening the order.")

    @model_validator(mode="after")
    def _bounds(self) -> ExerciseOrder:
        """Every drawn value stays where the desk can use it (the same bounds as a plain number)."""
        limits = {"items": (1, 20), "quantity": (1, 20), "hours_ago": (0, 240), "reply_after_hours": (0, 240),
                  "payment_hours": (0, 240)}  # fmt: skip
        for name, (lo, hi) in limits.items():
            v = getattr(self, name)
            for x in v if isinstance(v, tuple) else (v,):
                if not lo <= x <= hi:
                    raise ValueError(f"{name}: {x:g} is outside {lo}..{hi}")
        msgs = self.buyer_message if isinstance(self.buyer_message, list) else [self.buyer_message]
        if any(len(m) > 2000 for m in msgs):
            raise ValueError("buyer_message: at most 2000 characters")
        return self


class ExerciseKey(Strict):
    """How the exercise narrows the rulebook's answer key; it may never contradict it.

    The key itself is the situation's graded handlings (``situations[].handlings``).  An
    exercise may name the handling its card leads to (``expect``, graded best or acceptable
    in the rulebook) and may lower a grade (``regrade``), never raise one.
    """

    expect: Ident | None = Field(None, description="The handling the card teaches; default the first best.")
    regrade: dict[Ident, GradeName] = Field(
        default_factory=dict, description="handling id -> a lower grade for this exercise only."
    )
    note: str = ""


class Exercise(Strict):
    id: Ident
    title: str = Field(min_length=3, max_length=120)
    card: str = Field(min_length=10, max_length=2000, description="The task card the trainee reads.")
    order: ExerciseOrder
    key: ExerciseKey = Field(default_factory=ExerciseKey)
    traps: list[Trap] = []
    pass_score: Rate = 0.8


def exercise_issues(exercises: list[Exercise], rb, prefix: Loc = ("exercises",)) -> list[CheckIssue]:
    """Duplicate ids and references to rulebook ids that do not exist."""
    out: list[CheckIssue] = []
    for i in duplicates([e.id for e in exercises]):
        out.append(((*prefix, i, "id"), f"duplicate exercise id {exercises[i].id!r}", "ids must be unique"))
    statuses = [s.id for s in rb.statuses]
    situations = [s.id for s in rb.situations]
    for i, ex in enumerate(exercises):
        at = (*prefix, i)
        out += ref((*at, "order", "status"), ex.order.status, statuses, "status")
        if ex.order.situation is None:
            out.append(
                ((*at, "order"), "an exercise states its situation", "add `situation:` (a rulebook id)")
            )
            continue
        out += ref((*at, "order", "situation"), ex.order.situation, situations, "situation")
        si = rb.situation(ex.order.situation)
        if si is None:
            continue
        grades = {h.id: h.grade for h in si.handlings}
        k = ex.key
        if k.expect is not None:
            out += ref((*at, "key", "expect"), k.expect, list(grades), "handling")
            if grades.get(k.expect) in ("compliance_risk", "violation"):
                out.append(
                    (
                        (*at, "key", "expect"),
                        f"the rulebook grades {k.expect!r} {grades[k.expect]}: an exercise cannot teach it",
                        "an exercise may narrow the rulebook's key, never contradict it; expect a best "
                        "or acceptable handling",
                    )
                )
        for hid, g in k.regrade.items():
            out += ref((*at, "key", "regrade", hid), hid, list(grades), "handling")
            if hid in grades and GRADES.index(g) < GRADES.index(grades[hid]):
                out.append(
                    (
                        (*at, "key", "regrade", hid),
                        f"raises {hid!r} from {grades[hid]} to {g}",
                        "an exercise may only lower a grade (narrow the key), never raise it",
                    )
                )
    return out
