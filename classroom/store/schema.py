"""The tables the queries use.  The migrations in ``migrations/versions`` create them;
``tests/training/test_store.py`` checks that the two agree.

Times people read (attempts, notes, cohorts) are ISO 8601 text to the second, as the
first schema had them; times the code compares (session expiry, sign-in failures)
are integer Unix seconds.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

attempts = sa.Table(
    "attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("trainee", sa.Text, nullable=False),
    sa.Column("exercise_id", sa.Text, nullable=False),
    sa.Column("exercise_title", sa.Text, nullable=False),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("passed", sa.Integer, nullable=False),  # 0/1, as the first SQLite schema had it
    sa.Column("steps", sa.Text, nullable=False),  # JSON text
    sa.Column("deductions", sa.Text, nullable=False),  # JSON text
    sa.Column("started_at", sa.Text, nullable=False),  # ISO 8601, seconds
    sa.Column("ended_at", sa.Text, nullable=False),
    sa.Column("user_id", sa.Integer, nullable=True),  # the signed-in trainee; NULL for old rows
    sa.Column("deleted_at", sa.Text, nullable=True),  # soft delete: NULL while the attempt counts
    sa.Column("deleted_by", sa.Integer, nullable=True),
    sa.Column("instance", sa.Text, nullable=True),  # JSON: the recipe (exercise or shift, seed) it ran on
    sa.Column("assignment_id", sa.Integer, nullable=True),  # the assignment it was started from (0006)
    sa.Index("ix_attempts_trainee_id", "trainee", "id"),
    sa.Index("ix_attempts_exercise_passed", "exercise_id", "passed"),
    sa.Index("ix_attempts_progress", "trainee", "passed", "score", "ended_at"),
    sa.Index("ix_attempts_user", "user_id", "exercise_id", "score"),
    sa.Index("ix_attempts_live", "deleted_at", "id"),
    sa.Index("ix_attempts_assignment", "assignment_id", "user_id", "score"),
    sqlite_autoincrement=True,
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False),  # as typed at creation, shown to people
    sa.Column("name_key", sa.Text, nullable=False, unique=True),  # casefolded: one account per name
    sa.Column("role", sa.Text, nullable=False),  # trainee | trainer | admin
    sa.Column("password_hash", sa.Text, nullable=False),  # argon2id, never the password
    sa.Column("must_change", sa.Integer, nullable=False),  # 1: a one-time password is in use
    sa.Column("disabled", sa.Integer, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sqlite_autoincrement=True,
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.Text, primary_key=True),  # sha256 of the token: a leaked table signs no one in
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("created_at", sa.Integer, nullable=False),
    sa.Column("expires_at", sa.Integer, nullable=False),
    sa.Column("twin", sa.Text, nullable=True),  # the cookie's session of a page's sign-in, both ways (0008)
    sa.Index("ix_sessions_user", "user_id"),
)

# One-time codes a page makes at sign-in, traded once at POST /auth/session for the HttpOnly
# session cookie (ui/auth/cookie_routes.py); sha256 only, a minute to live (0008).
session_codes = sa.Table(
    "session_codes",
    metadata,
    sa.Column("code_hash", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("expires_at", sa.Integer, nullable=False),
    sa.Column("session_hash", sa.Text, nullable=False),  # the page's session: the cookie's twin
)

signin_failures = sa.Table(
    "signin_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name_key", sa.Text, nullable=False),
    sa.Column("address", sa.Text, nullable=False),
    sa.Column("at", sa.Integer, nullable=False),
    sa.Index("ix_signin_failures_name", "name_key", "at"),
    sa.Index("ix_signin_failures_address", "address", "at"),
    sqlite_autoincrement=True,
)

cohorts = sa.Table(
    "cohorts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("join_code", sa.Text, nullable=False, unique=True),
    sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sqlite_autoincrement=True,
)

cohort_members = sa.Table(
    "cohort_members",
    metadata,
    sa.Column("cohort_id", sa.Integer, sa.ForeignKey("cohorts.id"), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("joined_at", sa.Text, nullable=False),
    sa.Index("ix_cohort_members_user", "user_id"),
)

assignments = sa.Table(
    "assignments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("cohort_id", sa.Integer, sa.ForeignKey("cohorts.id"), nullable=False),
    sa.Column("kind", sa.Text, nullable=False),  # exercise | shift
    sa.Column("ref", sa.Text, nullable=False),  # the exercise id, or the shift's name
    sa.Column("params", sa.Text, nullable=False),  # JSON object: what the kind needs beyond ref
    sa.Column("due_on", sa.Text, nullable=True),  # ISO date, NULL: no due date
    sa.Column("pass_mark", sa.Float, nullable=False),  # a score in [0, 1]
    sa.Column("created_by", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Index("ix_assignments_cohort", "cohort_id"),
    sqlite_autoincrement=True,
)

attempt_notes = sa.Table(
    "attempt_notes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("attempt_id", sa.Integer, sa.ForeignKey("attempts.id"), nullable=False),
    sa.Column("kind", sa.Text, nullable=False),  # note | deleted | restored: the attempt's history
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Index("ix_attempt_notes_attempt", "attempt_id", "id"),
    sqlite_autoincrement=True,
)

# One row per deduction, written with the attempt, so "most missed" is a GROUP BY.
attempt_misses = sa.Table(
    "attempt_misses",
    metadata,
    sa.Column("attempt_id", sa.Integer, sa.ForeignKey("attempts.id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),  # step | trap
    sa.Column("code", sa.Text, nullable=False),  # the rule id (step) or the trap id
    sa.Column("label", sa.Text, nullable=False),  # the grader's words
    sa.Index("ix_attempt_misses_code", "kind", "code"),
)

# Attempts in progress: the desk's recipe and the journal of actions, one row per trainee key.
live_attempts = sa.Table(
    "live_attempts",
    metadata,
    sa.Column("owner", sa.Text, primary_key=True),  # user:<id> | guest:<random token from the URL>
    sa.Column("trainee", sa.Text, nullable=False),
    sa.Column("user_id", sa.Integer, nullable=True),
    sa.Column("recipe", sa.Text, nullable=False),  # JSON: kind, ref, seed, params
    sa.Column("journal", sa.Text, nullable=False),  # JSON list: the actions, replayed in order
    sa.Column("view", sa.Text, nullable=False),  # JSON: what the page had open (order, cancel page)
    sa.Column("started_at", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),  # +1 per write (0008)
)

# Growing waits after failed tries (classroom/throttle.py): one row per kind (signin | password |
# join), subject (a name key, a user id, or "") and client address.  Integer Unix seconds (0007).
throttle = sa.Table(
    "throttle",
    metadata,
    sa.Column("kind", sa.Text, primary_key=True),
    sa.Column("subject", sa.Text, primary_key=True),
    sa.Column("address", sa.Text, primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("next_at", sa.Integer, nullable=False),  # no try before this
    sa.Column("last_at", sa.Integer, nullable=False),
    sa.Index("ix_throttle_last", "last_at"),
)
