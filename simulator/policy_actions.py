"""Policy actions, each defined once: what it does, how it is graded, how it is edited, its words.

A policy (``formats.policy``) tells the seller, per situation, to take one action.
Each action is one :class:`PolicyAction` object in :data:`ACTIONS`, found by the
``action:`` id of a policy file.  The simulator's plan, the desk's grader and the
policy lab ask this registry; none of them switches on action ids.

Extension points (the hooks a subclass fills in, the way SimPy's ``BaseResource``
documents its own):

Words and identity
    :attr:`PolicyAction.id`
        the ``action:`` value in a policy file; :attr:`PolicyAction.model` is its
        file shape, a class in ``formats.policy`` (the schema layer cannot import
        this module, so the shape lives there).
    :attr:`PolicyAction.label`, :attr:`PolicyAction.fallback_label`
        what the lab's menus say; an empty ``fallback_label`` means the action
        cannot be the fallback of :class:`AskBuyerAction`.
    :attr:`PolicyAction.note`
        a sentence added to the plan's notes whenever the action is used.

Effect in the simulation
    :attr:`PolicyAction.procedure`
        the rulebook procedure the action amounts to; the engine's
        ``procedure_check`` decides whether it is allowed for a situation and
        whether it is a compliance risk.  ``None``: not a procedure, never checked.
    :meth:`PolicyAction.resolve`
        turn a spec into a concrete action (by the book asks the engine).
    :meth:`PolicyAction.by_the_book`
        the spec of this action when the rulebook recommends its procedure.
    :meth:`PolicyAction.terminal`
        the :class:`~simulator.engine.outcome.Outcome` of an order this action
        finishes; :meth:`PolicyAction.plan` builds the situation's plan from it
        (override ``plan`` for an action with two branches, like asking the buyer).

Grading
    :attr:`PolicyAction.evidence`
        an :class:`Evidence`: the desk step that shows a trainee took the action,
        its rank when a trainee did several things, and whether a compliance risk
        of its procedure fails the attempt.  ``None``: the desk cannot show it.

Editing in the lab
    :attr:`PolicyAction.fields`
        the editor fields (:data:`EDITOR_FIELDS`) the action uses; the others are
        shown disabled.  :meth:`PolicyAction.enabled_fields` may add more.
    :attr:`PolicyAction.menu`
        where the Action menu lists it: ``first``, in the ``situation``'s order of
        procedures (only where the rulebook allows the procedure), or ``last``.
    :meth:`PolicyAction.values` / :meth:`PolicyAction.spec`
        a spec as :class:`EditorValues`, and back to a policy-file mapping.

Adding an action: write its file shape in ``formats.policy``, a subclass here
registered in :data:`ACTIONS`, and its test in ``tests/simulator/test_policy_actions.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from formats.policy import (
    DEFAULT_WAIT_HOURS,
    AskBuyer,
    ByTheBook,
    FulfilAnyway,
    LeaveUnshipped,
    SellerCancel,
)
from formats.rulebook import Rulebook, Situation
from rules import engine
from simulator.engine.outcome import ACTING_STATUS, Outcome, SituationPlan, outcome

HONEST_REASON = ""  # an empty reason: the situation's own reason from the rulebook


@dataclass(frozen=True)
class EditorValues:
    """What the lab's widgets hold for one situation (the union of every action's fields)."""

    action: str = "recommended"
    reason: str = HONEST_REASON
    contact_first: bool = True
    wait_hours: float = DEFAULT_WAIT_HOURS
    fallback: str = "seller_cancel"


@dataclass(frozen=True)
class EditorField:
    """One widget of the per-situation editor, described without any screen library."""

    key: str  # suffix of the widget's session key
    attr: str  # the EditorValues attribute it edits
    label: str
    widget: Literal["select", "number", "checkbox"]
    column: int = 0
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None


EDITOR_FIELDS = (
    EditorField("action", "action", "Action", "select", 0),
    EditorField("reason", "reason", "Reason for cancellation", "select", 1),
    EditorField("wait", "wait_hours", "Hours to wait for the buyer", "number", 0, 1.0, 720.0, 6.0),
    EditorField("fallback", "fallback", "If no request arrives", "select", 1),
    EditorField("contact", "contact_first", "Contact the buyer first", "checkbox", 0),
)


@dataclass(frozen=True)
class Evidence:
    """The trainee step that shows an action was taken (a step dict as the desk logs it)."""

    step: str  # the desk action (rulebook action id)
    purpose: str | None = None  # a message must have had this purpose
    rank: int = 50  # the lowest rank shown by the steps is what the trainee did
    risk_fails: bool = False  # a compliance risk of the procedure is a trap, not only a note

    def shown_by(self, steps: list[dict]) -> bool:
        return any(
            s["ok"]
            and s["action"] == self.step
            and (self.purpose is None or s.get("purpose") == self.purpose)
            for s in steps
        )


class PolicyAction:
    """Base class of a policy action; see the module docstring for the hooks."""

    id: ClassVar[str]
    model: ClassVar[type]
    label: ClassVar[str]
    fallback_label: ClassVar[str] = ""
    note: ClassVar[str] = ""
    procedure: ClassVar[str | None] = None
    evidence: ClassVar[Evidence | None] = None
    fields: ClassVar[tuple[str, ...]] = ()
    menu: ClassVar[Literal["first", "situation", "last"]] = "situation"

    # -- simulation ----------------------------------------------------------
    def resolve(self, rb: Rulebook, situation: str, spec: Any) -> Any:
        return spec

    def by_the_book(self, rb: Rulebook, situation: str, rec: engine.Recommendation, wait_hours: float) -> Any:
        raise NotImplementedError(f"{self.id} is not a rulebook procedure")

    def terminal(self, rb: Rulebook, situation: str, spec: Any, *, asked: bool) -> Outcome:
        raise NotImplementedError(f"{self.id} does not finish an order")

    def as_fallback(self, spec: Any) -> Any:
        """The spec to use when the book's choice must stand in for a fallback (default: itself)."""
        return spec

    def plan(
        self, rb: Rulebook, situation: str, spec: Any, deadline_hours: float, notes: list[str], risk: bool
    ) -> SituationPlan:
        only = self.terminal(rb, situation, spec, asked=False)
        return SituationPlan(situation, self.id, False, 0.0, None, only, notes, risk)

    # -- lab editor ----------------------------------------------------------
    def enabled_fields(self, values: EditorValues) -> set[str]:
        return {"action", *self.fields}

    def values(self, spec: Any) -> EditorValues:
        return EditorValues(action=self.id)

    def spec(self, values: EditorValues) -> dict:
        return {"action": self.id}


