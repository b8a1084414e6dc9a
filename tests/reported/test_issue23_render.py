"""Issue 23, part 5: nothing from an address, a file name or an upload is rendered.

``/desk?exercise=[click](https://evil…)`` put a working link and an outside tracking image in
the app's own error box; so did ``seed=``, ``incidents=``, a lab link's policy, an uploaded
scenario's name and a report's file name.  Every page is walked here with a markdown and HTML
payload in each query parameter it reads and each upload field, and no markdown-rendering
element may carry the payload unescaped (it may appear escaped, or in st.text / st.code)."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from classroom.cohorts import Classroom
from classroom.store import AttemptStore
from classroom.store.db import sqlite_url
from tests.ui.signin import account, open_as, plain_texts
from ui.shared.text import plain
from ui.simulate.lab_link import encode_edits

ROOT = Path(__file__).resolve().parents[2]
DESK = str(ROOT / "ui" / "train" / "desk_page.py")
LAB, REPLAY = "ui/simulate/lab_page.py", "ui/simulate/replay_page.py"
PAYLOAD = (
    "[click](https://evil.example/x) ![t](https://evil.example/t.png) <img src=x onerror=alert(1)> **bold**"
)
# uploaded names and titles are at most 80 characters: the short payload fits
SHORT = "[c](https://evil.example/x) ![t](https://evil.example/t.png) <img src=x>"
LIVE = ("](https://evil", "<img", "<a ")
# every element whose value (or label) Streamlit renders as markdown
MARKDOWN = ("markdown", "caption", "error", "warning", "info", "success", "toast", "title", "header")
LABELED = ("button", "expander", "tabs", "metric", "checkbox", "selectbox", "text_input", "radio")


@pytest.fixture(autouse=True)
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("CANCEL_DESK_DB", str(tmp_path / "attempts.sqlite3"))
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))


def rendered(at: AppTest) -> list[str]:
    texts = [str(e.value) for kind in MARKDOWN for e in getattr(at, kind)]
    for kind in LABELED:
        texts += [str(e.label) for e in getattr(at, kind) if getattr(e, "label", None)]
    return texts


def live(text: str) -> bool:
    """Would this markdown make a link, an image or an HTML tag out of the payload?"""
    unescaped = re.sub(r"\\.", "", text)  # a backslash-escaped character renders as itself
    return any(p in unescaped for p in LIVE)


def assert_inert(at: AppTest, where: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    bad = [t for t in rendered(at) if live(t)]
    assert not bad, f"{where}: the payload renders as markup in {bad}"


def test_plain_escapes_every_piece_of_the_payload():
    assert not live(plain(PAYLOAD)) and "evil.example" in plain(PAYLOAD)
    assert plain("a_b*c") == r"a\_b\*c" and plain("<b>") == "&lt;b&gt;"


@pytest.mark.parametrize(
    "params",
    [
        {"exercise": PAYLOAD, "seed": "1"},
        {"exercise": "price_typo", "seed": PAYLOAD},
        {"exercise": "price_typo", "seed": "1", "scenario": PAYLOAD},
        {"shift": PAYLOAD, "seed": "1"},
        {"shift": "amazon_us", "seed": "1", "incidents": PAYLOAD},
        {"shift": "amazon_us", "seed": "1", "orders": PAYLOAD},
        {"shift": "amazon_us", "seed": "1", "messages": PAYLOAD},
        {"shift": "amazon_us", "seed": "1", "overdue": PAYLOAD},
        {"trainee": PAYLOAD},
    ],
    ids=lambda p: "-".join(p),
)
def test_desk_address(params):
    at = AppTest.from_file(DESK, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert_inert(at, f"desk {params}")


@pytest.mark.parametrize("key", ["scenario", "policy", "seed", "runs"])
def test_gallery_address(key):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params[key] = PAYLOAD
    at.run()
    assert_inert(at, f"gallery ?{key}=")


def lab_with(params: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.query_params.clear()
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(LAB).run()
    return at


POLICY = yaml.safe_load((ROOT / "scenarios" / "policies" / "cancel_first.yaml").read_text())
LINKED = {**POLICY, "title": SHORT, "description": PAYLOAD}


@pytest.mark.parametrize(
    "params",
    [
        {"scenario": PAYLOAD, "rulebook": PAYLOAD, "policy": PAYLOAD, "seed": PAYLOAD, "runs": PAYLOAD},
        {"edits": PAYLOAD},
        {"edits": encode_edits({"base": PAYLOAD, "policy": LINKED})},
    ],
    ids=["params", "raw-edits", "policy-description"],
)
def test_lab_link(params):
    at = lab_with(params)
    assert_inert(at, f"lab {list(params)}")


def _scenario() -> bytes:
    data = yaml.safe_load((ROOT / "scenarios" / "starter_shop.yaml").read_text())
    return yaml.safe_dump({**data, "name": SHORT, "description": PAYLOAD}).encode()


def _rulebook() -> bytes:
    data = yaml.safe_load((ROOT / "rules" / "amazon_in.yaml").read_text())
    return yaml.safe_dump({**data, "name": SHORT, "description": PAYLOAD}, allow_unicode=True).encode()


UPLOADS = {
    "scenario": _scenario,
    "policy": lambda: yaml.safe_dump({**POLICY, "title": SHORT, "description": PAYLOAD}).encode(),
    "rulebook": _rulebook,
    "bad-yaml": lambda: f"name: [{PAYLOAD}\n".encode(),
}


@pytest.mark.parametrize("what", list(UPLOADS))
@pytest.mark.parametrize("name", ["ok.yaml", PAYLOAD + ".yaml"], ids=["plain-name", "payload-name"])
def test_lab_uploads(what, name):
    at = lab_with({})
    kind = "scenario" if what == "bad-yaml" else what
    at.file_uploader(key=f"lab.up.{kind}").set_value((name, UPLOADS[what](), "application/x-yaml")).run()
    assert_inert(at, f"lab upload {what} named {name!r}")
    if what != "bad-yaml":  # a YAML syntax error quotes no value, and a file name only its last part
        assert any("evil.example" in t for t in rendered(at))


REPORTS = [b"amazon-order-id\tpurchase-date\n", b"not a report\n"]


@pytest.mark.parametrize("raw", REPORTS, ids=["empty", "bad"])
def test_report_file_name(raw):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(REPLAY).run()
    at.file_uploader(key="replay.file").set_value((PAYLOAD + ".txt", raw, "text/plain")).run()
    assert_inert(at, "replay")
    assert any("evil.example" in t for t in rendered(at))


# -- the trainer, account, home and rulebook pages (issue 22's pages): names, cohort names, memos,
# notes, assignment names and any query parameter, shown as text ---------------------------------

SHIFT = {"orders": 15, "rulebook": "amazon_uk", "incidents": 0.2, "messages": 0.0, "overdue": 0, "seed": 4242}


def _classroom_with_payloads(db: Path):
    """A cohort, a shift assignment, an attempt and a note, each carrying the payload."""
    tess, ann = account(db, "Tess", "trainer"), account(db, "Ann")
    room = Classroom(sqlite_url(db))
    cohort = room.create_cohort(SHORT, by=tess)
    room.join(cohort.join_code, ann)
    work = room.assign(cohort.id, "shift", SHORT, by=tess, params=SHIFT, pass_mark=0.5)
    step = {"hour": 1, "order_id": PAYLOAD, "action": "cancel", "ok": True, "rule": PAYLOAD,
            "detail": PAYLOAD, "reason": PAYLOAD, "status": PAYLOAD, "memo": PAYLOAD}  # fmt: skip
    miss = {"what": PAYLOAD, "why": PAYLOAD, "rule": PAYLOAD, "points": 1, "trap": PAYLOAD, "miss": PAYLOAD}
    store = AttemptStore(db)
    for who, uid, aid in ((PAYLOAD, None, None), ("Ann", ann.id, work.id)):  # an old row saved by typed name
        attempt = store.save(
            trainee=who, exercise_id="shift", exercise_title=f"Shift: {SHORT}", score=0.4, passed=False,
            steps=[step], deductions=[miss], started_at=datetime(2026, 1, 5, 9),
            ended_at=datetime(2026, 1, 5, 10), user_id=uid, assignment_id=aid,
        )  # fmt: skip
        store.annotate(attempt, PAYLOAD, by=tess.id)
    return cohort


def _with_params(at: AppTest) -> AppTest:
    for key in ("exercise", "seed", "cohort", "attempt", "tab", "name", "code", "rulebook", "trainee"):
        at.query_params[key] = PAYLOAD
    return at.run()


def _payload_shown(at: AppTest) -> bool:
    """The payload did reach the page, as text (a dataframe cell, st.text or code)."""
    return any("evil.example" in t for t in plain_texts(at))


def test_trainer_page(tmp_path):
    db = Path(os.environ["CANCEL_DESK_DB"])
    cohort = _classroom_with_payloads(db)
    at = _with_params(open_as("train/trainer_page.py", db, "Tess", "trainer", run=False))
    assert_inert(at, "trainer page")
    assert _payload_shown(at)
    at.selectbox(key="trainer_cohort").set_value(cohort.id).run()
    assert_inert(at, "trainer page, the payload cohort in scope")
    at.radio(key="trainer_kind").set_value("shift").run()
    at.text_input(key="trainer_shift").input(SHORT)
    at.button(key="FormSubmitter:trainer_assign-Assign").click().run()
    assert_inert(at, "trainer page, a shift assigned under the payload's name")
    assert any("evil.example" in s.value for s in at.success)  # said, escaped
    at.text_input(key="trainer_cohort_name").input(SHORT)
    at.button(key="FormSubmitter:trainer_new_cohort-Create cohort").click().run()
    assert_inert(at, "trainer page, a cohort created under the payload's name")


def test_home_page(tmp_path):
    db = Path(os.environ["CANCEL_DESK_DB"])
    _classroom_with_payloads(db)
    at = _with_params(open_as("auth/home_page.py", db, "Ann", run=False))
    assert_inert(at, "My training")
    assert _payload_shown(at)


@pytest.mark.parametrize("who", ["Ann", None], ids=["signed-in", "guest"])
def test_account_page(tmp_path, who):
    db = Path(os.environ["CANCEL_DESK_DB"])
    cohort = _classroom_with_payloads(db)
    at = _with_params(open_as("auth/account_page.py", db, who, run=False))
    assert_inert(at, "account page")
    at.text_input(key="auth_join_code").input(PAYLOAD[:20])
    if who is None:
        at.text_input(key="auth_join_name").input(PAYLOAD[:40])
        at.text_input(key="auth_join_pw").input("correct horse battery")
        at.text_input(key="auth_join_again").input("correct horse battery")
    at.button(key="FormSubmitter:auth_join-Join").click().run()
    assert_inert(at, "account page, a payload join code and name")
    if who is not None:  # joining the payload's cohort names it, as text
        at.text_input(key="auth_join_code").input(cohort.join_code)
        at.button(key="FormSubmitter:auth_join-Join").click().run()
        assert_inert(at, "account page, joined the payload cohort")


def test_rulebook_page():
    at = _with_params(
        AppTest.from_file(str(ROOT / "ui" / "reference" / "rulebook_page.py"), default_timeout=60)
    )
    assert_inert(at, "rulebook page")
