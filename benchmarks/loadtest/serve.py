"""`python -m benchmarks.loadtest.serve run serve.py ...`: `streamlit run` with a stopwatch.

The server-side figure of the load test: for every browser session, the time from a
rerun request arriving (a click) to the server handing the last message of its answer to
the session's websocket: the "script finished" message of the request's last script run
(after any `st.rerun()` it asked for).  Both ends are stamped in the server's own event
loop, so the figure includes the script runs, the waits for the GIL and the sending of
every element, and cannot be slowed down by the load generator's own drawing on this
shared machine (a starved browser reads its socket late: its network stamps then lag the
server's by seconds).  One line per request, ``request answered`` in CLOCK_MONOTONIC
seconds (the same clock in every process), appended to ``$LOADTEST_RUN_LOG``.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.runtime import Runtime
from streamlit.web import cli

LOG_ENV = "LOADTEST_RUN_LOG"
# A run that ends the request's answer; FINISHED_EARLY_FOR_RERUN is followed by another run.
_LAST = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


def install(log_path: str) -> None:
    """Wrap AppSession.handle_backmsg and Runtime._send_message; both run on the server's
    event loop thread, so no lock."""
    out = open(log_path, "a", buffering=1)  # noqa: SIM115  (open for the server's lifetime)
    asked: dict[str, float] = {}  # session id -> when its oldest unanswered rerun request came
    handle_backmsg = AppSession.handle_backmsg
    send_message = Runtime._send_message

    def timed_backmsg(self, msg):
        if msg.WhichOneof("type") == "rerun_script":
            asked.setdefault(self.id, time.monotonic())
        return handle_backmsg(self, msg)

    def timed_send(self, session_info, msg):
        result = send_message(self, session_info, msg)
        sid = session_info.session.id
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished in _LAST and sid in asked:
            out.write(f"{asked.pop(sid):.6f} {time.monotonic():.6f}\n")
        return result

    AppSession.handle_backmsg = timed_backmsg
    Runtime._send_message = timed_send


def read(log_path: str, since: float) -> list[tuple[float, float]]:
    """(request came, answer sent) of the requests that came at or after ``since``."""
    try:
        lines = Path(log_path).read_text().split("\n")
    except FileNotFoundError:
        return []
    pairs = [tuple(map(float, line.split())) for line in lines if line.strip()]
    return [(start, end) for start, end in pairs if start >= since]


if __name__ == "__main__":
    install(os.environ[LOG_ENV])
    sys.argv[0] = "streamlit"
    sys.exit(cli.main())
