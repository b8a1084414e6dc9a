"""Fixtures every test folder may use: a real PostgreSQL, started for the session."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.pg_cluster import PgCluster, PgMissing
from training.store import dispose_engines

_names = itertools.count(1)


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
