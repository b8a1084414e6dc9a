"""Issue 23, deliverable 3: sign-in that cannot be raced or turned against its owner, on SQLite
and PostgreSQL.  Tries are counted atomically before the password is checked, per name and
address with doubling waits; joins answer alike for every name; the change form is throttled
and ends other sessions; common passwords and look-alike names are refused."""

from __future__ import annotations

import threading

import pytest

import classroom.accounts as accounts_mod
from classroom.accounts import SIGN_IN, SIGN_IN_FAILED, AccountError, Accounts, SignInError, name_key
from classroom.cohorts import JOIN, JOIN_FAILED, Classroom
from classroom.throttle import wait_words
from tests.classroom.test_accounts import PW, Clock, url  # noqa: F401  (url: the two-database fixture)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def acc(url, clock) -> Accounts:  # noqa: F811
    return Accounts(url, clock=clock)


def _fail(acc: Accounts, name: str, address: str, password: str = "wrong guess here") -> str:
    with pytest.raises(SignInError) as e:
        acc.sign_in(name, password, address)
    return str(e.value)


def test_twelve_simultaneous_wrong_passwords_check_at_most_the_free_tries(acc, monkeypatch):
    acc.add_user("Tess", "trainer", PW)
    checked, lock, real = [], threading.Lock(), accounts_mod._verify

    def counting(hashed: str, password: str) -> bool:
        with lock:
            checked.append(password)
        return real(hashed, password)

    monkeypatch.setattr(accounts_mod, "_verify", counting)
    start, said = threading.Barrier(12), []

    def attack(i: int) -> None:
        start.wait()
        try:
            acc.sign_in("Tess", f"guess number {i}", "203.0.113.9")
        except SignInError as e:
            said.append(str(e))

    threads = [threading.Thread(target=attack, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(checked) == SIGN_IN.free == 5  # before: all 12 were checked against a limit of 5
    assert said.count(SIGN_IN_FAILED) == 5
    assert sum(s.startswith("Too many tries. Wait 30 seconds") for s in said) == 7


def test_waits_double_per_failure_of_the_pair_and_say_how_long(acc, clock):
    acc.add_user("Tess", "trainer", PW)
    for _ in range(SIGN_IN.free):
        assert _fail(acc, "Tess", "198.51.100.7") == SIGN_IN_FAILED
    waits = []
    for _ in range(7):
        said = _fail(acc, "tess", "198.51.100.7", PW)  # even the right password waits its turn
        waits.append(said)
        clock.t += (
            SIGN_IN.cap_s + 1
            if "15 minutes" in said
            else int(said.split()[4]) * (60 if "minute" in said else 1)
        )
        _fail(acc, "Tess", "198.51.100.7")  # the attacker's next guess, as soon as allowed
    assert waits[:6] == [
        f"Too many tries. Wait {w} and try again."
        for w in ("30 seconds", "1 minute", "2 minutes", "4 minutes", "8 minutes", "15 minutes")
    ]
    assert waits[6] == "Too many tries. Wait 15 minutes and try again."  # capped


def test_the_owner_at_another_address_gets_in_while_a_stranger_is_held(acc):
    acc.add_user("Tess", "trainer", PW)
    for _ in range(SIGN_IN.free + 3):
        _fail(acc, "Tess", "203.0.113.66")
    assert "Too many tries" in _fail(acc, "Tess", "203.0.113.66")
    assert acc.sign_in("Tess", PW, "192.0.2.10")[0].name == "Tess"  # not locked out by a stranger


def test_a_classroom_behind_one_address_is_not_locked_out_by_one_guesser(acc):
    acc.add_user("Ann", "trainee", PW)
    for i in range(40):  # twice the old per-address lockout, spread over many names
        _fail(acc, f"name{i}", "10.0.0.7")
    assert acc.sign_in("Ann", PW, "10.0.0.7")[0].name == "Ann"


def test_a_success_clears_the_pair(acc):
    acc.add_user("Ann", "trainee", PW)
    for _ in range(SIGN_IN.free - 1):
        _fail(acc, "Ann", "a")
    acc.sign_in("Ann", PW, "a")
    for _ in range(SIGN_IN.free):
        assert _fail(acc, "Ann", "a") == SIGN_IN_FAILED  # counted from zero again


def test_a_reset_lifts_the_wait_everywhere(acc):
    acc.add_user("Ann", "trainee", PW)
    for _ in range(SIGN_IN.free + 1):
        _fail(acc, "Ann", "a")
    once = acc.reset_password("Ann")
    assert acc.sign_in("Ann", once, "a")[0].must_change


def test_change_password_is_throttled_and_ends_the_other_sessions(acc, clock):
    user, _ = acc.add_user("Ann", "trainee", PW)
    _u, here = acc.sign_in("Ann", PW, "a")
    _u, there = acc.sign_in("Ann", PW, "b")
    new = "a brand new passphrase"
    for _ in range(SIGN_IN.free):
        with pytest.raises(AccountError, match="current password is not right"):
            acc.change_password(user.id, "not my password", new, address="a", keep=here)
    with pytest.raises(AccountError, match=r"Too many tries\. Wait 30 seconds"):
        acc.change_password(user.id, PW, new, address="a", keep=here)  # before: no limit at all
    clock.t += 31
    acc.change_password(user.id, PW, new, address="a", keep=here)
    assert acc.user_for(here) is not None  # the session that changed it stays
    assert acc.user_for(there) is None  # every other one ends


@pytest.mark.parametrize("weak", ["aaaaaaaaaa", "1234567890", "password12", "Password12", "qwertyuiop"])
def test_common_and_repetitive_passwords_are_refused_with_a_hint(acc, weak):
    with pytest.raises(AccountError) as e:
        acc.add_user("Ann", "trainee", weak)
    assert "Choose a longer phrase" in str(e.value)


def test_long_uncommon_passwords_need_no_composition(acc):
    for i, ok in enumerate(["correct horse battery", "kettle under the stairs", "ñandú sobre la mesa"]):
        acc.add_user(f"Ann {i}", "trainee", ok)  # no digit, capital or symbol required


def test_look_alike_names_are_one_account(acc):
    acc.add_user("Alice Trainee", "trainee", PW)
    for twin in ("\u0410lice Trainee", "ALICE TRAINEE", "\uff21lice Trainee", "Alice Tr\u0430inee"):
        assert name_key(twin) == name_key("Alice Trainee")
        with pytest.raises(AccountError, match="already exists"):
            acc.add_user(twin, "trainee", PW)
    assert [u.name for u in acc.users()] == ["Alice Trainee"]  # the display name as typed
    assert acc.sign_in("\u0410LICE trainee", PW, "a")[0].name == "Alice Trainee"


def test_join_answers_alike_for_every_name_and_is_throttled(url, clock):  # noqa: F811
    room = Classroom(url)
    room.accounts._clock = clock
    tess, _ = room.accounts.add_user("Tess", "trainer", PW)
    code = room.create_cohort("Mon", by=tess).join_code
    room.accounts.add_user("Alice Trainee", "trainee", PW)
    said = set()
    for name in ("Alice Trainee", "\u0410lice Trainee", "Tess"):
        with pytest.raises(AccountError) as e:
            room.register(code, name, "another good phrase", address="203.0.113.5")
        said.add(str(e.value))
    assert said == {JOIN_FAILED}  # before: "An account named 'Alice Trainee' already exists."
    for _ in range(JOIN.free - 3):
        with pytest.raises(AccountError, match=JOIN_FAILED):
            room.register(code, "Tess", "another good phrase", address="203.0.113.5")
    with pytest.raises(AccountError, match=r"Too many tries\. Wait 30 seconds"):
        room.register(code, "Brand New Two", "another good phrase", address="203.0.113.5")
    user, _token = room.register(code, "Brand New", "another good phrase", address="198.51.100.1")
    assert user.name == "Brand New"  # another address joins at once


def test_wait_words():
    assert [wait_words(s) for s in (1, 30, 60, 61, 900)] == [
        "1 second",
        "30 seconds",
        "1 minute",
        "2 minutes",
        "15 minutes",
    ]


def test_migration_0007_refolds_name_keys_and_keeps_old_twins(url):  # noqa: F811
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from classroom.store.db import _MIGRATIONS, HEAD, dispose_engines, engine_for

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    engine = engine_for(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
        conn.execute(sa.text("DELETE FROM users"))
        for name, key in [("Alice", "alice"), ("\u0410lice", "\u0430lice"), ("\uff22ob", "\uff42ob")]:
            conn.execute(
                sa.text(
                    "INSERT INTO users (name, name_key, role, password_hash, must_change, disabled,"
                    " created_at) VALUES (:n, :k, 'trainee', 'x', 0, 0, '2026-01-01T00:00:00')"
                ),
                {"n": name, "k": key},
            )
    dispose_engines()
    acc = Accounts(url)  # opening migrates to HEAD
    keys = {u.name: name_key(u.name) for u in acc.users()}
    with acc._store._read() as conn:
        stored = dict(conn.execute(sa.text("SELECT name, name_key FROM users")).all())
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == HEAD
    # the look-alike twin kept its old key; the full-width name is folded
    assert stored == {"Alice": "alice", "\u0410lice": "\u0430lice", "\uff22ob": "bob"}
    assert keys["\uff22ob"] == "bob"
