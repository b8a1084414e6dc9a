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

Adding an action: write its file shape in ``formats.policy`` (the schema layer), one
``@register``-ed subclass in ``simulator/policy_actions/builtin.py``, and its test in
``tests/simulator/test_policy_actions.py``.  Nothing else names action ids.

Layout: ``base`` holds the base class, its data types and the registry; ``builtin``
the actions; this package module the walks over them (plan, grading, lab editor).
"""

from __future__ import annotations

from typing import Any

from formats.rulebook import Rulebook, Situation
from simulator.engine.outcome import SituationPlan
from simulator.policy_actions import builtin  # noqa: F401  (registers the actions below)
from simulator.policy_actions.base import (
    ACTIONS,
    DEFAULT_ACTION,
    EDITOR_FIELDS,
    HONEST_REASON,
    EditorField,
    EditorValues,
    Evidence,
    PolicyAction,
    action_for_procedure,
    action_of,
    by_the_book,
    checked,
    register,
)

__all__ = [
    "ACTIONS",
    "DEFAULT_ACTION",
    "EDITOR_FIELDS",
    "HONEST_REASON",
    "EditorField",
    "EditorValues",
    "Evidence",
    "PolicyAction",
    "action_for_procedure",
    "action_of",
    "by_the_book",
    "checked",
    "editor_values",
    "enabled_fields",
    "field_choices",
    "followed_action",
    "offered_actions",
    "register",
    "situation_plan",
    "spec_of",
]


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