def _buyer_wrote(situation: str) -> bool:
    return situation == "buyer_changed_mind"  # the buyer started the conversation


class SellerCancelAction(PolicyAction):
    id, model = "seller_cancel", SellerCancel
    label = fallback_label = "Seller cancels"
    procedure = "seller_cancel"
    evidence = Evidence("cancel", rank=20)
    fields = ("reason", "contact_first")

    def by_the_book(self, rb, situation, rec, wait_hours):
        return SellerCancel(action=self.id, reason=rec.reason, contact_first=rec.contact_first)

    def terminal(self, rb, situation, spec, *, asked):
        if not engine.action_allowed(rb, ACTING_STATUS, "cancel"):
            return outcome(rb, "auto_cancel", "Could not be cancelled; Amazon cancelled it")
        reason = spec.reason or rb.situation(situation).seller_reason
        contact = asked or spec.contact_first or _buyer_wrote(situation)
        r = rb.reason(reason)
        label = f"Seller cancelled with {r.label if r else reason}" + (
            " after contacting the buyer" if contact else " without contacting the buyer"
        )
        return outcome(
            rb, "seller_cancel", label, contacted=contact, reason_code=reason, conversation=contact
        )

    def values(self, spec):
        return EditorValues(self.id, spec.reason or HONEST_REASON, spec.contact_first)

    def spec(self, values):
        out: dict = {"action": self.id, "contact_first": bool(values.contact_first)}
        if values.reason:
            out["reason"] = values.reason
        return out


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
        talk = asked or _buyer_wrote(situation)
        return outcome(rb, "fulfilled", label, situation=situation, ships=True, conversation=talk)


class LeaveUnshippedAction(PolicyAction):
    id, model = "auto_cancel", LeaveUnshipped
    label = "Leave unshipped (Amazon auto-cancels)"
    fallback_label = "Leave unshipped"
    note = "No action: Amazon cancels the order automatically after its deadline."
    menu = "last"

    def terminal(self, rb, situation, spec, *, asked):
        return outcome(rb, "auto_cancel", "Left unshipped; Amazon cancelled it automatically")


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
        can_request = engine.action_allowed(rb, ACTING_STATUS, "request_cancellation", "buyer").ok
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
        filed_or_none = filed if can_request else None
        return SituationPlan(
            situation, self.id, can_request, spec.wait_hours, filed_or_none, other, notes, risk
        )

    def as_fallback(self, spec):
        return spec.fallback  # the book asks the buyer: its own fallback is what happens without a request

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


class ByTheBookAction(PolicyAction):
    id, model = "recommended", ByTheBook
    label = "Follow the rulebook's recommendation"
    fields = ("wait_hours",)
    menu = "first"

    def resolve(self, rb, situation, spec):
        rec = engine.recommended_procedure(rb, situation)
        act = action_for_procedure(rec.procedure) or ACTIONS["seller_cancel"]
        return act.by_the_book(rb, situation, rec, spec.wait_hours)

    def values(self, spec):
        return EditorValues(self.id, wait_hours=spec.wait_hours)

    def spec(self, values):
        return {"action": self.id, "wait_hours": float(values.wait_hours)}


