"""Issue 14: "Attempts live in one SQLite file, so a second server can't share them."

Two processes (two app servers) pointed at one PostgreSQL by ``CANCEL_DESK_DB_URL``
see each other's attempts at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from classroom.store import AttemptStore

ROOT = Path(__file__).resolve().parents[2]
SERVER_B = """
from datetime import datetime
from classroom.store import AttemptStore
store = AttemptStore()  # CANCEL_DESK_DB_URL from the environment, as a server reads it
print(store.save(trainee="from B", exercise_id="ex_b", exercise_title="B", score=0.5, passed=False,
    steps=[], deductions=[], started_at=datetime(2025, 1, 2), ended_at=datetime(2025, 1, 2, 0, 9)))
print(";".join(a.trainee for a in store.attempts()))
"""


def test_two_servers_share_one_postgres(postgres_url, monkeypatch, tmp_path):
    """ "Attempts live in one SQLite file, so a second server can't share them." """
    monkeypatch.setenv("CANCEL_DESK_DB_URL", postgres_url)
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "unused"))  # the SQLite default is not used
    server_a = AttemptStore()
    server_a.save(
        trainee="from A", exercise_id="ex_a", exercise_title="A", score=1.0, passed=True,
        steps=[], deductions=[], started_at=datetime(2025, 1, 1), ended_at=datetime(2025, 1, 1, 0, 7),
    )  # fmt: skip
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, "-c", SERVER_B], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    ).stdout.splitlines()
    assert out[1] == "from B;from A"  # B sees A's attempt
    assert server_a.get(int(out[0])).trainee == "from B"  # and A sees B's at once
    assert not (tmp_path / "unused").exists()
