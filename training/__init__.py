"""The training desk: an in-memory Seller Central and its grading (the records: ``classroom``).

No streamlit here: the pages in ui/ draw what these functions return.
"""

from training.desk import Desk, DeskKind, Result, StepRecord
from training.grader import Deduction, Grade, grade
from training.session import Finished, finish, new_desk

__all__ = [
    "Deduction",
    "Desk",
    "DeskKind",
    "Finished",
    "Grade",
    "Result",
    "StepRecord",
    "finish",
    "grade",
    "new_desk",
]
