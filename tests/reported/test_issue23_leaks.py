"""Issue 23, "Faults and small leaks": what a visitor's message, a file's mode bits and an
old attempt in progress gave away or kept."""

from __future__ import annotations

import logging
import os

import pytest

from classroom.store import AttemptStore
from classroom.store.errors import DataFolderError, StoreUnavailable

URL = "postgresql+psycopg://deskuser:***@db-host:5432/cancel_desk"


def test_an_unreachable_database_names_neither_its_user_nor_its_host_to_visitors(caplog):
    with caplog.at_level(logging.WARNING, logger="classroom.store"):
        err = StoreUnavailable(URL, "connection refused")
    assert "deskuser" not in str(err) and "db-host" not in str(err) and "postgresql" not in str(err)
    assert "not answering" in str(err) and "try again" in str(err)
    assert URL in caplog.text and "connection refused" in caplog.text  # the operator still sees it


def test_a_read_only_folder_shows_no_server_path_to_visitors(tmp_path, caplog):
    folder = tmp_path / "srv" / "cancel-desk" / "data"
    with caplog.at_level(logging.WARNING, logger="classroom.store"):
        err = DataFolderError(folder, f"attempt to write a readonly database {folder}")
    assert str(tmp_path) not in str(err) and "read-only" in str(err)
    assert str(folder) in caplog.text


def test_a_store_that_cannot_open_logs_its_path_and_tells_the_visitor_without_it(tmp_path, caplog):
    (tmp_path / "data").write_text("a file where the folder should be")
    with caplog.at_level(logging.WARNING, logger="classroom.store"), pytest.raises(DataFolderError) as e:
        AttemptStore(tmp_path / "data" / "attempts.sqlite3")
    assert str(tmp_path) not in str(e.value) and str(tmp_path / "data") in caplog.text


def _mode(path) -> int:
    return path.stat().st_mode & 0o777


def test_the_data_folder_the_database_and_an_upload_are_the_servers_alone(tmp_path, monkeypatch):
    """Under the usual umask 022 the folder was 0755 and attempts.sqlite3 (password hashes) 0644."""
    from ui.shared.uploads import check_report_upload

    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    old = os.umask(0o022)
    try:
        store = AttemptStore(tmp_path / "data" / "attempts.sqlite3")
        store.count()
        stored = check_report_upload("orders.txt", b"amazon-order-id\tpurchase-date\n")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "data") == 0o700
    files = [p for p in (tmp_path / "data").iterdir() if p.name.startswith("attempts.sqlite3")]
    assert len(files) >= 2, files  # the database and its WAL
    assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert _mode(stored.parent) == 0o700 and _mode(stored) == 0o600
