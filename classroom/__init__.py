"""The classroom around the desk: who signs in (``accounts``), cohorts and the trainer's
assignments (``cohorts``), and the database of attempts (``store``).

It uses ``training`` (the desk and its grading); ``training`` never imports it: a finished
desk is written through ``training.session.AttemptRecorder``, which the store satisfies.
"""

from classroom.store import AttemptStore, db_path, pass_rates, to_csv

__all__ = ["AttemptStore", "db_path", "pass_rates", "to_csv"]
