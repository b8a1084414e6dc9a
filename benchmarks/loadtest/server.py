"""The app server under load (the browser tests' StreamlitServer on a fresh data folder),
the trainee accounts made beforehand, and what the store holds afterwards."""

from __future__ import annotations

from pathlib import Path

from benchmarks.loadtest import serve
from classroom.accounts import Accounts
from classroom.store import AttemptStore, dispose_engines
from tests.e2e.conftest import StreamlitServer


def run_log(data_dir: Path) -> Path:
    """Where the server's stopwatch (benchmarks/loadtest/serve.py) writes."""
    return data_dir / "runs.log"


def start(data_dir: Path, db_url: str | None = None) -> StreamlitServer:
    env = {serve.LOG_ENV: str(run_log(data_dir))}
    return StreamlitServer(data_dir, db_url=db_url, module="benchmarks.loadtest.serve", env=env).start()


def make_trainees(store_url: str, names: list[str], password: str) -> None:
    """Trainee accounts with a known password (so no must-change step), straight into the store."""
    accounts = Accounts(store_url)
    for name in names:
        accounts.add_user(name, "trainee", password)
    dispose_engines()


def missing_attempts(store_url: str, attempt_ids: list[int]) -> tuple[list[int], int]:
    """The ids the browsers were told were saved but the store lacks, and the store's row count."""
    store = AttemptStore(url=store_url)
    try:
        return [i for i in attempt_ids if store.get(i) is None], store.count()
    finally:
        dispose_engines()
