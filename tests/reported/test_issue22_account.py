"""Issue 22, the trainee's account: joining a cohort and changing a password said nothing (the
"Password changed." line vanished with the rerun), the join code stayed in its box, and My
training told a signed-in trainee with no attempts to "sign in".  Each change now says so once,
in the app's one confirmation style, and the boxes are empty again."""

from __future__ import annotations

from classroom.cohorts import Classroom
from tests.ui.signin import XSS, account, open_as, plain_texts


def test_joining_says_which_cohort_once_and_empties_the_code_box(db):
    trainer = account(db, "Tess", "trainer")
    cohort = Classroom().create_cohort(f"Evening {XSS}", by=trainer)
    at = open_as("auth/account_page.py", db, "Ann")
    at.text_input(key="auth_join_code").input(cohort.join_code)
    at.button(key="FormSubmitter:auth_join-Join").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Joined the cohort:"]
    assert cohort.name in plain_texts(at)  # the trainer's words as text, not markdown
    assert at.text_input(key="auth_join_code").value == ""
    at.run()  # said once: the next run is quiet
    assert not at.success


def test_changing_the_password_says_so_after_the_rerun(db):
    at = open_as("auth/account_page.py", db, "Ann")
    at.text_input(key="auth_pw_old").input("correct horse battery")
    at.text_input(key="auth_pw_new").input("a brand new passphrase")
    at.text_input(key="auth_pw_again").input("a brand new passphrase")
    at.button(key="FormSubmitter:auth_pw-Change password").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Password changed."]
    assert at.text_input(key="auth_pw_new").value == ""


def test_my_training_does_not_ask_a_signed_in_trainee_to_sign_in(db):
    at = open_as("auth/home_page.py", db, "Ann")
    assert not at.exception
    words = " ".join(i.value for i in at.info).lower()
    assert "no recorded attempts yet" in words and "sign in" not in words
