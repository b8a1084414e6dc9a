"""What a desk page needs from the core: open a desk, finish an attempt.

Pages keep the returned :class:`Desk` in their own session state; nothing here
is shared between users except the pure, cached scenario and background.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Protocol

from rules.sfp import seller_fulfilled_prime
from training.debrief import debrief_markdown
from training.desk import Desk, DeskKind
from training.exercises import DESK_SCENARIO, cached_desk_scenario
from training.grader import Grade, grade
from training.journal import replay
from training.seller_metrics import Background, background_from_scenario
from training.shift import ShiftDesk, ShiftGrade, ShiftParams, grade_shift, new_shift, shift_markdown
from training.shift.debrief import trap_words

DESK_SEED = 7  # the desk's own seed: the practice shop every trainee sees (not the run seed)


class AttemptRecorder(Protocol):
    """Where a finished attempt is written (``classroom.store.AttemptStore``): the desk names
    what it needs, so training never imports the classroom that records it."""

    def save(
        self,
        *,
        trainee: str,
        exercise_id: str,
        exercise_title: str,
        score: float,
        passed: bool,
        steps: list[dict],
        deductions: list[dict],
        started_at: datetime,
        ended_at: datetime,
        user_id: int | None = None,
        instance: dict | None = None,
        assignment_id: int | None = None,
    ) -> int: ...


@lru_cache(maxsize=8)
def cached_background(name: str = DESK_SCENARIO, seed: int = DESK_SEED) -> Background:
    scenario, _rb, _ex = cached_desk_scenario(name)
    return background_from_scenario(scenario, seed=seed)


def new_desk(
    exercise_id: str | None, *, seed: int = DESK_SEED, scenario: str = DESK_SCENARIO, sfp: bool = False
) -> Desk:
    """A fresh desk: one exercise (graded), or free practice with ``exercise_id=None``; ``sfp``: the
    shop is in Seller Fulfilled Prime, so the account panel holds it to the SFP target."""
    sc, rb, exercises = cached_desk_scenario(scenario)
    bg = cached_background(scenario, DESK_SEED)  # the shop is every trainee's; the seed draws the orders
    if sfp:
        rb = seller_fulfilled_prime(rb)
    desk = Desk.open(rb, bg, exercises, exercise_id=exercise_id, seed=seed, locale=sc.locale)
    desk.recipe = {"kind": desk.kind.value, "ref": exercise_id or "", "seed": seed, "scenario": scenario}
    if sfp:
        desk.recipe["sfp"] = True
    return desk


def new_seed() -> int:
    """A fresh instance for each attempt: its seed is stored with it, so it can be reopened."""
    return secrets.randbelow(1_000_000) + 1


def build(recipe: dict) -> Desk:
    """The desk a recipe names, before anything was done on it."""
    desk: Desk
    if recipe.get("kind") == DeskKind.SHIFT:
        params = ShiftParams(**recipe["params"])
        desk = new_shift(params, cached_background(DESK_SCENARIO, DESK_SEED))
    else:
        ref = recipe.get("ref") or None
        scenario = recipe.get("scenario", DESK_SCENARIO)
        desk = new_desk(ref, seed=int(recipe["seed"]), scenario=scenario, sfp=bool(recipe.get("sfp")))
    if recipe.get("assignment") is not None:  # started from a trainer's assignment: its result counts there
        desk.recipe["assignment"] = int(recipe["assignment"])
    if recipe.get("title"):  # the name the trainer gave the assigned shift
        desk.recipe["title"] = str(recipe["title"])
    return desk


def shift_title(desk: ShiftDesk) -> str:
    """How a finished shift is listed: the name the trainer gave it, else its settings in words."""
    if desk.recipe.get("title"):
        return f"Shift: {desk.recipe['title']}"
    p = desk.params
    assert p is not None  # a shift desk always has its parameters
    return f"Shift: {p.orders} orders ({desk.rb.name}, seed {p.seed})"


def rebuild(recipe: dict, journal: list[dict]) -> Desk:
    """The desk exactly as the trainee left it: the recipe's desk with the journal replayed."""
    desk = build(recipe)
    replay(desk, journal)
    return desk


@dataclass(frozen=True)
class Finished:
    grade: Grade
    attempt_id: int | None  # None: guest practice, graded but not recorded
    debrief: str
    memo: str = ""  # the Seller memo the trainee wrote on the exercise's order


