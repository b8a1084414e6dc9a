"""Training exercises, carried by scenario files under `exercises:`.

An exercise is a task card, the order it uses, and the correct handling
according to the rulebook.  Owned by the training desk (issue 5).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rules.fields import Ident, Rate, Strict


class ExerciseOrder(Strict):
    status: Ident = "Unshipped"
    channel: Literal["MFN", "AFN"] = "MFN"
    situation: Ident | None = None
    special_request: Literal["gift_wrap", "customisation", "invoice"] | None = None
    items: int = Field(1, ge=1, le=20)
    buyer_replies: bool = True
    buyer_files_request: bool = True
    reply_after_hours: float = Field(4.0, ge=0, le=240)
    buyer_message: str = ""


class CorrectHandling(Strict):
    procedure: Ident
    reason: Ident | None = None
    contact_first: bool = True
    note: str = ""


class Exercise(Strict):
    id: Ident
    title: str
    card: str = Field(min_length=10, description="The task card the trainee reads.")
    order: ExerciseOrder
    correct: CorrectHandling
    traps: list[Ident] = []
    pass_score: Rate = 0.7
