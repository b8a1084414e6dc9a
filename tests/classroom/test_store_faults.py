"""Faults the store survives with a typed, clear error and nothing lost: PostgreSQL
restarting or down under a live store, a read-only or full data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import event, exc

from classroom.store import AttemptStore, DataFolderError, StoreError, StoreUnavailable, dispose_engines

ROOT = Path(__file__).resolve().parents[2]
T0, T1 = datetime(2025, 11, 1, 9, 0), datetime(2025, 11, 1, 9, 12)


def _save(store, trainee="Ann", steps=None):
    return store.save(
        trainee=trainee,
        exercise_id="ex_a",
        exercise_title="A",
        score=1.0,
        passed=True,
        steps=steps or [{"action": "open_order", "ok": True}],
        deductions=[],
        started_at=T0,
        ended_at=T1,
    )


# --- PostgreSQL restarts under a running app ---------------------------------------------------


def test_restart_under_a_live_store_reconnects_with_nothing_lost(postgres, postgres_url):
    store = AttemptStore(url=postgres_url)
    ids = [_save(store, f"T{i}") for i in range(3)]
    bare = sa.create_engine(postgres_url)  # no pre-ping: shows the pooled connection really dies
    with bare.connect() as con:
        con.execute(sa.text("SELECT 1"))
    postgres.pg_ctl("restart")
    try:
        with pytest.raises(exc.OperationalError), bare.connect() as con:
            con.execute(sa.text("SELECT 1"))
    finally:
        bare.dispose()
    assert [a.id for a in store.attempts()] == ids[::-1]  # pre-ping replaced the dead connection
    ids.append(_save(store, "after"))
    assert store.count() == 4 and store.get(ids[-1]).trainee == "after"


def test_postgres_down_is_a_typed_error_that_a_retry_fixes(postgres, postgres_url):
    store = AttemptStore(url=postgres_url)
    _save(store, "before")
    postgres.pg_ctl("stop")
    try:
        with pytest.raises(StoreUnavailable) as down:
            _save(store, "during")
        with pytest.raises(StoreUnavailable):
            store.attempts()
        with pytest.raises(StoreUnavailable):
            dispose_engines()
            AttemptStore(url=postgres_url)  # a server starting while the database is down
    finally:
        postgres.pg_ctl("start")
    err = down.value
    assert isinstance(err, StoreError) and f"127.0.0.1:{postgres.port}" in err.where
    assert "try again" in str(err) and "Traceback" not in str(err)
    _save(store, "during")  # the retry the page offers
    assert sorted(a.trainee for a in AttemptStore(url=postgres_url).attempts()) == ["before", "during"]


def test_the_password_never_shows_in_the_message(postgres):
    url = f"postgresql+psycopg://postgres:s3cret-pw@127.0.0.1:{postgres.port}/no_such_db"
    with pytest.raises(StoreUnavailable) as e:
        AttemptStore(url=url)
    assert "s3cret-pw" not in str(e.value) and "no_such_db" in e.value.where


# --- the SQLite data folder cannot be written ---------------------------------------------------

CHILD = """
import sys
from datetime import datetime
from classroom.store import AttemptStore, DataFolderError
try:
    AttemptStore(sys.argv[1]).save(trainee="ro", exercise_id="e", exercise_title="E", score=1.0,
        passed=True, steps=[], deductions=[], started_at=datetime(2025, 1, 1), ended_at=datetime(2025, 1, 1))
except DataFolderError as e:
    print("DataFolderError", e.folder, sep="\\n")
    print(e)
else:
    print("saved")
"""


def _as_unprivileged() -> list[str]:
    """Root writes through any mode bits; without CAP_DAC_OVERRIDE it obeys them like anyone."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def _save_in_child(path: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(
        [*_as_unprivileged(), sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout.splitlines()


@pytest.mark.parametrize("existing", [False, True], ids=["new-file", "existing-file"])
def test_read_only_data_folder_is_a_clear_error_naming_it(tmp_path, existing):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "attempts.sqlite3"
    if existing:
        _save(AttemptStore(path), "kept")
        dispose_engines()
    folder.chmod(0o555)
    try:
        out = _save_in_child(path)
    finally:
        folder.chmod(0o755)
    assert out[:2] == ["DataFolderError", str(folder)], out
    assert "The data folder cannot be used" in out[2] and "writable" in out[2]
    assert str(folder) not in out[2]  # the path is in the log, not the visitor's message
    assert [a.trainee for a in AttemptStore(path).attempts()] == (["kept"] if existing else [])


def test_full_data_folder_is_a_clear_error_and_keeps_what_was_saved(tmp_path):
    store = AttemptStore(tmp_path / "a.sqlite3")
    _save(store, "kept")
    with store._engine.connect() as con:
        pages = con.exec_driver_sql("PRAGMA page_count").scalar()

    def cap(dbapi_con, _record):  # SQLite's own "disk full" (SQLITE_FULL) at the current size
        dbapi_con.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(store._engine, "connect", cap)
    store._engine.dispose()
    with pytest.raises(DataFolderError) as full:
        _save(store, "big", steps=[{"action": "x" * 200_000, "ok": True}])
    assert full.value.folder == tmp_path and "full" in str(full.value)
    assert [a.trainee for a in store.attempts()] == ["kept"]
    event.remove(store._engine, "connect", cap)
    store._engine.dispose()
    _save(store, "big", steps=[{"action": "x" * 200_000, "ok": True}])  # space freed: the retry works
    assert store.count() == 2


def test_a_data_folder_that_is_a_file_is_a_clear_error(tmp_path):
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(DataFolderError) as e:
        AttemptStore(tmp_path / "data" / "attempts.sqlite3")
    assert e.value.folder == (tmp_path / "data").resolve()