def finish(
    desk: Desk,
    trainee: str,
    store: AttemptRecorder | None,
    *,
    ended_at: datetime | None = None,
    user_id: int | None = None,
) -> Finished:
    """Grade the desk's exercise and save the attempt (one transaction); ``store=None``
    grades a guest's attempt without recording it."""
    ex, order = desk.exercise, desk.exercise_order
    if ex is None or order is None:
        raise ValueError("free practice is not graded")
    steps = [s.to_dict() for s in desk.steps]
    g = grade(desk.rb, ex, steps, order.order_id)
    feedback = [f for f in desk.feedback() if f["order_id"] == order.order_id]
    text = debrief_markdown(g, trainee=trainee, card=ex.card, feedback=feedback, account=desk.account())
    if order.memo:
        text += f"\nSeller memo: {order.memo}\n"
    if store is None:
        return Finished(g, None, text, order.memo)
    # a missed step is counted per exercise on the trainer's chart; a trap is the same everywhere
    deductions = [{**d.__dict__, "miss": d.what if d.trap else f"{ex.title}: {d.what}"} for d in g.deductions]
    attempt_id = store.save(
        trainee=trainee,
        exercise_id=ex.id,
        exercise_title=ex.title,
        score=g.score,
        passed=g.passed,
        steps=steps,
        deductions=deductions,
        started_at=desk.started_at,
        ended_at=ended_at or datetime.now(),
        user_id=user_id,
        instance={**desk.recipe, "journal": desk.journal},
        assignment_id=desk.recipe.get("assignment"),
    )
    return Finished(g, attempt_id, text, order.memo)


@dataclass(frozen=True)
class FinishedShift:
    grade: ShiftGrade
    attempt_id: int | None
    debrief: str


def finish_shift(
    desk: ShiftDesk,
    trainee: str,
    store: AttemptRecorder | None,
    *,
    ended_at: datetime | None = None,
    user_id: int | None = None,
) -> FinishedShift:
    """Grade the shift (every order, then the whole) and save it as one attempt."""
    g = grade_shift(desk)
    text = shift_markdown(g, trainee)
    if store is None:
        return FinishedShift(g, None, text)
    # "what" names the order (the debrief); "miss" the step or situation, counted across orders and
    # attempts on the trainer's most-missed chart
    deductions = [
        {"trap": t, "rule": f"shift.{t}", "what": f"{oid}: {trap_words(t)}", "miss": trap_words(t),
         "points": 1.0}
        for oid, t in g.traps
    ] + [
        {"rule": f"shift.order.{r.kind}", "what": f"{r.order_id}: {r.label}: {r.what}",
         "miss": f"{r.label}: {r.best}", "points": 1 - r.score}
        for r in g.orders
        if r.score < 1 and not r.traps
    ]  # fmt: skip
    attempt_id = store.save(
        trainee=trainee,
        exercise_id="shift",
        exercise_title=shift_title(desk),
        score=g.score,
        passed=g.passed,
        steps=[s.to_dict() for s in desk.steps],
        deductions=deductions,
        started_at=desk.started_at,
        ended_at=ended_at or datetime.now(),
        user_id=user_id,
        instance={**desk.recipe, "journal": desk.journal},
        assignment_id=desk.recipe.get("assignment"),  # a trainer's shift: counted against it
    )
    return FinishedShift(g, attempt_id, text)


def instance_words(instance: dict) -> str:
    """The instance a finished attempt ran on, reopened from its recipe, in words for the trainer."""
    try:
        desk = rebuild({k: v for k, v in instance.items() if k != "journal"}, instance.get("journal", []))
    except (KeyError, ValueError, TypeError) as e:  # an exercise since removed, a recipe from elsewhere
        return f"Instance {instance.get('seed')}: cannot be reopened here ({e})."
    if instance.get("kind") == DeskKind.SHIFT:
        p = instance.get("params", {})
        name = f" “{instance['title']}”:" if instance.get("title") else " of"
        return f"Shift{name} {p.get('orders')} orders, {desk.rb.name}, seed {p.get('seed')}."
    o = desk.exercise_order
    if o is None:
        return f"Free practice, seed {instance.get('seed')}."
    items = ", ".join(f"{i.quantity} x {i.title}" for i in o.items)
    return f"Instance #{instance.get('seed')}: order {o.order_id}, buyer {o.buyer_name}, {items}."
