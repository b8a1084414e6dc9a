"""Bounds on the files Streamlit's upload route keeps in the server's memory (issue 23).

Streamlit's ``PUT /_stcore/upload_file/<session>/<file_id>`` stores a file for any active
session under any id, in memory, until that session ends, and has no option to bound it
(``server.maxUploadSize`` bounds one file only).  :func:`install`, called once at app start,
wraps the server's one ``MemoryUploadedFileManager``:

- a file id must have been issued to that session by its upload box (``get_upload_urls``),
  else the upload is refused (403): forged ids are never kept;
- a session holds at most ``SESSION_QUOTA`` bytes of uploads, the server ``TOTAL_QUOTA``
  (413 past either); a file held longer than ``MAX_AGE_S`` goes at the next upload;
- a page frees a file as soon as it has read it (:func:`release`).

A refused upload's bytes are dropped at once, so the memory an upload can hold is bounded
by these figures plus one file per request in flight (the proxy limits those, docs/deploy.md).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from starlette.exceptions import HTTPException

from ui.shared.uploads import MIB, SERVER_MAX_UPLOAD

SESSION_QUOTA = SERVER_MAX_UPLOAD + 8 * MIB  # one report at the server's ceiling, and the lab's YAML files
TOTAL_QUOTA = 256 * MIB
MAX_AGE_S = 15 * 60  # a page reads an upload in its callback, within seconds
MAX_ISSUED = 32  # ids remembered per session (an upload box asks for one per file dropped)


class Refused(HTTPException):
    """Why an upload was not kept: raised inside Streamlit's upload route, it is the route's answer."""


class UploadGuard:
    """Wraps an uploaded-file manager's ``get_upload_urls``, ``add_file`` and removals with the bounds."""

    def __init__(self, manager: Any, session_quota: int = SESSION_QUOTA, total_quota: int = TOTAL_QUOTA):
        self.manager = manager
        self.session_quota, self.total_quota = session_quota, total_quota
        self._issued: dict[str, OrderedDict[str, None]] = {}
        self._held: dict[tuple[str, str], tuple[int, float]] = {}  # (session, id) -> (bytes, since)
        self._lock = threading.Lock()
        self._add, self._urls = manager.add_file, manager.get_upload_urls
        self._remove, self._remove_session = manager.remove_file, manager.remove_session_files
        manager.get_upload_urls = self.get_upload_urls
        manager.add_file = self.add_file
        manager.remove_file = self.remove_file
        manager.remove_session_files = self.remove_session_files

    def get_upload_urls(self, session_id: str, file_names):
        infos = self._urls(session_id, file_names)
        with self._lock:
            issued = self._issued.setdefault(session_id, OrderedDict())
            for info in infos:
                issued[info.file_id] = None
            while len(issued) > MAX_ISSUED:
                issued.popitem(last=False)
        return infos

    def held(self, session_id: str | None = None) -> int:
        """Bytes held for one session, or for all."""
        with self._lock:
            return sum(n for (s, _), (n, _) in self._held.items() if session_id in (None, s))

    def add_file(self, session_id: str, file) -> None:
        self._drop_old()
        size = len(file.data)
        key = (session_id, file.file_id)
        with self._lock:
            if file.file_id not in self._issued.get(session_id, {}):
                raise Refused(403, "this upload was not asked for by the page")
            others = [(k[0], n) for k, (n, _) in self._held.items() if k != key]  # a re-upload replaces
            mine = sum(n for s, n in others if s == session_id)
            total = sum(n for _, n in others)
            if mine + size > self.session_quota:
                raise Refused(413, f"this page already holds {mine // MIB} MiB of uploads")
            if total + size > self.total_quota:
                raise Refused(413, "the server holds too many uploads right now; try again in a few minutes")
            self._held[key] = (size, time.monotonic())
        self._add(session_id, file)

    def remove_file(self, session_id: str, file_id: str) -> None:
        with self._lock:
            self._held.pop((session_id, file_id), None)
        self._remove(session_id, file_id)

    def remove_session_files(self, session_id: str) -> None:
        with self._lock:
            self._issued.pop(session_id, None)
            for key in [k for k in self._held if k[0] == session_id]:
                del self._held[key]
        self._remove_session(session_id)

    def _drop_old(self) -> None:
        cutoff = time.monotonic() - MAX_AGE_S
        with self._lock:
            old = [k for k, (_, since) in self._held.items() if since < cutoff]
        for session_id, file_id in old:
            self.remove_file(session_id, file_id)


_INSTALL_LOCK = threading.Lock()


def install() -> UploadGuard | None:
    """Guard the running server's uploads (once per server; None outside a server, e.g. AppTest)."""
    from streamlit.runtime import Runtime  # deferred: only a running server has one

    if not Runtime.exists():
        return None
    manager = Runtime.instance().uploaded_file_mgr
    with _INSTALL_LOCK:
        guard = getattr(manager, "_cancel_desk_guard", None)
        if guard is None:
            guard = UploadGuard(manager)
            manager._cancel_desk_guard = guard
    return guard


def taken(value):
    """An upload box's file, or None: none dropped, or one the page has read and freed (its box
    then holds Streamlit's ``DeletedFile``, and its ``on_change`` runs once more)."""
    return value if hasattr(value, "getvalue") else None


def release(file) -> None:
    """Free an upload the page has read: its bytes leave the server's memory now, not at session end."""
    from streamlit.runtime import Runtime  # deferred: only a running server has one
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if file is None or ctx is None or not Runtime.exists():
        return
    Runtime.instance().uploaded_file_mgr.remove_file(ctx.session_id, file.file_id)
