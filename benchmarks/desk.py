"""`python -m benchmarks.desk`: server time per desk click, and the time to draw a shift.

Part of `make bench`, not a test.  Figures for this machine:

* ``click``    one click on the Manage Orders page, run headless with Streamlit's AppTest: the
               whole script rerun the server does for it (open an order, wait, ship an order,
               back to the list), including the write of the attempt in progress to SQLite;
* ``core``     the same actions on the core alone (no page), with the live-attempt write;
* ``shift``    drawing a 30-order shift (``training.shift.new_shift``), grading it, and
               rebuilding it from its journal (what a reload or a server restart does).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

CLICKS = 30
REPEAT = 20


def _ms(xs: list[float]) -> str:
    return f"median {statistics.median(xs) * 1000:.1f} ms, max {max(xs) * 1000:.1f} ms (n={len(xs)})"


def bench_clicks() -> list[float]:
    from streamlit.testing.v1 import AppTest  # deferred: only this measurement needs streamlit

    page = str(Path(__file__).resolve().parents[1] / "ui" / "train" / "desk_page.py")
    at = AppTest.from_file(page, default_timeout=120).run()
    at.selectbox(key="desk_exercise").set_value("out_of_stock_cancel")
    at.button(key="desk_start").click().run()
    times = []
    for k in range(CLICKS):
        d = at.session_state["desk"].desk
        if k % 3 == 0:
            b = at.button(key="desk_card_order")
        elif k % 3 == 1:
            b = at.button(key="desk_wait_1")
        else:
            b = at.button(key="desk_back_list")
        t = time.perf_counter()
        b.click().run()
        times.append(time.perf_counter() - t)
        assert not at.exception, at.exception
        assert d is at.session_state["desk"].desk
    return times


def bench_core() -> list[float]:
    from classroom.store import LiveStore  # deferred: as above
    from training.session import new_desk  # deferred: main() sets CANCEL_DESK_DB first

    live = LiveStore()
    d = new_desk("out_of_stock_cancel", seed=3)
    oid = d.exercise_order.order_id
    times = []
    for k in range(CLICKS):
        t = time.perf_counter()
        if k % 2:
            d.wait(1, oid)
        else:
            d.open_order(oid)
        d.account()
        live.put("bench", trainee="bench", recipe=d.recipe, journal=d.journal)
        times.append(time.perf_counter() - t)
    return times


def bench_shift() -> dict[str, list[float]]:
    from training.journal import replay  # deferred: main() sets CANCEL_DESK_DB first
    from training.session import DESK_SCENARIO, DESK_SEED, build, cached_background  # deferred: as above
    from training.shift import ShiftParams, grade_shift, new_shift  # deferred: as above

    bg = cached_background(DESK_SCENARIO, DESK_SEED)
    out: dict[str, list[float]] = {"draw 30 orders": [], "grade": [], "rebuild from journal": []}
    for seed in range(1, REPEAT + 1):
        t = time.perf_counter()
        d = new_shift(ShiftParams(orders=30, seed=seed), bg)
        out["draw 30 orders"].append(time.perf_counter() - t)
        for p in d.plan:  # a worked shift: every order opened, routine ones shipped
            d.open_order(p.order_id)
            if p.exercise is None:
                d.confirm_shipment(p.order_id)
        d.wait(8)
        t = time.perf_counter()
        grade_shift(d)
        out["grade"].append(time.perf_counter() - t)
        t = time.perf_counter()
        again = build(d.recipe)
        replay(again, d.journal)
        out["rebuild from journal"].append(time.perf_counter() - t)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CANCEL_DESK_DB"] = str(Path(tmp) / "attempts.sqlite3")
        os.environ.pop("CANCEL_DESK_DB_URL", None)
        print("Desk benchmark (server time; figures for this machine)")
        print(f"  click on the page (AppTest rerun): {_ms(bench_clicks())}")
        print(f"  action on the core + live write:   {_ms(bench_core())}")
        for name, xs in bench_shift().items():
            print(f"  shift, {name + ':':<23} {_ms(xs)}")


if __name__ == "__main__":
    main()
