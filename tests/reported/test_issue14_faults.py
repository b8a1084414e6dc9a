"""Issue 14, faults survived: "PostgreSQL restarts under a running app: the app reconnects
(pool pre-ping). The trainee sees a clear message, not a traceback, and loses nothing." """

from __future__ import annotations

from classroom import AttemptStore
from classroom.accounts import Accounts
from classroom.store import dispose_engines
from tests.ui.signin import PW, ROOT, finish_desk, open_as
from ui.auth.session import AuthState


def test_postgres_down_at_finish_keeps_the_attempt_and_a_retry_saves_it(postgres, postgres_url, monkeypatch):
    """ "The trainee sees a clear message, not a traceback, and loses nothing." """
    monkeypatch.setenv("CANCEL_DESK_DB_URL", postgres_url)
    Accounts(postgres_url).add_user("Ann", "trainee", PW)
    at = open_as("train/desk_page.py", ROOT / "unused", None, run=False)
    _user, token = Accounts(postgres_url).sign_in("Ann", PW, "t")
    at.session_state["auth"] = AuthState(token)
    at.run()
    at.selectbox(key="desk_exercise").set_value("gift_wrap_unavailable")
    at.button(key="desk_start").click().run()
    at.button(key="desk_card_order").click().run()
    steps_before = len(at.session_state["desk"].desk.steps)
    postgres.pg_ctl("stop")
    try:
        finish_desk(at)
        assert not at.exception
        (err,) = at.error
        assert "is not answering" in err.value and "press Finish again" in err.value
        assert at.session_state["desk"].desk is not None and at.session_state["desk"].finished is None
    finally:
        postgres.pg_ctl("start")
    assert len(at.session_state["desk"].desk.steps) == steps_before  # nothing of the attempt lost
    finish_desk(at)  # the same desk, after the restart: pre-ping reconnects
    assert not at.exception and not at.error
    (saved,) = AttemptStore(url=postgres_url).attempts()
    assert saved.trainee == "Ann" and len(saved.steps) == steps_before
    dispose_engines()
