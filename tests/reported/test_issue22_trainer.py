"""Issue 22, the trainer's findings: the first trainer account is documented where a new
trainer looks (README, docs/training.md), and those examples run."""

from __future__ import annotations

import pytest

from classroom.accounts import Accounts
from classroom.store.db import dispose_engines, sqlite_url
from tests.doc_examples import assert_output_matches, console_examples, run_console

FIRST_TRAINER = 'python -m classroom users add "Tess Ng" --role trainer'


@pytest.mark.parametrize("doc", ["README.md", "docs/training.md"])
def test_the_first_trainer_account_is_documented_and_the_commands_run(doc, tmp_path, monkeypatch):
    db = tmp_path / "attempts.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path))
    monkeypatch.setenv("CANCEL_DESK_DB", str(db))
    monkeypatch.delenv("CANCEL_DESK_DB_URL", raising=False)
    examples = [(cmd, out) for cmd, out in console_examples(doc) if "classroom users" in cmd]
    assert FIRST_TRAINER in [cmd for cmd, _ in examples], f"{doc} does not say how to make a trainer"
    for cmd, expected in examples:
        done = run_console(cmd, timeout=120)
        assert done.returncode == 0, done.stderr
        assert_output_matches(expected, done.stdout)
    users = {u.name: u.role for u in Accounts(sqlite_url(db)).users()}
    dispose_engines()
    assert users == {"Tess Ng": "trainer"}
