"""A shift at the desk: a queue of 15-30 orders over a simulated day.

``plan`` draws the shift (routine orders to ship, incidents from the rulebook's situations,
buyer messages official and unofficial) from a seed; ``desk`` is the desk that runs it (a
clock that moves with every action, ship-by dates, Amazon's automatic cancellation);
``debrief`` grades every order and the shift as a whole.
"""

from training.shift.debrief import ShiftGrade, grade_shift, shift_markdown
from training.shift.desk import ShiftDesk, new_shift
from training.shift.plan import ShiftParams

__all__ = ["ShiftDesk", "ShiftGrade", "ShiftParams", "grade_shift", "new_shift", "shift_markdown"]
