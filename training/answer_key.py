"""An exercise's answer key, derived from the rulebook, and what a trainee's steps amount to.

The key is the situation's graded handlings (:func:`rules.answer_key`), narrowed by the
exercise (``key.regrade`` only lowers a grade; ``key.expect`` names the handling the card
teaches).  :func:`attempt_of` reads the desk's step log; :func:`match` finds the handling
the attempt followed.  The grader (``training.grader``) scores the match.
"""

from __future__ import annotations

from dataclasses import dataclass

from formats.exercise import Exercise
from formats.rulebook import Handling, Rulebook, Situation
from rules import answer_key, grade_rank
from rules.handlings import HandlingPath, Match, match_path

# The desk actions that finish an order, and the procedure each one shows (ask_buyer: see below).
FINISHING = {
    "cancel": "seller_cancel",
    "cancel_items": "cancel_items",
    "adjust": "ship_then_adjust",
    "refund": "refund_now",
    "confirm_shipment": "fulfil_anyway",
}
# Message purposes that finish a handling by themselves, or change the procedure a finish shows.
ASK = "request_cancellation"
RETURN = "return_request"
REFER = "refer_customer_service"


def exercise_situation(rb: Rulebook, ex: Exercise) -> Situation:
    """The exercise's situation (an exercise that passed its check states a rulebook one)."""
    si = rb.situation(ex.order.situation) if ex.order.situation else None
    if si is None:
        raise KeyError(f"unknown situation {ex.order.situation!r}")
    return si


def exercise_key(rb: Rulebook, ex: Exercise) -> list[Handling]:
    """The rulebook's handlings for the exercise's situation, with the exercise's lower grades."""
    return [
        h.model_copy(update={"grade": ex.key.regrade[h.id]}) if h.id in ex.key.regrade else h
        for h in answer_key(rb, exercise_situation(rb, ex).id)
    ]


def expected(rb: Rulebook, ex: Exercise) -> Handling:
    """The handling the exercise's card teaches (``key.expect``, else the first best one)."""
    key = exercise_key(rb, ex)
    return next((h for h in key if h.id == ex.key.expect), key[0])


@dataclass(frozen=True)
class Attempt:
    """What the trainee's steps on the exercise's order amount to."""

    procedure: str  # a rulebook procedure id, or "none"
    reason: str | None
    contact: str  # first | after | none
    official_request: bool  # the request was there when the order was cancelled
    asked: bool  # a message asked the buyer to file the request
    finish: dict | None  # the step that finished the order
    opened: bool
    memo: str = ""  # the Seller memo written on the finishing cancel ("" when none)

    @property
    def path(self) -> HandlingPath:
        """What the steps amount to, as the rules engine grades it."""
        return HandlingPath(self.procedure, self.reason, self.contact, self.official_request)


def attempt_of(steps: list[dict]) -> Attempt:
    ok = [s for s in steps if s["ok"]]
    at = next((i for i, s in enumerate(ok) if s["action"] == "adjust"), None)
    if at is None:
        at = next((i for i, s in enumerate(ok) if s["action"] in FINISHING), None)
    messages = [i for i, s in enumerate(ok) if s["action"] == "message_buyer"]
    purposes = [ok[i].get("purpose") for i in messages]
    if at is None:
        refer = REFER in purposes
        contact = "first" if messages else "none"
        proc = "refer_to_customer_service" if refer else "none"
        return Attempt(proc, None, contact, False, ASK in purposes, None, _opened(ok, len(ok)))
    finish = ok[at]
    before = [ok[i].get("purpose") for i in messages if i < at]
    contact = "first" if before else ("after" if messages else "none")
    requested = bool(finish.get("buyer_requested"))
    asked = ASK in before
    proc = FINISHING[finish["action"]]
    if proc == "seller_cancel" and asked and requested:
        proc = "ask_buyer"
    if proc == "refund_now" and RETURN in before:
        proc = "return_then_refund"
    memo = str(finish.get("memo") or "").strip()  # older stored steps may have no memo field
    return Attempt(proc, finish.get("reason"), contact, requested, asked, finish, _opened(ok, at), memo)


def _opened(ok: list[dict], until: int) -> bool:
    return any(s["action"] == "open_order" for s in ok[: until + 1])


def match(key: list[Handling], a: Attempt) -> Match:
    """The best-graded handling the attempt fits; else the nearest one and what differs."""
    return match_path(key, a.path)


def ask_grade(key: list[Handling]) -> Handling | None:
    """The handling that asks the buyer to file a request (how the rulebook grades asking)."""
    asks = [h for h in key if h.procedure == "ask_buyer"]
    return min(asks, key=lambda h: grade_rank(h.grade)) if asks else None


def out_of_reach(ex: Exercise, h: Handling) -> str | None:
    """Why ``h`` cannot be followed in this exercise, or None: the exercise's buyer decides.

    A handling that needs the official request (``official_request: true``, or asking the buyer,
    which is only ``ask_buyer`` once the request arrives) is out of reach when the exercise's buyer
    never files one; one that needs its absence, when the request is there from the start.
    """
    order = ex.order
    if (h.official_request or h.procedure == "ask_buyer") and not (
        order.official_request or order.buyer_files_request
    ):
        return "this exercise's buyer never files an official request (`buyer_files_request: false`)"
    if h.official_request is False and order.official_request:
        return "the official request is there from the start (`official_request: true`)"
    return None
