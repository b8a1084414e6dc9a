"""A trainer's steps file: the actions a trainee would take on an exercise's order.

`python -m training grade EXERCISE --steps FILE` replays these on a desk and
grades the result (docs/training-cli.md).  The schema knows only the shape of a
step; which actions, reasons and message purposes exist is the desk's and the
rulebook's to say, so the training layer passes them in as validation context
and :meth:`StepsFile.cross_check` reports unknown ones at their line, with a
did-you-mean.
"""

from __future__ import annotations

from pydantic import Field

from formats.exercise import CheckIssue
from formats.fields import Ident, Strict
from formats.rulebook import ref

# Which optional fields each action uses; any other field on that step is a mistake.
FIELDS_FOR = {
    "open_order": set(),
    "message_buyer": {"purpose", "text"},
    "wait": {"hours"},
    "cancel": {"reason", "memo"},
    "cancel_items": {"reason", "memo", "quantity"},
    "adjust": {"reason"},
    "refund": set(),
    "confirm_shipment": set(),
    "buyer_files_request": set(),  # not the trainee's: the buyer files a request unasked (a what-if)
}
REQUIRED_FOR = {
    "message_buyer": "purpose",
    "wait": "hours",
    "cancel": "reason",
    "cancel_items": "reason",
    "adjust": "reason",
}
OPTIONAL = ("reason", "memo", "purpose", "text", "hours", "quantity")


class Step(Strict):
    """One thing the trainee does on the exercise's order."""

    action: Ident = Field(
        description=(
            "open_order, message_buyer, wait, cancel, cancel_items, adjust, refund, confirm_shipment, "
            "buyer_files_request"
        )
    )
    reason: Ident | None = Field(None, description="cancel: the Reason for cancellation (rulebook id)")
    memo: str | None = Field(None, max_length=500, description="cancel: the Seller memo")
    purpose: Ident | None = Field(None, description="message_buyer: request_cancellation, inform or other")
    text: str | None = Field(
        None, min_length=1, max_length=4000, description="message_buyer: the text (default: the template)"
    )
    hours: float | None = Field(None, gt=0, description="wait: simulated hours to let pass")
    quantity: int | None = Field(
        None, ge=1, le=99, description="cancel_items: how many units of the missing item (default all of it)"
    )
    order: int | None = Field(
        None, ge=1, le=30, description="a shift's steps: the order's place in the queue (1 = first to arrive)"
    )


class StepsFile(Strict):
    exercise: Ident | None = Field(None, description="The exercise these steps are for (optional check).")
    description: str = Field("", max_length=2000, description="What this path shows, for the reader.")
    steps: list[Step] = Field(min_length=1, max_length=200)

    def cross_check(
        self,
        actions: list[str] | None = None,
        reasons: list[str] | None = None,
        purposes: list[str] | None = None,
        max_wait_hours: float | None = None,
        exercise: str | None = None,
        adjust_reasons: list[str] | None = None,
        **_: object,
    ) -> list[CheckIssue]:
        """Unknown actions, reasons and purposes, and fields that do not fit the step's action."""
        out: list[CheckIssue] = []
        if exercise and self.exercise and self.exercise != exercise:
            out.append(
                (
                    ("exercise",),
                    f"this steps file is for exercise {self.exercise!r}, not {exercise!r}",
                    "grade the exercise the file names, or change `exercise:`",
                )
            )
        for i, s in enumerate(self.steps):
            at = ("steps", i)
            if actions is not None and s.action not in actions:
                out += ref((*at, "action"), s.action, actions, "action")
                continue
            need = REQUIRED_FOR.get(s.action)
            if need and getattr(s, need) is None:
                choices = {"reason": reasons, "purpose": purposes}.get(need)
                if need == "reason" and s.action == "adjust" and adjust_reasons is not None:
                    choices = adjust_reasons
                hint = f"one of {', '.join(choices)}" if choices else "the simulated hours, e.g. `hours: 4`"
                out.append(((*at,), f"a {s.action} step needs `{need}:`", hint))
            allowed = FIELDS_FOR.get(s.action, set(OPTIONAL))
            for name in OPTIONAL:
                if getattr(s, name) is not None and name not in allowed:
                    uses = ", ".join(sorted(allowed)) or "no other keys"
                    out.append(
                        ((*at, name), f"`{name}` does not apply to {s.action}", f"{s.action} takes {uses}")
                    )
            # an adjustment has reasons of its own (CustomerCancel is not in the cancel dialog)
            known = adjust_reasons if s.action == "adjust" and adjust_reasons is not None else reasons
            if s.reason is not None and known is not None:
                out += ref((*at, "reason"), s.reason, known, "reason")
            if s.purpose is not None and purposes is not None:
                out += ref((*at, "purpose"), s.purpose, purposes, "message purpose")
            if s.hours is not None and max_wait_hours is not None and s.hours > max_wait_hours:
                out.append(
                    (
                        (*at, "hours"),
                        f"the desk lets at most {max_wait_hours:g} hours pass in one wait",
                        "split it into several wait steps",
                    )
                )
        return out
