"""Order report replay: upload an All Orders report, see the real rolling rate,
and turn it into a scenario for the policy lab.
"""

import contextlib
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from formats.errors import RulebookError
from formats.loader import DEFAULT_RULEBOOK
from simulator.reports.calibrate import calibrate
from simulator.reports.replay import count_report, replay_report
from ui.shared import state
from ui.shared.progress import progress_bar
from ui.shared.text import plain
from ui.shared.upload_guard import release, taken
from ui.shared.upload_widget import upload_box
from ui.shared.uploads import REPORT_LIMIT, REPORT_TYPES, REPORT_WIDGET_MB, check_report_upload, problem_lines
from ui.simulate import catalog as lab_catalog
from ui.simulate.results import count, extra_windows, note_metric, pct, rate_section

P = state.REPLAY
ss = st.session_state


@dataclass
class ReplayState:
    """The replay page's session state: the rulebook chosen, the report in force and its replay."""

    rb: str = DEFAULT_RULEBOOK
    path: str | None = None  # the checked copy of the report in force
    name: str = ""  # its file name
    result: Any = None
    problems: tuple[str, list[str]] | None = None  # (file name, lines) of the last refusal
    go_lab: bool = False


def replay_state() -> ReplayState:
    return state.page_state(P, ReplayState)


def on_upload() -> None:
    """Validate and replay a new report; on failure keep the previous one on screen."""
    my = replay_state()
    file = taken(ss.get(f"{P}.file"))  # the file just dropped (an upload box is an action, not state)
    if file is None:
        return
    raw = file.getvalue()
    release(file)  # read: its bytes need not wait in the server's memory for the session to end
    path = None
    try:
        path = check_report_upload(file.name, raw)
        with progress_bar(f"Replaying {file.name}") as report:  # drawn only for a report of several blocks
            result = replay_report(path, lab_catalog.rulebook(my.rb), label=file.name, progress=report)
    except RulebookError as exc:
        # A refused report is not kept, unless it is the very file already in force.
        if path is not None and str(path) != my.path:
            with contextlib.suppress(OSError):  # a read-only folder keeps it; the quota ages it out
                path.unlink(missing_ok=True)
        my.problems = (file.name, problem_lines(exc))
        return
    my.problems, my.result, my.path, my.name = None, result, str(path), file.name


def on_rulebook() -> None:
    """Replay the same report under another rulebook (e.g. India's 2% limit and 30-day window)."""
    my = replay_state()
    if my.path:
        try:
            with progress_bar(f"Replaying {my.name}") as report:
                my.result = replay_report(my.path, lab_catalog.rulebook(my.rb), my.name, report)
            my.problems = None
        except RulebookError as exc:
            my.problems = (my.name, problem_lines(exc))


def use_as_scenario() -> None:
    my = replay_state()
    try:
        counts = count_report(my.path, lab_catalog.rulebook(my.rb), my.name)
        scenario, _fitted = calibrate(counts, f"From {my.name}", rulebook_ref=my.rb)
    except RulebookError as exc:
        my.problems = (my.name, problem_lines(exc))
        return
    state.hand_to_lab(state.ScenarioImport(f"uploaded: {my.name}", scenario))
    my.go_lab = True


def _keep_rulebook(name: str) -> None:
    replay_state().rb = name


st.title("Order report replay")
st.caption(
    "Upload the *All Orders* report from Seller Central (Reports > Fulfillment > All Orders, tab-separated "
    "text). Cancel Desk shows your real rolling Cancellation Rate day by day and can turn your history "
    "into a scenario to test policies on."
)
names = lab_catalog.rulebook_names()
replay = replay_state()
if replay.rb not in names:
    replay.rb = names[0]
c1, c2 = st.columns([1, 2])
c1.selectbox(
    "Rulebook",
    names,
    format_func=lab_catalog.rulebook_title,
    **state.bound(f"{P}.rb", replay.rb, _keep_rulebook, on_rulebook),
)
with c2:
    upload_box(
        "All Orders report",
        REPORT_TYPES,
        REPORT_LIMIT,
        key=f"{P}.file",
        widget_mb=REPORT_WIDGET_MB,
        on_change=on_upload,
    )

if replay.go_lab:
    replay.go_lab = False
    st.switch_page(state.LAB_PAGE)

problems = replay.problems
if problems:
    name, lines = problems
    kept = " Your previous report is still shown below." if replay.result else ""
    st.error(
        f"{plain(name)} was not replayed.{kept}\n\n" + "\n".join(f"- {plain(x)}" for x in lines),
        icon=":material/error:",
    )

result = replay.result
if not result:
    st.info("Upload a report to begin.", icon=":material/upload_file:")
    st.stop()

