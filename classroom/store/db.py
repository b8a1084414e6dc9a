"""Which database, one engine per database per process, migrations on first use.

``CANCEL_DESK_DB_URL`` selects the database (``postgresql+psycopg://user:pw@host/db``
when several servers share it).  Without it the store is a SQLite file: the path in
``CANCEL_DESK_DB``, else ``$CANCEL_DESK_DATA/attempts.sqlite3`` (default ``data/``),
in WAL mode with a busy timeout so readers never block the writer.  Every engine
pings a pooled connection before using it, so a restarted PostgreSQL costs one
reconnect, not an error.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Engine, make_url

from classroom.store.errors import DataFolderError, StoreError, StoreUnavailable

BUSY_TIMEOUT_S = 10
HEAD = "0008"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_LOCK = 0x43414E43  # "CANC": one advisory lock id for every server migrating this database
_ENGINES: dict[str, Engine] = {}
_LOCK = threading.Lock()
# SQLite's words for "cannot write here" (read-only folder or file, full disk, no permission)
_FOLDER_WORDS = ("readonly", "read-only", "unable to open", "disk is full", "disk i/o", "permission")


def db_path() -> Path:
    env = os.environ.get("CANCEL_DESK_DB")
    if env:
        return Path(env)
    return Path(os.environ.get("CANCEL_DESK_DATA") or "data") / "attempts.sqlite3"


def db_url() -> str:
    """``CANCEL_DESK_DB_URL``, else the SQLite file at :func:`db_path`."""
    return os.environ.get("CANCEL_DESK_DB_URL") or sqlite_url(db_path())


def sqlite_url(path: str | Path) -> str:
    return URL.create("sqlite", database=str(path)).render_as_string()


def new_id(result: sa.CursorResult) -> int:
    """The primary key of the row a single-row insert added (SQLAlchemy types it optional)."""
    key = result.inserted_primary_key
    if key is None:
        raise StoreError("The database added no row.", "Try again.")
    return int(key[0])


def sqlite_file(url: URL) -> Path | None:
    """The file behind a SQLite URL, ``None`` for PostgreSQL and in-memory SQLite."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def describe(url: URL) -> str:
    """The URL without its password, for messages."""
    return url.render_as_string(hide_password=True)


def _sqlite_connect(dbapi_con: sqlite3.Connection, _record: object) -> None:
    # The driver's own implicit BEGIN is off; SQLAlchemy's "begin" event emits ours.
    dbapi_con.isolation_level = None
    cur = dbapi_con.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    cur.execute("PRAGMA journal_mode = WAL")
    # In WAL mode NORMAL skips the fsync per commit (the desk commits on every click) and is
    # still safe: a killed server loses nothing; only an OS crash or power cut may lose the last
    # commits (sqlite.org/pragma.html#pragma_synchronous).
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    # IMMEDIATE takes the write lock at once (the migration); plain BEGIN for the rest.
    immediate = conn.get_execution_options().get("sqlite_immediate")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _new_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = sa.create_engine(url, pool_pre_ping=True, connect_args={"timeout": BUSY_TIMEOUT_S})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": BUSY_TIMEOUT_S})


def engine_for(url: str) -> Engine:
    """The process's engine for ``url``, the schema migrated to the newest revision.

    Migration runs once per process and database (and again if a SQLite file was
    deleted), so building an ``AttemptStore`` on each page rerun costs nothing.
    """
    parsed = make_url(url)
    path = sqlite_file(parsed)
    key = parsed.render_as_string(hide_password=False)
    with _LOCK:
        engine = _ENGINES.get(key)
        if engine is not None and (path is None or path.exists()):
            return engine
        if engine is not None:
            engine.dispose()
        if path is not None:
            try:
                private_file(path)
            except OSError as e:
                raise DataFolderError(path.parent.resolve(), e.strerror or str(e)) from e
        engine = _new_engine(parsed)
        try:
            with translated(parsed):
                migrate(engine)
        except BaseException:
            engine.dispose()
            raise
        _ENGINES[key] = engine
        return engine


def private_file(path: Path) -> None:
    """Create the SQLite file (and its folder) readable by the server's user only, whatever the
    umask: it holds password hashes.  SQLite gives its -wal and -shm files the same mode."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))


def revision(engine: Engine) -> str | None:
    """The schema's alembic revision, ``None`` before the first migration."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the schema to ``HEAD`` in one transaction; a pre-alembic database is adopted.

    The common case (already at ``HEAD``) only reads, so a read-only database still opens.
    """
    if revision(engine) == HEAD:
        return
    sqlite = engine.dialect.name == "sqlite"
    options = {"sqlite_immediate": True} if sqlite else {}
    with engine.connect().execution_options(**options) as conn, conn.begin():
        if not sqlite:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        tables = set(sa.inspect(conn).get_table_names())
        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        cfg.attributes["connection"] = conn
        if "attempts" in tables and "alembic_version" not in tables:
            command.stamp(cfg, "0001")  # made by the raw-sqlite store: same table, keep its rows
        command.upgrade(cfg, "head")


def dispose_engines() -> None:
    """Close every pooled connection (tests and benchmarks, before dropping a database)."""
    with _LOCK:
        for engine in _ENGINES.values():
            engine.dispose()
        _ENGINES.clear()


def to_store_error(err: exc.DBAPIError, url: URL) -> StoreError | None:
    """The typed error for a database failure, ``None`` for a bug that should surface."""
    detail = str(getattr(err, "orig", err)).strip().splitlines()[0] if str(err) else type(err).__name__
    path = sqlite_file(url)
    if path is not None:
        low = detail.lower()
        if any(w in low for w in _FOLDER_WORDS):
            return DataFolderError(path.parent.resolve(), detail)
        if "locked" in low or "busy" in low:
            return StoreUnavailable(describe(url), detail)
        return None
    if err.connection_invalidated or isinstance(err, exc.OperationalError | exc.InterfaceError):
        return StoreUnavailable(describe(url), detail)
    return None


@contextmanager
def translated(url: URL) -> Iterator[None]:
    """Turn driver errors about the database's reach into :class:`StoreError`."""
    try:
        yield
    except exc.DBAPIError as e:
        typed = to_store_error(e, url)
        if typed is None:
            raise
        raise typed from e
