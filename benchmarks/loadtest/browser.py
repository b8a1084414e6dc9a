"""One headless Chromium per worker process, and the one way every action is timed.

An action is done when the server has answered it and the page has gone quiet.  Two
records, both kept in the page with ``performance.now()``:

- every websocket message the page sends or receives (``WebSocket`` is wrapped before the
  app loads), and
- every change of the app's ``data-test-script-state`` (a MutationObserver).

The script-state attribute alone is not enough: on a starved browser all of a run's
messages can arrive before React renders, React batches them, and the attribute never
leaves ``notRunning`` although the run happened.  So an action counts as done at the last
message received (or the last state change) after which the page stayed quiet for
``QUIET_MS`` with the script not running.  A click that ends in ``st.rerun()`` makes two
runs; the quiet wait covers the gap between them and is not part of the figure.

Two figures come of each action:

- **answered**: from the click's message leaving the browser to the server's last message
  of the action arriving, both stamped by the browser's network stack (the DevTools
  protocol's ``Network.webSocketFrame*`` timestamps).  This is the server's responsiveness
  as a trainee's own computer would see it, and what the targets are about.
- **drawn**: from the click to the page having handled that last message, as above.  On
  this one machine twenty browsers share the server's two cores, so this one also measures
  the load generator's own rendering; it is reported beside, never instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

QUIET_MS = 500  # longer than the gap between a run and the rerun it asks for, even under load
TIMEOUT_MS = 60_000

# Runs in every page before the app's own scripts: the app's websocket is a watched one.
_WIRE = """(() => {
  const Native = window.WebSocket;
  window.__lt = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => window.__lt.push([performance.now(), 'recv']));
    }
    send(data) {
      window.__lt.push([performance.now(), 'sent']);
      return super.send(data);
    }
  };
})();"""
_WATCH = """() => {
  if (window.__watching) return;
  window.__watching = true;
  // the whole document, not one element: React may replace the app's root element
  new MutationObserver((records) => records.forEach((r) => window.__lt.push(
      [performance.now(), r.target.getAttribute('data-test-script-state')])))
    .observe(document.documentElement,
             {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
}"""
_STATE = """([t0]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  return `script ${app && app.getAttribute('data-test-script-state')}, `
    + `connection ${document.querySelector('[data-test-connection-state]')
                    ?.getAttribute('data-test-connection-state')}, `
    + `since the action: ${window.__lt.filter(([t]) => t >= t0).map(([, s]) => s).join(' ') || '(nothing)'}`;
}"""
_DONE = """([t0, quiet]) => {
  const log = window.__lt.filter(([t, s]) => t >= t0 && s !== 'sent');
  if (!log.length) return false;  // the server has not answered yet
  const app = document.querySelector('[data-testid="stApp"]');
  if (app && app.getAttribute('data-test-script-state') === 'running') return false;
  const [t] = log[log.length - 1];
  return performance.now() - t >= quiet ? t - t0 : false;
}"""


class ActionError(RuntimeError):
    """The app showed an exception, or an action never finished."""


_CONSOLE: dict[int, list[str]] = {}  # per page: its console's errors, for an action's error
_FRAMES: dict[int, list[tuple[float, str]]] = {}  # per page: (network timestamp, sent|recv)
_DRAWN: list[float] = []  # the last action's "drawn" figure (one page per worker process)
_STAMPS: list[tuple[float, float]] = []  # the last action's (click sent, answer's last frame read)


def take_drawn() -> float | None:
    """The "drawn" figure of the action just timed (None after a page load)."""
    return _DRAWN.pop() if _DRAWN else None


def take_stamps() -> tuple[float, float] | None:
    """The action just timed as (click sent, last answer frame read), in CLOCK_MONOTONIC seconds."""
    return _STAMPS.pop() if _STAMPS else None


def _watch_network(page: Page) -> None:
    frames = _FRAMES.setdefault(id(page), [])
    cdp = page.context.new_cdp_session(page)
    cdp.on("Network.webSocketFrameSent", lambda e: frames.append((e["timestamp"], "sent")))
    cdp.on("Network.webSocketFrameReceived", lambda e: frames.append((e["timestamp"], "recv")))
    cdp.send("Network.enable")


def _answered(page: Page, first: int) -> float | None:
    """Seconds from the first frame sent after index ``first`` to the last frame received."""
    page.evaluate("0")  # a round trip: the DevTools events of the action have been delivered
    new = _FRAMES.get(id(page), [])[first:]
    sent = [t for t, d in new if d == "sent"]
    recv = [t for t, d in new if d == "recv" and sent and t >= sent[0]]
    if not recv:
        return None
    _STAMPS[:] = [(sent[0], recv[-1])]  # DevTools' timestamps: the server's clock too
    return recv[-1] - sent[0]


def _console_errors(page: Page) -> str:
    errors = [c for c in _CONSOLE.get(id(page), []) if c.startswith(("error", "warning"))][-3:]
    return f"; console: {errors}" if errors else ""


@contextmanager
def chromium_page() -> Iterator[Page]:
    """A fresh browser and page (this process's own Chromium, Debian's binary)."""
    expect.set_options(timeout=TIMEOUT_MS)  # a starved renderer can take longer than the 5 s default
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_init_script(_WIRE)
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            console = _CONSOLE.setdefault(id(page), [])
            page.on("console", lambda m: console.append(f"{m.type}: {m.text[:160]}"))
            _watch_network(page)
            yield page
        finally:
            browser.close()


def wait_ready(page: Page) -> None:
    """Connected, script finished, nothing stale: the state a person would act in."""
    page.wait_for_selector('[data-test-connection-state="CONNECTED"]', state="attached")
    page.wait_for_selector('[data-test-script-state="notRunning"]', state="attached")
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="detached")
    page.evaluate(_WATCH)


def timed(page: Page, act: Callable[[], None], done: Callable[[], None] | None = None) -> float:
    """Seconds from ``act`` (a click, a keypress) to the server's answer (see the module's
    docstring; the "drawn" figure is kept for ``take_drawn``).

    ``done`` (optional) then checks the page shows what the action should have made.
    """
    page.evaluate(_WATCH)
    first = len(_FRAMES.get(id(page), []))
    t0 = page.evaluate("performance.now()")
    act()
    try:
        handle = page.wait_for_function(_DONE, arg=[t0, QUIET_MS], polling=50, timeout=TIMEOUT_MS)
    except PlaywrightTimeout:
        raise ActionError(
            f"no finished run in {TIMEOUT_MS / 1000:.0f} s: {page.evaluate(_STATE, [t0])}"
            + _console_errors(page)
        ) from None
    drawn = float(handle.json_value()) / 1000
    answered = _answered(page, first)
    if done is not None:
        done()
    failed = page.locator('[data-testid="stException"]')
    if failed.count():
        raise ActionError("the app raised: " + failed.first.inner_text()[:300])
    _DRAWN[:] = [drawn]
    return drawn if answered is None else answered


def timed_load(page: Page, url: str) -> float:
    """Seconds from navigating to ``url`` to its first script run finishing (a fresh session)."""
    start = time.perf_counter()
    page.goto(url)
    wait_ready(page)
    return time.perf_counter() - start
