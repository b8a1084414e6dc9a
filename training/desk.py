"""The seller desk: an in-memory Seller Central for one trainee.

Each action asks the rules engine first (:func:`rules.action_allowed`), so a
refused action (cancelling a Pending or Shipped order) is refused for the same
reason Seller Central would give, and is logged: the grader marks it down.
Simulated time moves only when the trainee waits; the buyer persona answers
after its own delay and may file an official cancellation request.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from formats.exercise import Exercise
from formats.rulebook import Rulebook
from rules import action_allowed, counts_toward_rate, next_status, status_when_paid, vocabulary
from training.buyer_inbox import BuyerInbox
from training.desk_record import Result, StepRecord, tracked_words
from training.feedback import feedback_rows
from training.journal import journaled
from training.messages import PURPOSES, REFERRAL, template
from training.orders import SPECIAL_REQUESTS, DeskOrder, Message, make_orders
from training.partial_cancels import PartialCancels
from training.seller_metrics import Background, snapshot

# Seller Central's wording (help item PNRJVBQMJRS942V); shown only once the official request exists.
BANNER = (
    "The buyer has requested that this order be cancelled. "
    "Cancelling this order will not affect your cancellation rate metric."
)
RESERVE_DAYS = 3  # background days kept after the desk's first day, so waiting can roll the window


class DeskKind(StrEnum):
    """What a desk is for; its value is the ``kind`` of the desk's recipe (``training.session``)."""

    EXERCISE = "exercise"  # one order, graded against the exercise's answer key
    SHIFT = "shift"  # a queue of orders on a moving clock, graded as a whole (training.shift)
    PRACTICE = "practice"  # every order, no grading, nothing saved


