"""`python -m benchmarks.loadtest.serve run app.py ...`: `streamlit run` with a stopwatch.

The server-side figure of the load test: for every browser session, the time from a
rerun request arriving (a click) to that request's last script run finishing (after any
`st.rerun()` it asked for), stamped in the server's own event loop.  Unlike the figures
taken in the browsers, it cannot be slowed down by the load generator's own drawing on
this shared machine.  One line per request, ``request finished`` in CLOCK_MONOTONIC
seconds (the same clock in every process), appended to ``$LOADTEST_RUN_LOG``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from streamlit.runtime.app_session import AppSession
from streamlit.runtime.scriptrunner import ScriptRunnerEvent
from streamlit.web import cli

LOG_ENV = "LOADTEST_RUN_LOG"
_FINISHED = {
    ScriptRunnerEvent.SCRIPT_STOPPED_WITH_SUCCESS,
    ScriptRunnerEvent.SCRIPT_STOPPED_WITH_COMPILE_ERROR,
    ScriptRunnerEvent.FRAGMENT_STOPPED_WITH_SUCCESS,
}


def install(log_path: str) -> None:
    """Wrap two AppSession methods; both run on the server's event loop thread, so no lock."""
    out = open(log_path, "a", buffering=1)  # noqa: SIM115  (open for the server's lifetime)
    asked: dict[str, float] = {}  # session id -> when its oldest unanswered rerun request came
    handle_backmsg = AppSession.handle_backmsg
    on_event = AppSession._handle_scriptrunner_event_on_event_loop

    def timed_backmsg(self, msg):
        if msg.WhichOneof("type") == "rerun_script":
            asked.setdefault(self.id, time.monotonic())
        return handle_backmsg(self, msg)

    def timed_event(self, sender, event, *args, **kwargs):
        result = on_event(self, sender, event, *args, **kwargs)
        if event in _FINISHED and self.id in asked:
            out.write(f"{asked.pop(self.id):.6f} {time.monotonic():.6f}\n")
        return result

    AppSession.handle_backmsg = timed_backmsg
    AppSession._handle_scriptrunner_event_on_event_loop = timed_event


def read(log_path: str, since: float) -> list[float]:
    """Seconds from request to finished, for the requests that came at or after ``since``."""
    try:
        lines = Path(log_path).read_text().split("\n")
    except FileNotFoundError:
        return []
    pairs = [tuple(map(float, line.split())) for line in lines if line.strip()]
    return [end - start for start, end in pairs if start >= since]


if __name__ == "__main__":
    install(os.environ[LOG_ENV])
    sys.argv[0] = "streamlit"
    sys.exit(cli.main())
