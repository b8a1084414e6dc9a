"""Issue 23 item 4 on the desk (AppTest): one account's two tabs on one attempt.  The stale tab
is told in words and shows the attempt as the other left it; both tabs' Finish give one record."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from classroom.store import AttemptStore, LiveStore
from tests.ui.signin import open_as

PAGE = "train/desk_page.py"


def _clock(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "Simulated time" in m.value)


def _finish(at: AppTest) -> AppTest:
    at.button(key="desk_finish").click().run()
    if any(b.key == "desk_finish_yes" for b in at.button):  # nothing done yet: it asks first
        at.button(key="desk_finish_yes").click().run()
    assert not at.exception
    return at


def test_the_stale_tab_is_told_and_shows_the_newer_attempt(db):
    a = open_as(PAGE, db, "Ann")
    a.button(key="desk_start").click().run()
    b = open_as(PAGE, db, "Ann")  # the second tab finds the attempt in progress
    assert any(x.key == "desk_finish" for x in b.button)
    a.button(key="desk_wait_24").click().run()
    a.button(key="desk_wait_24").click().run()  # 48 simulated hours in tab A
    b.button(key="desk_wait_1").click().run()  # tab B still holds the attempt as it was
    assert not b.exception
    assert any("changed in another tab" in w.value for w in b.warning)
    assert _clock(b) == _clock(a)  # B shows A's 48 hours, not its own stale hour on top of nothing
    owner = next(k for k in ("user:1", "user:2") if LiveStore().get(k))
    assert len(LiveStore().get(owner).journal) == 2
    b.run()
    assert not any("changed in another tab" in w.value for w in b.warning)  # said once


def test_two_tabs_finishing_one_attempt_make_one_record(db):
    a = open_as(PAGE, db, "Ann")
    a.button(key="desk_start").click().run()
    b = open_as(PAGE, db, "Ann")
    _finish(a)
    assert AttemptStore().count() == 1
    _finish(b)
    assert AttemptStore().count() == 1  # before: two records of one attempt
    assert any("finished in another tab" in w.value for w in b.warning)
    assert any(x.key == "desk_start" for x in b.button)
