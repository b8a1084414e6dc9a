"""What can go wrong with the attempts database, as values a page can show.

Both errors say what happened, where, and what to do; neither is a bug.  A page
catches :class:`StoreError`, shows ``str(err)`` and keeps the attempt in memory so
that pressing the button again saves it.
"""

from __future__ import annotations

import logging
from pathlib import Path

# Where the database is and who it connects as (its user, the server's paths) is for the
# operator's log only: a visitor's message says what happened and what to do, not where.
log = logging.getLogger("classroom.store")


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
            "The attempts database is not answering.",
            "Nothing already saved is lost; try again in a moment.",
        )
        self.where, self.detail = where, detail
        log.warning("attempts database %s is not answering: %s", where, detail)


class DataFolderError(StoreError):
    """The SQLite data folder cannot be written: read-only, full or missing permissions."""

    def __init__(self, folder: Path, detail: str) -> None:
        super().__init__(
            f"The data folder cannot be used for attempts ({_kind(detail)}).",
            "Attempts already saved are kept. The operator can make it writable or free some space "
            "(its path is in the server's log).",
        )
        self.folder, self.detail = folder, detail
        log.warning("data folder %s cannot be used for attempts: %s", folder, detail)


def _kind(detail: str) -> str:
    """What went wrong, in words that name no path (a driver's detail may quote one)."""
    low = detail.lower()
    if "full" in low or "no space" in low:
        return "the disk is full"
    if "read" in low and "only" in low:
        return "it is read-only"
    if "permission" in low or "denied" in low:
        return "no permission to write there"
    if "not a directory" in low or "file exists" in low:
        return "it is not a folder"
    return "it cannot be written"


class StaleAttempt(Exception):
    """An attempt in progress was written (or finished) elsewhere since this tab read it: the
    write is refused, so the newer work stands.  Not a :class:`StoreError`: nothing is down."""

    def __init__(self, owner: str) -> None:
        super().__init__(
            "This attempt was changed in another tab or window since this one read it, so this "
            "tab's last step was not kept. It now shows the attempt as saved; carry on from here."
        )
        self.owner = owner
