"""Issue 23, "Faults and small leaks": what a visitor's message, a file's mode bits and an
old attempt in progress gave away or kept."""

from __future__ import annotations

import logging

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