cr, tot, rows = result.cancellation_rate, result.totals, result.rows
st.subheader(f"{replay.name}: {result.start_date} to {result.end_date}")
top = st.columns(4)
note_metric(
    top[0], "Orders", count(tot.orders, 1), "unique order ids", "Rows are items; orders are counted once."
)
note_metric(top[1], "Seller-fulfilled", count(tot.seller_fulfilled_orders, 1), "Merchant / MFN")
note_metric(
    top[2],
    f"Peak {cr.window_days}-day rate",
    pct(cr.max, 2),
    f"limit {pct(cr.limit)}",
    "Over the days whose window is full; the first days' partial windows are shown apart below.",
)
full_days = cr.by_window[str(cr.window_days)].full_window_days
note_metric(
    top[3],
    "Days over the limit",
    count(cr.days_over_limit, 1),
    f"of {full_days} days with a full window",
    f"The first {result.days - full_days} day(s) of the report cover only part of the window.",
)
for ew, fig in extra_windows(result):  # e.g. India also watches a 30-day window
    more = st.columns(4)
    note_metric(more[0], f"Peak {ew}-day rate", pct(fig.max, 2), f"limit {pct(cr.limit)}")
    note_metric(
        more[1], f"Days over ({ew} d)", count(fig.days_over_limit, 1), f"of {fig.full_window_days} full days"
    )
    note_metric(more[2], f"Mean {ew}-day rate", pct(fig.mean, 2), "over the report")
row = st.columns(4)
note_metric(row[0], "Counted cancels", count(tot.counted_cancellations, 1), "count toward the rate")
note_metric(
    row[1], "Excluded: requests", count(tot.buyer_requested_cancellations, 1), "official buyer requests"
)
note_metric(
    row[2],
    "Excluded: direct (inferred)",
    count(tot.buyer_direct_cancellations, 1),
    "an inference",
    "The report does not say who cancelled: a cancel within the direct-cancel window of the purchase "
    "is taken as the buyer's own direct cancel.",
)
note_metric(row[3], "FBA cancels", count(tot.amazon_fulfilled_cancellations, 1), "never counted")
for note in result.notes:
    st.warning(note, icon=":material/info:")
partial = cr.by_window[str(cr.window_days)].partial  # ABSENT (falsy) if none
if partial and partial.days:
    st.info(
        f"Partial windows: on the first {partial.days} day(s) the data covers only part of the "
        f"{cr.window_days}-day window, so they are left out of the peak, mean and days over the "
        f"limit above. On those days the peak was {pct(partial.max, 2)} and "
        f"{partial.days_over_limit} day(s) were over the limit.",
        icon=":material/hourglass_top:",
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "date": d["date"],
                    "rate": pct(d["rolling_cancellation_rate"], 2),
                    "covered": f"partial: {d['window_days_covered']} of {cr.window_days} days",
                }
                for d in result.daily
                if d.get("partial_window")
            ]
        ),
        hide_index=True,
    )

rate_section(result, "Your rolling Cancellation Rate against the limit")

st.markdown("#### Why each kind of cancellation was or was not counted")
# A static table wraps the engine's sentences instead of cutting them off.
explained = pd.DataFrame(
    [e.to_dict() for e in result.explanations], columns=["case", "orders", "counts", "reason"]
)
explained["counts"] = explained["counts"].map({True: "Counts", False: "Excluded"})
st.table(
    explained.rename(
        columns={
            "case": "Kind of cancellation",
            "orders": "Orders",
            "counts": "Counts?",
            "reason": "Why (rule engine)",
        }
    ).set_index("Kind of cancellation")
)

st.markdown(f"#### Rows: {rows.read:,} read, {rows.orders:,} orders, {rows.ignored_total:,} ignored")
if rows.ignored:
    shown = len(rows.ignored)
    st.caption(
        "These rows were left out of every figure above. Line numbers count the header as line 1"
        + (
            f"; the first {shown:,} of {rows.ignored_total:,} are listed."
            if shown < rows.ignored_total
            else "."
        )
    )
    st.dataframe(
        pd.DataFrame(rows.ignored, columns=["line", "reason"]),
        column_config={
            "line": st.column_config.NumberColumn("Line in the file", format="%d"),
            "reason": st.column_config.TextColumn("Why it was ignored", width="large"),
        },
        hide_index=True,
        width="stretch",
    )

b1, b2, b3 = st.columns(3)
b1.button(
    "Use as a scenario",
    key=f"{P}.use",
    icon=":material/science:",
    type="primary",
    on_click=use_as_scenario,
    help="Builds a scenario with your volume, weekday profile, seller-fulfilled share and cancellation "
    "incidence, and opens it in the policy lab.",
)
b2.download_button(
    "Daily rates (CSV)",
    pd.DataFrame(result.daily).to_csv(index=False),
    file_name="replay_daily.csv",
    mime="text/csv",
    icon=":material/download:",
)
b3.download_button(
    "Replay (JSON)",
    json.dumps(result.to_dict(), indent=2, sort_keys=True, default=str),
    file_name="replay.json",
    mime="application/json",
    icon=":material/download:",
)
