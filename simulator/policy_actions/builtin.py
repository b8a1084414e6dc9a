"""The actions a policy can take: seller cancel, cancel items, ship then adjust, ask the buyer,
ship anyway, leave unshipped, by the book.

Each is one subclass registered with :func:`~simulator.policy_actions.base.register`;
the order of the classes here is the order of the lab's menus.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from formats.policy import (
    AskBuyer,
    ByTheBook,
    CancelItems,
    FulfilAnyway,
    LeaveUnshipped,
    SellerCancel,
    ShipThenAdjust,
)
from formats.rulebook import Rulebook
from rules import engine, handlings, vocabulary
from rules.handlings import HandlingPath
from simulator.engine.outcome import SituationPlan, outcome
from simulator.policy_actions.base import (
    ACTIONS,
    DEFAULT_ACTION,
    HONEST_REASON,
    EditorValues,
    Evidence,
    PolicyAction,
    action_for_procedure,
    action_of,
    checked,
    register,
)


def _reason_label(rb: Rulebook, reason: str) -> str:
    r = rb.reason(reason)
    return r.label if r else reason


def _buyer_wrote(rb: Rulebook, situation: str) -> bool:
    return vocabulary.buyer_starts(rb, situation)  # the buyer started the conversation


def _cancel_paths(action: PolicyAction, rb, situation, spec) -> list[tuple[HandlingPath, ...]]:
    """A cancel (whole, items or the rest) with its reason; "contact the buyer" is before or after."""
    assert action.procedure is not None  # only actions that are procedures cancel
    reason = spec.reason or rb.situation(situation).seller_reason
    contacts = ("first", "after") if spec.contact_first else ("none",)
    return [tuple(HandlingPath(action.procedure, reason, c) for c in contacts)]


@register
class ByTheBookAction(PolicyAction):
    id, model = DEFAULT_ACTION, ByTheBook
    label = "Follow the rulebook's recommendation"
    fields = ("wait_hours",)
    menu = "first"

    def resolve(self, rb, situation, spec):
        rec = handlings.recommended_procedure(rb, situation)
        act = action_for_procedure(rec.procedure) or ACTIONS["seller_cancel"]
        return act.by_the_book(rb, situation, rec, spec.wait_hours)

    def values(self, spec):
        return EditorValues(self.id, wait_hours=spec.wait_hours)

    def spec(self, values):
        return {"action": self.id, "wait_hours": float(values.wait_hours)}


@register
class SellerCancelAction(PolicyAction):
    id = "seller_cancel"
    model: ClassVar[type] = SellerCancel  # not narrowed: Cancel items inherits it with its own model
    label = fallback_label = "Seller cancels"
    procedure = "seller_cancel"
    evidence = Evidence("cancel", rank=20)
    fields = ("reason", "contact_first")

    def by_the_book(self, rb, situation, rec, wait_hours):
        # self.model: Cancel items inherits this with its own model
        return self.model(action=self.id, reason=rec.reason, contact_first=rec.contact_first)

    def terminal(self, rb, situation, spec, *, asked):
        if not engine.action_allowed(rb, vocabulary.awaiting_status(rb), "cancel"):
            return outcome(rb, "auto_cancel", "Could not be cancelled; Amazon cancelled it")
        reason = spec.reason or rb.situation(situation).seller_reason
        contact = asked or spec.contact_first or _buyer_wrote(rb, situation)
        r = rb.reason(reason)
        label = f"Seller cancelled with {r.label if r else reason}" + (
            " after contacting the buyer" if contact else " without contacting the buyer"
        )
        return outcome(
            rb, "seller_cancel", label, contacted=contact, reason_code=reason, conversation=contact
        )

    def paths(self, rb, situation, spec):
        return _cancel_paths(self, rb, situation, spec)

    def values(self, spec):
        return EditorValues(self.id, spec.reason or HONEST_REASON, spec.contact_first)

    def spec(self, values):
        out: dict = {"action": self.id, "contact_first": bool(values.contact_first)}
        if values.reason:
            out["reason"] = values.reason
        return out


@register
class CancelItemsAction(SellerCancelAction):
    """*Cancel items* on a multi-item order (200198080): the item cancel counts like a whole one."""

    id, model = "cancel_items", CancelItems
    label = "Cancel only the missing items"
    fallback_label = ""
    procedure = "cancel_items"
    evidence = Evidence("cancel_items", rank=19)

    def terminal(self, rb, situation, spec, *, asked):
        out = super().terminal(rb, situation, spec, asked=asked)
        return replace(
            out, label=out.label.replace("Seller cancelled", "Seller cancelled the missing items", 1)
        )


@register
class ShipThenAdjustAction(PolicyAction):
    """A partly shipped order (200198080): ship-confirm what can ship, refund the rest with an Order
    Adjustment.  Part of the order ships (so it can ship late); whether the adjustment counts
    toward the rate is the engine's answer (:func:`rules.engine.adjustment_counts`, an assumption).
    """

    id, model = "ship_then_adjust", ShipThenAdjust
    label = "Ship what can ship, adjust the rest"
    procedure = "ship_then_adjust"
    evidence = Evidence("adjust", rank=18)
    fields = ("reason", "contact_first")

    def by_the_book(self, rb, situation, rec, wait_hours):
        return ShipThenAdjust(action=self.id, reason=rec.reason, contact_first=rec.contact_first)

    def terminal(self, rb, situation, spec, *, asked):
        si = rb.situation(situation)
        if not engine.action_allowed(rb, si.status, "adjust"):
            return outcome(rb, "auto_cancel", "Could not be adjusted; Amazon cancelled it")
        reason = spec.reason or si.seller_reason
        contact = asked or spec.contact_first
        label = (
            f"Shipped what could ship; refunded the rest with an adjustment ({_reason_label(rb, reason)})"
            + (" and told the buyer" if contact else " without telling the buyer")
        )
        return outcome(
            rb,
            "seller_cancel",
            label,
            contacted=contact,
            reason_code=reason,
            conversation=contact,
            ships=True,
            adjustment=True,
        )

    def paths(self, rb, situation, spec):
        return _cancel_paths(self, rb, situation, spec)

    def values(self, spec):
        return EditorValues(self.id, spec.reason or HONEST_REASON, spec.contact_first)

    def spec(self, values):
        out: dict = {"action": self.id, "contact_first": bool(values.contact_first)}
        if values.reason:
            out["reason"] = values.reason
        return out


@register
class AskBuyerAction(PolicyAction):
    id, model = "ask_buyer", AskBuyer
    label = "Ask the buyer to request cancellation"
    procedure = "ask_buyer"
    evidence = Evidence("message_buyer", purpose="request_cancellation", rank=10, risk_fails=True)
    fields = ("wait_hours", "fallback")

    def by_the_book(self, rb, situation, rec, wait_hours):
        si = rb.situation(situation)
        fb = SellerCancel(action="seller_cancel", reason=si.seller_reason, contact_first=True)
        return AskBuyer(action=self.id, wait_hours=wait_hours, fallback=fb)

    def plan(self, rb, situation, spec, deadline_hours, notes, risk):
        acting = vocabulary.awaiting_status(rb)
        can_request = engine.action_allowed(rb, acting, "request_cancellation", "buyer").ok
        code = engine.request_reason(rb)
        filed = outcome(
            rb,
            "buyer_request",
            f"Buyer filed the official request; seller cancelled with {_reason_label(rb, code)}",
            reason_code=code,
            conversation=True,
        )
        if spec.wait_hours >= deadline_hours:
            notes.append(
                f"Waiting {spec.wait_hours:g} h runs past the {deadline_hours:g} h auto-cancel deadline: "
                "orders without a request are cancelled by Amazon."
            )
            other = ACTIONS["auto_cancel"].terminal(rb, situation, None, asked=True)
        else:
            fallback, fb_risk = checked(rb, situation, spec.fallback, notes, fallback=True)
            risk = risk or fb_risk
            other = action_of(fallback).terminal(rb, situation, fallback, asked=True)
            ship_by = deadline_hours - engine.auto_cancel_hours(rb)  # the estimated ship date, in hours
            if other.fee and spec.wait_hours > ship_by:  # cancelled after the ship date: the higher fee
                other = replace(
                    other, fee_multiple=engine.cancellation_fee_multiple(rb, after_ship_date=True)
                )
        filed_or_none = filed if can_request else None
        return SituationPlan(
            situation, self.id, can_request, spec.wait_hours, filed_or_none, other, notes, risk
        )

    def as_fallback(self, spec):
        return spec.fallback  # the book asks the buyer: its own fallback is what happens without a request

    def paths(self, rb, situation, spec):
        filed = (HandlingPath(self.procedure, engine.request_reason(rb), "first", official_request=True),)
        fb = spec.fallback  # no request came: the fallback, after the message that asked
        after_asking = [
            tuple(dict.fromkeys(replace(p, contact="first") for p in alts))
            for alts in action_of(fb).paths(rb, situation, fb)
        ]
        return [filed, *after_asking]

    def enabled_fields(self, values):
        fallback = ACTIONS.get(values.fallback)
        return super().enabled_fields(values) | (set(fallback.fields) if fallback else set())

    def values(self, spec):
        fb = spec.fallback
        inner = action_of(fb).values(fb)
        return EditorValues(self.id, inner.reason, inner.contact_first, spec.wait_hours, fb.action)

    def spec(self, values):
        fallback = ACTIONS[values.fallback].spec(values)
        return {"action": self.id, "wait_hours": float(values.wait_hours), "fallback": fallback}


@register
class FulfilAnywayAction(PolicyAction):
    id, model = "fulfil_anyway", FulfilAnyway
    label = fallback_label = "Ship anyway"
    procedure = "fulfil_anyway"
    evidence = Evidence("confirm_shipment", rank=40)

    def by_the_book(self, rb, situation, rec, wait_hours):
        return FulfilAnyway(action=self.id)

    def terminal(self, rb, situation, spec, *, asked):
        fb = engine.feedback_outcome(rb, "fulfilled", situation=situation)
        label = "Shipped anyway" if fb == "fulfilled" else rb.outcome(fb).label
        talk = asked or _buyer_wrote(rb, situation)
        return outcome(rb, "fulfilled", label, situation=situation, ships=True, conversation=talk)


@register
class LeaveUnshippedAction(PolicyAction):
    id, model = "auto_cancel", LeaveUnshipped
    label = "Leave unshipped (Amazon auto-cancels)"
    fallback_label = "Leave unshipped"
    note = "No action: Amazon cancels the order automatically after its deadline."
    menu = "last"

    def terminal(self, rb, situation, spec, *, asked):
        return outcome(rb, "auto_cancel", "Left unshipped; Amazon cancelled it automatically")
