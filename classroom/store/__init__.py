"""The attempts a trainer reviews: SQLite by default, PostgreSQL when servers share it.

One transaction per write; only finished attempts are written, so a crash never
leaves half an attempt.  ``db`` picks the database and migrates it on first use,
``attempts`` reads and writes, ``report`` turns attempts into rates and CSV.
"""

from classroom.store.attempts import Attempt, AttemptPage, AttemptStore
from classroom.store.db import db_path, db_url, dispose_engines
from classroom.store.errors import DataFolderError, StoreError, StoreUnavailable
from classroom.store.live import LiveAttempt, LiveStore
from classroom.store.report import CSV_COLUMNS, pass_rates, to_csv

__all__ = [
    "CSV_COLUMNS",
    "Attempt",
    "AttemptPage",
    "AttemptStore",
    "DataFolderError",
    "LiveAttempt",
    "LiveStore",
    "StoreError",
    "StoreUnavailable",
    "db_path",
    "db_url",
    "dispose_engines",
    "pass_rates",
    "to_csv",
]