ACTIONS: dict[str, PolicyAction] = {
    a.id: a
    for a in (
        ByTheBookAction(),
        SellerCancelAction(),
        AskBuyerAction(),
        FulfilAnywayAction(),
        LeaveUnshippedAction(),
    )
}
DEFAULT_ACTION = ByTheBookAction.id  # what a situation the policy leaves out follows


def _reason_label(rb: Rulebook, reason: str) -> str:
    r = rb.reason(reason)
    return r.label if r else reason


def action_of(spec: Any) -> PolicyAction:
    """The registered action of a policy spec (a ``formats.policy`` handling model)."""
    return ACTIONS[spec.action]


def action_for_procedure(procedure: str) -> PolicyAction | None:
    """The action that carries out a rulebook procedure, if one is registered."""
    return next((a for a in ACTIONS.values() if a.procedure == procedure), None)


def by_the_book(wait_hours: float = DEFAULT_WAIT_HOURS) -> ByTheBook:
    return ByTheBook(action=DEFAULT_ACTION, wait_hours=wait_hours)


def checked(
    rb: Rulebook, situation: str, spec: Any, notes: list[str], *, fallback: bool = False
) -> tuple[Any, bool]:
    """Replace an action the rulebook does not allow for this situation by the book's.

    Returns the spec to use and whether it is a compliance risk; the engine's reasons go to
    ``notes``.  For a ``fallback``, the book's choice is reduced to one that finishes the order.
    """
    act = action_of(spec)
    if act.procedure is None:
        if act.note:
            notes.append(act.note)
        return spec, False
    d = engine.procedure_check(rb, situation, act.procedure)
    if not d.ok:
        notes.append(f"{d.reason} The rulebook's recommended procedure is used instead.")
        spec = ACTIONS[DEFAULT_ACTION].resolve(rb, situation, by_the_book())
        if fallback:
            spec = action_of(spec).as_fallback(spec)
        d = engine.procedure_check(rb, situation, action_of(spec).procedure)
    risk = bool(d.details.get("compliance_risk"))
    if risk:
        notes.append(d.reason)
    return spec, risk


def situation_plan(rb: Rulebook, situation: str, spec: Any, deadline_hours: float) -> SituationPlan:
    """The plan of one situation under a policy spec (None: follow the rulebook)."""
    notes: list[str] = []
    spec = spec or by_the_book()
    spec = action_of(spec).resolve(rb, situation, spec)
    spec, risk = checked(rb, situation, spec, notes)
    return action_of(spec).plan(rb, situation, spec, deadline_hours, notes, risk)


# -- grading ------------------------------------------------------------------


def followed_action(steps: list[dict], extra: dict[str, Evidence] | None = None) -> str | None:
    """Which action the trainee's steps amount to (``extra``: handlings that are no policy action)."""
    shown = [(a.evidence, a.id) for a in ACTIONS.values() if a.evidence is not None]
    shown += [(ev, hid) for hid, ev in (extra or {}).items()]
    for ev, hid in sorted(shown, key=lambda x: x[0].rank):
        if ev.shown_by(steps):
            return hid
    return None


# -- lab editor ----------------------------------------------------------------


def offered_actions(si: Situation, current: str | None = None) -> list[str]:
    """The Action menu for a situation: first, the situation's procedures, last, and ``current``."""
    first = [a.id for a in ACTIONS.values() if a.menu == "first"]
    mine = [a.id for p in si.procedures if (a := action_for_procedure(p)) is not None]
    last = [a.id for a in ACTIONS.values() if a.menu == "last"]
    extra = [current] if current in ACTIONS else []
    return list(dict.fromkeys([*first, *mine, *last, *extra]))


def field_choices(key: str, rb: Rulebook, si: Situation, current: str | None = None) -> dict[str, str]:
    """Value -> words for a select field of :data:`EDITOR_FIELDS`."""
    if key == "action":
        return {a: ACTIONS[a].label for a in offered_actions(si, current)}
    if key == "reason":
        return {HONEST_REASON: "The situation's own reason", **{r.id: r.label for r in rb.reasons}}
    if key == "fallback":
        return {a.id: a.fallback_label for a in ACTIONS.values() if a.fallback_label}
    raise KeyError(f"{key!r} is not a select field")


def enabled_fields(values: EditorValues) -> set[str]:
    """The editor fields that apply to the chosen action (the rest are shown disabled)."""
    act = ACTIONS.get(values.action)
    return act.enabled_fields(values) if act else {"action"}


def editor_values(spec: Any) -> EditorValues:
    """A policy spec as the editor's values (None: a situation left to the rulebook)."""
    return EditorValues() if spec is None else action_of(spec).values(spec)


def spec_of(values: EditorValues) -> dict:
    """The editor's values as a policy-file mapping."""
    return ACTIONS[values.action].spec(values)
