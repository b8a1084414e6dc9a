"""Suite-wide hooks and fixtures: the e2e marker, and a real PostgreSQL started for the session."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from classroom.store import dispose_engines
from tests.pg_cluster import PgCluster, PgMissing

E2E = Path(__file__).resolve().parent / "e2e"
# No background warm-up in this process: page tests (AppTest) count their own cache misses.
# The browser tests' servers turn it back on (tests/e2e/conftest.py), as a real server has it.
os.environ["CANCEL_DESK_WARMUP"] = "0"
_names = itertools.count(1)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every browser test ``e2e`` so ``-m "not e2e"`` leaves them out.

    A ``pytestmark`` in tests/e2e/conftest.py would mark nothing: pytest applies
    ``pytestmark`` only from test modules and classes.
    """
    for item in items:
        if E2E in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PgCluster]:
    """A throwaway PostgreSQL 15 cluster for the whole session, removed afterwards.

    Missing binaries fail the tests (never skip): CI machines have them.
    """
    try:
        cluster = PgCluster.start()
    except PgMissing as e:
        pytest.fail(str(e), pytrace=False)
    try:
        yield cluster
    finally:
        dispose_engines()
        cluster.stop()
        cluster.remove()


@pytest.fixture
def postgres_url(postgres: PgCluster) -> Iterator[str]:
    """A fresh, empty database in the session's cluster; dropped after the test."""
    name = f"t{next(_names)}"
    url = postgres.create_database(name)
    try:
        yield url
    finally:
        dispose_engines()  # pooled connections would keep the database from being dropped
        postgres.drop_database(name)


@pytest.fixture
def db(monkeypatch, tmp_path) -> Path:
    """The app's SQLite attempts database and data folder, in this test's own folder."""
    path = tmp_path / "a.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DB", str(path))
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    return path
