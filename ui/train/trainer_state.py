"""The trainer page's session state: one :class:`TrainerState` under the key ``trainer``.

Its widgets only show it (``ui.shared.state.bound``), so the open tab, the cohort in view,
the page of attempts and the attempt picked are still there after a visit to another page.
The forms (new cohort, assign work, a note) are not state: what they hold is sent on submit.
"""

from __future__ import annotations

from dataclasses import dataclass

from classroom.cohorts import KINDS
from ui.shared.state import TRAINER, page_state

TABS = ("Dashboard", "Attempts", "Cohorts")
# no cohort: every attempt (not None: a selectbox showing None reads "Choose an option"); ids start at 1
ALL_COHORTS = 0


@dataclass
class TrainerState:
    tab: str = TABS[0]
    cohort: int = ALL_COHORTS  # the scope's cohort
    deleted: bool = False  # deleted attempts in view too
    page: int = 1  # of the attempts table
    attempt: int | None = None  # the attempt shown (None: the page's first)
    manage: int | None = None  # the cohort managed on the Cohorts tab (None: the first)
    assign_kind: str = KINDS[0]  # the kind of work the assign form is for: only its fields are shown
    assigned: str = ""  # what the last Assign did, said once above the emptied form
    assign_round: int = 0  # the assign form's widgets' keys (ui.train.trainer_cohorts.field_key)


def trainer_state() -> TrainerState:
    return page_state(TRAINER, TrainerState)
