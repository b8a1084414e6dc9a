"""What can go wrong with the attempts database, as values a page can show.

Both errors say what happened, where, and what to do; neither is a bug.  A page
catches :class:`StoreError`, shows ``str(err)`` and keeps the attempt in memory so
that pressing the button again saves it.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base of the store's errors: ``message`` for people, ``hint`` for what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(f"{message} {hint}")
        self.message = message
        self.hint = hint


class StoreUnavailable(StoreError):
    """The database server did not answer (restarting, network, locked): a retry fixes it."""

    def __init__(self, where: str, detail: str) -> None:
        super().__init__(
            f"The attempts database {where} is not answering ({detail}).",
            "Nothing already saved is lost; try again in a moment.",
        )
        self.where = where


class DataFolderError(StoreError):
    """The SQLite data folder cannot be written: read-only, full or missing permissions."""

    def __init__(self, folder: Path, detail: str) -> None:
        super().__init__(
            f"The data folder {folder} cannot be used for attempts ({detail}).",
            "Make it writable or free some space, or point CANCEL_DESK_DATA / CANCEL_DESK_DB_URL "
            "elsewhere; attempts already saved are kept.",
        )
        self.folder = folder
