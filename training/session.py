"""What a desk page needs from the core: open a desk, finish an attempt.

Pages keep the returned :class:`Desk` in their own session state; nothing here
is shared between users except the pure, cached scenario and background.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from training.account import Background, background_from_scenario
from training.debrief import debrief_markdown
from training.desk import Desk
from training.exercises import DESK_SCENARIO, cached_desk_scenario
from training.grader import Grade, grade
from training.store import AttemptStore

DESK_SEED = 7  # the desk's own seed: the practice shop every trainee sees (not the run seed)


@lru_cache(maxsize=8)
def cached_background(name: str = DESK_SCENARIO, seed: int = DESK_SEED) -> Background:
    scenario, _rb, _ex = cached_desk_scenario(name)
    return background_from_scenario(scenario, seed=seed)


def new_desk(exercise_id: str | None, *, seed: int = DESK_SEED, scenario: str = DESK_SCENARIO) -> Desk:
    """A fresh desk: one exercise (graded), or free practice with ``exercise_id=None``."""
    sc, rb, exercises = cached_desk_scenario(scenario)
    bg = cached_background(scenario, seed)
    return Desk.open(rb, bg, exercises, exercise_id=exercise_id, seed=seed, locale=sc.locale)


@dataclass(frozen=True)
class Finished:
    grade: Grade
    attempt_id: int | None  # None: guest practice, graded but not recorded
    debrief: str


def finish(
    desk: Desk,
    trainee: str,
    store: AttemptStore | None,
    *,
    ended_at: datetime | None = None,
    user_id: int | None = None,
) -> Finished:
    """Grade the desk's exercise and save the attempt (one transaction); ``store=None``
    grades a guest's attempt without recording it."""
    if desk.exercise is None:
        raise ValueError("free practice is not graded")
    ex, order = desk.exercise, desk.exercise_order
    steps = [s.to_dict() for s in desk.steps]
    g = grade(desk.rb, ex, steps, order.order_id)
    feedback = [f for f in desk.feedback() if f["order_id"] == order.order_id]
    text = debrief_markdown(g, trainee=trainee, card=ex.card, feedback=feedback, account=desk.account())
    if store is None:
        return Finished(g, None, text)
    attempt_id = store.save(
        trainee=trainee,
        exercise_id=ex.id,
        exercise_title=ex.title,
        score=g.score,
        passed=g.passed,
        steps=steps,
        deductions=[d.__dict__ for d in g.deductions],
        started_at=desk.started_at,
        ended_at=ended_at or datetime.now(),
        user_id=user_id,
    )
    return Finished(g, attempt_id, text)
