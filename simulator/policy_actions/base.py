"""The parts every policy action is made of: the base class, its data, and the registry.

See the package docstring (``simulator.policy_actions``) for the hooks a subclass fills in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from formats.policy import DEFAULT_WAIT_HOURS, ByTheBook
from formats.rulebook import Rulebook
from rules import handlings
from rules.handlings import CONTACTS, HandlingPath
from simulator.engine.outcome import Outcome, SituationPlan

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

    def by_the_book(
        self, rb: Rulebook, situation: str, rec: handlings.Recommendation, wait_hours: float
    ) -> Any:
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

    # -- compliance --------------------------------------------------------------
    def paths(self, rb: Rulebook, situation: str, spec: Any) -> list[tuple[HandlingPath, ...]]:
        """The handling paths this action takes, for the rules engine to grade.

        One tuple per branch (what can happen: asking the buyer has two), each holding the paths
        that describe the branch equally well (the best-graded one counts).  Empty: the action is
        no handling the rulebook grades (leaving the order to Amazon).
        """
        if self.procedure is None:
            return []
        return [tuple(HandlingPath(self.procedure, contact=c) for c in CONTACTS)]

    # -- lab editor ----------------------------------------------------------
    def enabled_fields(self, values: EditorValues) -> set[str]:
        return {"action", *self.fields}

    def values(self, spec: Any) -> EditorValues:
        return EditorValues(action=self.id)

    def spec(self, values: EditorValues) -> dict:
        return {"action": self.id}


ACTIONS: dict[str, PolicyAction] = {}  # action id -> the action, in menu order
DEFAULT_ACTION = "recommended"  # what a situation the policy leaves out follows


def register(cls: type[PolicyAction]) -> type[PolicyAction]:
    """Class decorator: put one instance of ``cls`` in :data:`ACTIONS` under its id."""
    ACTIONS[cls.id] = cls()
    return cls


def action_of(spec: Any) -> PolicyAction:
    """The registered action of a policy spec (a ``formats.policy`` handling model)."""
    return ACTIONS[spec.action]


def action_for_procedure(procedure: str) -> PolicyAction | None:
    """The action that carries out a rulebook procedure, if one is registered."""
    return next((a for a in ACTIONS.values() if a.procedure == procedure), None)


def by_the_book(wait_hours: float = DEFAULT_WAIT_HOURS) -> ByTheBook:
    """The spec of a situation the policy leaves to the rulebook."""
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
    d = handlings.procedure_check(rb, situation, act.procedure)
    if not d.ok:
        notes.append(f"{d.reason} The rulebook's recommended procedure is used instead.")
        spec = ACTIONS[DEFAULT_ACTION].resolve(rb, situation, by_the_book())
        if fallback:
            spec = action_of(spec).as_fallback(spec)
        book = action_of(spec).procedure
        assert book is not None, "the book's choice (and its fallback) is a rulebook procedure"
        d = handlings.procedure_check(rb, situation, book)
    risk = bool(d.details.get("compliance_risk"))
    if risk:
        notes.append(d.reason)
    return spec, risk
