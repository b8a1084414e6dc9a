"""Issue 23 item 1: one upload limit, in MiB, everywhere; the server's memory for uploads bounded.

The widget's gate, the server's ceiling and the page's refusal are checked against each other;
:class:`UploadGuard` on Streamlit's own ``MemoryUploadedFileManager``; the folder quota through
the upload path (issue 22 item 5: ``save_upload`` could skip it and only ``enforce_quota`` was
tested).  The browser-level figure (50 forged uploads) is tests/e2e/test_upload_bounds.py.
"""

import tomllib
import uuid
from pathlib import Path

import pytest
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from formats.errors import RulebookError
from ui.shared import upload_guard, uploads
from ui.shared.upload_guard import Refused, UploadGuard
from ui.shared.uploads import (
    MIB,
    REPORT_LIMIT,
    REPORT_WIDGET_MB,
    SERVER_MAX_UPLOAD,
    check_report_upload,
    problem_lines,
    size_text,
)

ROOT = Path(__file__).resolve().parents[2]


def _server_max_upload_mib() -> int:
    return tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]


def test_a_48_7_mib_report_passes_the_widget_and_the_server():
    """'A direct upload of 48.7 MiB, which the label calls "up to 50 MiB" and the widget refuses as
    over "51.0MB"': the browser counts 1,000,000 bytes a MB (1 MiB on Windows)."""
    size = int(48.7 * MIB)
    for browser_mb in (1_000_000, MIB):  # Linux and macOS; Windows
        gate = REPORT_WIDGET_MB * browser_mb
        assert gate >= REPORT_LIMIT, "the widget refuses files within the stated limit"
        assert size <= gate
        assert gate <= _server_max_upload_mib() * MIB, "the server refuses what the widget let through"
    # only a sliver over the limit is left to our own check: the widget's own words are rarely seen
    assert REPORT_WIDGET_MB * 1_000_000 - REPORT_LIMIT < MIB
    assert _server_max_upload_mib() * MIB == SERVER_MAX_UPLOAD


def test_over_the_limit_is_refused_in_the_labels_unit(data):
    assert size_text(REPORT_LIMIT) == "50 MiB"
    with pytest.raises(RulebookError) as info:
        check_report_upload("big.txt", b"a" * (REPORT_LIMIT + MIB // 4))
    (line,) = problem_lines(info.value)
    assert "the file is 50.2 MiB, over the 50 MiB limit" in line


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def test_the_folder_quota_holds_through_the_upload_path(data, monkeypatch):
    """Uploads go through check_report_upload (what the replay page calls), not enforce_quota."""
    monkeypatch.setattr(uploads, "FOLDER_QUOTA", 250)
    kept = [check_report_upload(f"r{i}.txt", bytes([65 + i]) * 100) for i in range(4)]
    folder = data / "reports"
    assert sum(f.stat().st_size for f in folder.iterdir()) <= 250
    assert kept[-1].is_file(), "the report just uploaded is the one in force: it stays"
    assert len(list(folder.iterdir())) == 2


# -- the memory Streamlit's upload route may hold ---------------------------------------------


def _manager(session_quota=10 * MIB, total_quota=25 * MIB) -> tuple[MemoryUploadedFileManager, UploadGuard]:
    mgr = MemoryUploadedFileManager("/_stcore/upload_file")
    return mgr, UploadGuard(mgr, session_quota, total_quota)


def _put(mgr, session: str, file_id: str, size: int) -> None:
    mgr.add_file(session, UploadedFileRec(file_id, "r.txt", "text/plain", b"x" * size))


def _issue(mgr, session: str) -> str:
    (info,) = mgr.get_upload_urls(session, ["r.txt"])
    return info.file_id


def test_a_forged_file_id_is_refused_and_not_kept():
    mgr, guard = _manager()
    with pytest.raises(Refused) as info:
        _put(mgr, "s1", str(uuid.uuid4()), MIB)
    assert info.value.status_code == 403
    assert mgr.get_stats() == {} and guard.held() == 0


def test_a_session_and_the_server_hold_at_most_their_quotas():
    mgr, guard = _manager()
    _put(mgr, "s1", _issue(mgr, "s1"), 6 * MIB)
    with pytest.raises(Refused) as info:
        _put(mgr, "s1", _issue(mgr, "s1"), 6 * MIB)  # 12 MiB > 10 MiB for one session
    assert info.value.status_code == 413 and "already holds 6 MiB" in info.value.detail
    for s in ("s2", "s3"):
        _put(mgr, s, _issue(mgr, s), 9 * MIB)
    assert guard.held() == 24 * MIB
    with pytest.raises(Refused) as info:
        _put(mgr, "s4", _issue(mgr, "s4"), 2 * MIB)  # 26 MiB > 25 MiB in total
    assert "try again in a few minutes" in info.value.detail
    assert mgr._total_bytes == 24 * MIB  # Streamlit's own count agrees


def test_a_re_upload_under_the_same_id_replaces_and_a_read_file_is_freed():
    mgr, guard = _manager()
    fid = _issue(mgr, "s1")
    _put(mgr, "s1", fid, 8 * MIB)
    _put(mgr, "s1", fid, 9 * MIB)  # replaces: 9 MiB held, within 10
    assert guard.held("s1") == 9 * MIB
    mgr.remove_file("s1", fid)  # what release() does once the page has read it
    assert guard.held() == 0 and mgr._total_bytes == 0
    _put(mgr, "s1", _issue(mgr, "s1"), 9 * MIB)
    mgr.remove_session_files("s1")
    assert guard.held() == 0 and mgr._total_bytes == 0
    with pytest.raises(Refused):
        _put(mgr, "s1", fid, 1)  # ids die with their session


def test_old_uploads_go_at_the_next_upload(monkeypatch):
    mgr, guard = _manager()
    _put(mgr, "s1", _issue(mgr, "s1"), 5 * MIB)
    monkeypatch.setattr(upload_guard, "MAX_AGE_S", -1.0)
    _put(mgr, "s2", _issue(mgr, "s2"), MIB)
    assert guard.held() == MIB and guard.held("s1") == 0


def test_the_server_quotas_hold_a_report_at_its_ceiling():
    assert upload_guard.SESSION_QUOTA >= SERVER_MAX_UPLOAD
    assert upload_guard.TOTAL_QUOTA >= 4 * SERVER_MAX_UPLOAD  # four visitors' reports at once


def test_a_freed_upload_reads_as_no_file():
    """Once the page has read and freed a file, its box holds Streamlit's DeletedFile."""
    from streamlit.runtime.uploaded_file_manager import DeletedFile, UploadedFile

    assert upload_guard.taken(DeletedFile("some-id")) is None and upload_guard.taken(None) is None
    rec = UploadedFileRec("id", "r.txt", "text/plain", b"abc")
    file = UploadedFile(rec, MemoryUploadedFileManager("/x").get_upload_urls("s", ["r.txt"])[0])
    assert upload_guard.taken(file) is file
