"""A classroom in a real browser: a trainer makes a cohort, a trainee joins with its code and
finishes an attempt, the trainer sees it; guests are not recorded; typed markup stays text;
two servers share one PostgreSQL; a SIGKILLed server loses no finished attempt, and the
attempt in progress resumes after the restart."""

from __future__ import annotations

import re
import signal

from playwright.sync_api import Page, expect

from classroom.store import AttemptStore, dispose_engines
from tests.e2e.conftest import StreamlitServer, open_page, wait_for_app
from tests.e2e.test_desk_helpers import PASSWORD, click, finish_attempt, go, settle, sign_in, start_exercise

XSS = ":red[x] **b** <img src=x onerror=alert(1)>"
EXERCISE = "Gift wrapping you cannot offer"


def _new_page(browser) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(30_000)
    return page


def _finish(page: Page) -> None:
    finish_attempt(page)
    expect(page.locator(".st-key-desk_debrief")).to_be_visible()


def _trainer_sees(page: Page, trainee: str) -> None:
    go(page, "Trainer records")
    page.get_by_role("tab", name="Attempts").click()
    table = page.locator('[data-testid="stDataFrame"]').filter(has_text=EXERCISE).first
    expect(table).to_contain_text(trainee)


def _count(server: StreamlitServer) -> int:
    n = AttemptStore(url=server.store_url).count()
    dispose_engines()
    return n


def test_trainer_cohort_trainee_joins_attempt_seen(browser, app_server):
    trainer, trainee = _new_page(browser), _new_page(browser)
    try:
        sign_in(trainer, app_server, "Tess", "trainer")
        go(trainer, "Trainer records")
        trainer.get_by_role("tab", name="Cohorts").click()
        trainer.get_by_label("Cohort name").fill(XSS)
        trainer.get_by_role("button", name="Create cohort").click()
        settle(trainer)
        made = trainer.locator('[data-testid="stAlert"]').filter(has_text="join with the code").inner_text()
        code = re.search(r"code ([A-Z0-9]{8})", made).group(1)
        # the cohort name is on the page as text: no <img> was made from it, no bold, no colour
        expect(trainer.locator('[data-testid="stMain"]')).to_contain_text(XSS)
        assert trainer.locator('img[src="x"]').count() == 0
        open_page(trainee, app_server, "account")
        form = trainee.locator('[data-testid="stForm"]').filter(has_text="New trainee")
        form.get_by_label("Join code (from your trainer)").fill(code.lower())
        form.get_by_label("Your name").fill("Jo")
        form.get_by_role("textbox", name="Password (at least 10 characters)").fill(PASSWORD)
        form.get_by_role("textbox", name="Password again").fill(PASSWORD)
        form.get_by_role("button", name="Join").click()
        settle(trainee)
        expect(trainee.locator('[data-testid="stMain"]')).to_contain_text("Signed in as Jo (trainee)")
        go(trainee, "Manage Orders (training)")
        trainee.get_by_role("button", name="Start").click()
        settle(trainee)
        _finish(trainee)
        expect(trainee.locator(".st-key-desk_debrief")).to_contain_text("Saved as attempt")
        trainer.reload()  # a reload stays signed in: the HttpOnly session cookie (issue 22)
        wait_for_app(trainer)
        _trainer_sees(trainer, "Jo")
        assert trainer.locator('img[src="x"]').count() == 0
    finally:
        trainer.context.close()
        trainee.context.close()


def test_a_guest_attempt_is_not_recorded(browser, app_server):
    page = _new_page(browser)
    before = _count(app_server)
    try:
        start_exercise(page, app_server, None, EXERCISE)
        _finish(page)
        expect(page.locator(".st-key-desk_debrief")).to_contain_text("Guest practice: graded, not recorded.")
    finally:
        page.context.close()
    assert _count(app_server) == before


def test_two_servers_share_one_postgres(browser, postgres_url, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = StreamlitServer(tmp_path / "a", db_url=postgres_url).start()
    b = StreamlitServer(tmp_path / "b", db_url=postgres_url).start()
    trainee, trainer = _new_page(browser), _new_page(browser)
    try:
        start_exercise(trainee, a, "Kim", EXERCISE)
        _finish(trainee)
        sign_in(trainer, b, "Tess", "trainer")
        _trainer_sees(trainer, "Kim")  # finished on A, listed by B
    finally:
        trainee.context.close()
        trainer.context.close()
        a.stop()
        b.stop()
        dispose_engines()


def test_sigkill_mid_attempt_loses_nothing_and_the_attempt_in_progress_resumes(browser, tmp_path):
    server = StreamlitServer(tmp_path).start()
    page = _new_page(browser)
    try:
        start_exercise(page, server, "Lu", EXERCISE)
        _finish(page)
        page.locator(".st-key-desk_again button").click()
        settle(page)
        page.locator(".st-key-desk_start button").click()
        settle(page)
        card = page.locator(".st-key-desk_card")
        expect(card).to_be_visible()
        before = re.search(r"Simulated time: (.+)", card.inner_text()).group(1).strip()
        click(page, "Wait 4 h")  # the second attempt is in progress when the server dies
        expect(card).not_to_contain_text(f"Simulated time: {before}")  # the wait's rerun has drawn
        clock = re.search(r"Simulated time: (.+)", card.inner_text()).group(1).strip()
        server.proc.send_signal(signal.SIGKILL)
        server.proc.wait(10)
        assert server.proc.returncode == -signal.SIGKILL
    finally:
        page.context.close()
    assert _count(server) == 1  # the finished attempt was committed before the debrief showed
    again = StreamlitServer(tmp_path).start()
    trainer, lu = _new_page(browser), _new_page(browser)
    try:
        sign_in(trainer, again, "Tess", "trainer")
        _trainer_sees(trainer, "Lu")
        # the attempt in progress resumes where it was, 4 simulated hours in
        sign_in(lu, again, "Lu")
        go(lu, "Manage Orders (training)")
        card = lu.locator(".st-key-desk_card")
        expect(card).to_contain_text(EXERCISE)
        expect(card).to_contain_text(f"Simulated time: {clock}")
    finally:
        lu.context.close()
        trainer.context.close()
        again.stop()
