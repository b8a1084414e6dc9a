"""The training desk: an in-memory Seller Central, a grader and the attempt records.

No streamlit here: the pages in ui/ draw what these functions return.
"""

from training.desk import Desk, Result, StepRecord
from training.grader import Deduction, Grade, grade
from training.session import Finished, finish, new_desk
from training.store import AttemptStore, db_path, pass_rates, to_csv

__all__ = [
    "AttemptStore",
    "Deduction",
    "Desk",
    "Finished",
    "Grade",
    "Result",
    "StepRecord",
    "db_path",
    "finish",
    "grade",
    "new_desk",
    "pass_rates",
    "to_csv",
]