@dataclass
class Desk:
    """The orders and their status; the buyers' messages (``buyers``) and the partial cancels
    (``partial``) are parts of it that keep their own state."""

    rb: Rulebook
    orders: list[DeskOrder]
    background: Background
    start: datetime
    base_day: int
    exercise: Exercise | None = None
    clock: float = 0.0  # simulated hours since the desk opened
    steps: list[StepRecord] = field(default_factory=list)
    counted_days: list[int] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    started_at: datetime = field(default_factory=datetime.now)
    journal: list[dict] = field(default_factory=list)  # what the trainee did, replayable (training.journal)
    recipe: dict = field(default_factory=dict)  # how to build this desk again (training.session)
    buyers: BuyerInbox = field(init=False, repr=False, compare=False)
    partial: PartialCancels = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.buyers = BuyerInbox(self.rb, self.orders)
        self.partial = PartialCancels(self.rb)

    # -- construction ----------------------------------------------------------
    @classmethod
    def open(
        cls,
        rb: Rulebook,
        background: Background,
        exercises: list[Exercise],
        *,
        exercise_id: str | None = None,
        seed: int = 0,
        locale: str | None = None,  # None: the marketplace's own (the rulebook's storefront)
        n_background: int = 30,
    ) -> Desk:
        """A desk for one exercise (graded) or, with ``exercise_id=None``, free practice."""
        base_day = max(0, len(background.dates) - 1 - RESERVE_DAYS)
        start = datetime.fromisoformat(background.dates[base_day]) + timedelta(hours=9)
        chosen = None
        if exercise_id is not None:
            chosen = next((e for e in exercises if e.id == exercise_id), None)
            if chosen is None:
                raise KeyError(f"unknown exercise {exercise_id!r}")
        used = [chosen] if chosen else list(exercises)
        if chosen is not None:  # each exercise its own (still seed-stable) order, buyer and neighbours
            seed = seed * 100_003 + zlib.crc32(chosen.id.encode()) % 100_000
        orders = make_orders(rb, used, seed=seed, locale=locale, now=start, n_background=n_background)
        return cls(rb, orders, background, start, base_day, exercise=chosen)

    # -- look-ups --------------------------------------------------------------
    @property
    def now(self) -> datetime:
        return self.start + timedelta(hours=self.clock)

    @property
    def day(self) -> int:
        return self.base_day + int(self.clock // 24)

    @property
    def kind(self) -> DeskKind:
        """Exercise or free practice here; a :class:`training.shift.ShiftDesk` says ``SHIFT``."""
        return DeskKind.PRACTICE if self.exercise is None else DeskKind.EXERCISE

    @property
    def graded(self) -> bool:
        return self.kind is not DeskKind.PRACTICE

    def order(self, order_id: str) -> DeskOrder:
        for o in self.orders:
            if o.order_id == order_id:
                return o
        raise KeyError(f"no order {order_id!r} on this desk")

    @property
    def exercise_order(self) -> DeskOrder | None:
        if self.exercise is None:
            return None
        return next(o for o in self.orders if o.exercise_id == self.exercise.id)

    def search(self, text: str = "", status: str | None = None) -> list[DeskOrder]:
        """Manage Orders list: search by (part of) the order id, filter by status; newest first,
        as Seller Central sorts it (a shift's orders arrive after the list was drawn)."""
        text = text.strip()
        found = [
            o
            for o in self.orders
            if (not text or text in o.order_id) and (status in (None, "", "All") or o.status == status)
        ]
        return sorted(found, key=lambda o: o.purchase_date, reverse=True)

    def statuses(self) -> list[str]:
        return [s.id for s in self.rb.statuses if any(o.status == s.id for o in self.orders)]

    def reasons(self) -> list[tuple[str, str]]:
        """(id, label) of the reasons offered in the cancel dialog."""
        return [(r.id, r.label) for r in self.rb.reasons if r.in_dialog]

    def adjust_reasons(self) -> list[tuple[str, str]]:
        """(id, label) of the reasons an Order Adjustment of the unshipped remainder may give."""
        return vocabulary.action_reasons(self.rb, "adjust")

    def draft(self, order_id: str, purpose: str) -> str:
        o = self.order(order_id)
        request = SPECIAL_REQUESTS.get(o.special_request or "", "")
        return template(
            self.rb, purpose, o.situation, order_id=o.order_id, url=o.url, buyer=o.buyer_name, request=request
        )

    # -- actions ---------------------------------------------------------------
    def _log(self, o: DeskOrder, action: str, ok: bool, rule: str, detail: str, **kw) -> StepRecord:
        rec = StepRecord(round(self.clock, 2), o.order_id, action, ok, rule, detail, status=o.status, **kw)
        self.steps.append(rec)
        return rec

    def _allowed(self, o: DeskOrder, action: str):
        return action_allowed(self.rb, o.status, action, channel=o.channel)

    def _cancel_check(self, o: DeskOrder, action: str, reason: str):
        """What every cancel (whole order or items) checks first: ``(refusal, reason, counts)``.

        ``refusal`` is a Result when the status forbids ``action`` (logged, so it is graded)
        or the reason is not one the cancel page offers; else None with the reason and the
        engine's counts decision.
        """
        d = self._allowed(o, action)
        if not d.ok:
            self._log(o, action, False, d.rule, d.reason, reason=reason)
            return Result(False, d.reason, d.rule), None, None
        r = self.rb.reason(reason)
        if r is None or not r.in_dialog:
            known = ", ".join(label for _, label in self.reasons())
            return (
                Result(False, f"Pick a Reason for cancellation from the list ({known}).", "reasons"),
                None,
                None,
            )
        c = counts_toward_rate(
            self.rb, reason, buyer_requested=o.buyer_requested, seller_fulfilled=o.channel == "MFN"
        )
        return None, r, c

    @journaled
    def open_order(self, order_id: str) -> Result:
        o = self.order(order_id)
        d = self._allowed(o, "open_order")
        o.opened = True
        self._log(o, "open_order", d.ok, d.rule, d.reason)
        return Result(d.ok, d.reason, d.rule)

    @journaled
    def cancel(self, order_id: str, reason: str, memo: str = "") -> Result:
        o = self.order(order_id)
        refusal, r, c = self._cancel_check(o, "cancel", reason)
        if refusal is not None:
            return refusal
        o.status = next_status(self.rb, o.status, "cancel")
        o.cancel_reason, o.memo = reason, memo.strip()[:500]
        o.told_first = any(m.sender == "seller" for m in o.messages)
        if c.ok:
            self.counted_days.append(self.day)
        self._log(
            o,
            "cancel",
            True,
            c.rule,
            c.reason,
            reason=reason,
            buyer_requested=o.buyer_requested,
            counted=c.ok,
            memo=o.memo,
        )
        return Result(True, f"Order {o.order_id} cancelled ({r.label}). {c.reason}", c.rule)

    def inbox(self) -> list[tuple[DeskOrder, Message]]:
        """Buyer-Seller Messaging: every buyer message, newest first (official requests: their subject)."""
        return self.buyers.messages(self.clock)

    def buyer_wrote(self, order_id: str) -> bool:
        """The buyer has written about the order by now (Manage Orders marks its row)."""
        return any(m.sender == "buyer" and m.hour <= self.clock for m in self.order(order_id).messages)

    def shows_buyer(self, order_id: str) -> bool:
        """False for a Pending order: Manage Orders shows no name, address or contact details."""
        st = self.rb.status(self.order(order_id).status)
        return st is None or st.shows_buyer

    @journaled
    def message_buyer(self, order_id: str, purpose: str, text: str) -> Result:
        o = self.order(order_id)
        wrote = any(m.sender == "buyer" and m.hour <= self.clock for m in o.messages)
        d = vocabulary.contact_allowed(
            self.rb, o.status, buyer_wrote=wrote, referral=purpose == REFERRAL, channel=o.channel
        )
        if purpose not in PURPOSES:
            return Result(False, f"Unknown message purpose {purpose!r}.", "messages")
        if not d.ok:
            self._log(o, "message_buyer", False, d.rule, d.reason, purpose=purpose)
            return Result(False, d.reason, d.rule)
        text = text.strip()[:4000]
        if not text:
            return Result(False, "Write a message first.", "messages")
        self.buyers.send(o, self.clock, purpose, text)
        self._log(o, "message_buyer", True, d.rule, f"Message sent: {PURPOSES[purpose]}.", purpose=purpose)
        return Result(True, "Message sent. The buyer's answer, if any, comes after some hours: wait.", d.rule)

    @journaled
    def refund(self, order_id: str) -> Result:
        o = self.order(order_id)
        d = self._allowed(o, "refund")
        self._log(o, "refund", d.ok, d.rule, d.reason)
        if d.ok:
            o.refunded = True
            return Result(True, f"Order {o.order_id} refunded in full.", d.rule)
        return Result(False, d.reason, d.rule)

    @journaled
    def confirm_shipment(self, order_id: str, carrier: str = "", tracking: str = "") -> Result:
        """Confirm shipment, with the carrier and tracking ID of the form (the Valid Tracking Rate
        counts the shipments confirmed with one): recorded, never required."""
        o = self.order(order_id)
        carrier, tracking = carrier.strip()[:40], tracking.strip()[:40]
        if tracking and not carrier:
            return Result(False, "Pick the carrier of this tracking ID.", "confirm_shipment")
        d = self._allowed(o, "confirm_shipment")
        self._log(o, "confirm_shipment", d.ok, d.rule, d.reason, tracking=bool(tracking) if d.ok else None)
        if d.ok:
            o.carrier, o.tracking_id = carrier, tracking
            # the first confirm ships what there is (Partially Shipped); a second ships the rest too
            first = not o.shipped_by_trainee and len(o.items) > 1
            partial = first and vocabulary.desk_words(self.rb, o.situation).missing_line
            o.status = next_status(self.rb, o.status, "confirm_shipment", partial=partial)
            o.shipped_by_trainee = True
            if partial:
                # the out-of-stock remainder is never confirmed; titles quoted, as they hold commas
                ships = ", ".join(f"“{i.title}”" for i in o.items[:-1])
                what = (
                    f"the items that ship ({ships}); “{o.items[-1].title}” is out of stock and not confirmed"
                )
                said = f"Shipment confirmed for {o.order_id}: {what}."
            else:
                said = f"Shipment confirmed for {o.order_id}."
            return Result(True, said + tracked_words(self.rb, o), d.rule)
        return Result(False, d.reason, d.rule)

    @journaled
    def wait(self, hours: float, order_id: str | None = None) -> list[str]:
        """Let simulated time pass; returns what happened meanwhile."""
        hours = max(0.0, min(float(hours), 24.0 * RESERVE_DAYS))
        happened = self._pass_time(hours)
        self._log_wait(hours, order_id, f"Waited {hours:g} h. " + (" ".join(happened) or "Nothing new."))
        return happened

    def _log_wait(self, hours: float, order_id: str | None, detail: str) -> None:
        """On an exercise, waiting is waiting for the buyer's request on its order."""
        target = self.order(order_id) if order_id else (self.exercise_order or self.orders[0])
        self._log(target, "wait_for_request", True, "actions.wait_for_request", detail,
                  buyer_requested=target.buyer_requested)  # fmt: skip

    def _pass_time(self, hours: float) -> list[str]:
        """Move the clock: payments are authorised, buyers answer.  Returns what happened."""
        self.clock += hours
        happened = []
        for o in self.orders:
            paid = status_when_paid(self.rb, o.status)
            if paid is not None and self.clock >= o.payment_hours:
                o.status = paid
                happened.append(f"{o.order_id}: payment authorised, the order is now {paid}.")
            happened += self.buyers.answer_if_due(o, self.clock)
        self.events += happened
        return happened

    @journaled
    def buyer_files_request(self, order_id: str) -> Result:
        """The buyer files an official request now, unasked (:meth:`BuyerInbox.request_now`)."""
        r, happened = self.buyers.request_now(self.order(order_id), self.clock)
        self.events += happened
        return r

    # -- partial cancels ------------------------------------------------------
    @journaled
    def cancel_items(
        self, order_id: str, reason: str, quantity: int | None = None, memo: str = "", sku: str | None = None
    ) -> Result:
        """Cancel order > Cancel items: ``quantity`` units of the line ``sku`` (default the last
        line, the missing one)."""
        o = self.order(order_id)
        refusal, r, c = self._cancel_check(o, "cancel_items", reason)
        if refusal is not None:
            return refusal
        title, qty = self.partial.cancel_items(o, quantity, memo, sku)
        if c.ok:  # an item cancel counts toward the rate like a whole one (200285210)
            self.counted_days.append(self.day)
        kw = {"reason": reason, "buyer_requested": o.buyer_requested, "counted": c.ok, "memo": o.memo}
        self._log(o, "cancel_items", True, c.rule, c.reason, **kw)
        msg = f"Cancelled {qty} x {title} on {o.order_id} ({r.label}); the rest stays. {c.reason}"
        return Result(True, msg, c.rule)

    @journaled
    def adjust(self, order_id: str, reason: str) -> Result:
        """Refund the unshipped remainder with an Order Adjustment (NoInventory or CustomerCancel)."""
        o = self.order(order_id)
        d = self._allowed(o, "adjust")
        if not d.ok:
            self._log(o, "adjust", False, d.rule, d.reason, reason=reason)
            return Result(False, d.reason, d.rule)
        allowed = dict(self.adjust_reasons())
        done = self.partial.adjust(o, reason) if reason in allowed else None
        if done is None:
            known = ", ".join(allowed.values())
            return Result(False, f"Pick the adjustment's reason from the list ({known}).", "reasons")
        r, c = done
        if c.ok:
            self.counted_days.append(self.day)
        what = f"Unshipped remainder refunded with an adjustment ({r.label}). {c.reason}"
        self._log(o, "adjust", True, d.rule, what, reason=reason, counted=c.ok)
        return Result(
            True, f"The unshipped remainder of {o.order_id} is refunded ({r.label}). {c.reason}", d.rule
        )

    # -- what the account sees -----------------------------------------------
    def feedback(self) -> list[dict]:
        """Feedback risk of every handled order, and why (assumptions labelled)."""
        return feedback_rows(self.rb, self.orders)

    def account(self) -> dict:
        fb = self.feedback()
        return snapshot(
            self.rb,
            self.background,
            day=self.day,
            desk_counted_days=self.counted_days,
            expected_feedback=sum(r["risk"] for r in fb),
            handled_orders=len(fb),
            feedback_assumption=any(r["assumption"] for r in fb),
        )

    def banner(self, order_id: str) -> str | None:
        """Seller Central's banner above an order whose buyer filed an official request (its own words)."""
        o = self.order(order_id)
        if not o.buyer_requested or o.status == vocabulary.cancelled_status(self.rb):
            return None
        return BANNER
