"""The policy lab's *Find a policy* tab: the core's search on the lab's scenario and rulebook.

The same search as ``python -m simulator search`` (``simulator.search``), run in this server's
process: pick the objectives and the budget, watch the front grow batch by batch, see it as a
chart with the policy in force marked, load any front point into the lab, download the front.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from formats.errors import RulebookError
from simulator.search.api import evaluate_policy, plan_search, question, searching
from simulator.search.objectives import OBJECTIVES
from simulator.search.result import Figure, Point, SearchResult
from simulator.search.study import Progress
from ui.shared.problems import show_problems
from ui.shared.progress import progress_bar
from ui.shared.run_gate import GATE, GateRefusal, ordinal
from ui.shared.state import bound, bound_to
from ui.shared.text import plain
from ui.simulate.lab_state import P, lab, push_policy
from ui.simulate.policy_editor import policy_from_yaml
from ui.simulate.runs import visitor

MAX_TRIALS = 200  # a page's search stays a few minutes; more on the command line or a cluster
MAX_RUNS = 200
CURRENT = "policy in force"


def search_tab(scenario, rb) -> None:
    state = lab()
    view = state.search
    st.caption(
        "Let the simulator try whole policies for this shop and keep the ones no other beats on every "
        "objective (the Pareto front). Every policy meets the same orders and buyers."
    )
    c1, c2, c3, c4 = st.columns([3, 1, 1, 1], vertical_alignment="bottom")
    c1.multiselect(
        "Objectives (all minimised)",
        list(OBJECTIVES),
        format_func=lambda o: OBJECTIVES[o].label,
        **bound_to(f"{P}.search.objectives", view, "objectives"),
    )
    c2.number_input(
        "Trials", min_value=2, max_value=MAX_TRIALS, step=10, **bound_to(f"{P}.search.trials", view, "trials")
    )
    c3.number_input(
        "Runs a trial", min_value=2, max_value=MAX_RUNS, step=10, **bound_to(f"{P}.search.runs", view, "runs")
    )
    c4.toggle("Include risky handlings", **bound_to(f"{P}.search.risky", view, "include_risky"))
    try:
        q = question(
            scenario,
            objectives=view.objectives,
            runs=int(view.runs),
            seed=int(state.seed),
            include_risky=view.include_risky,
            rulebook=rb,
        )
        work = plan_search(q, int(view.trials), cluster=False)
    except RulebookError as exc:
        show_problems("This search cannot run", exc)
        return
    st.caption(
        f"{work.words()}, among {q.space.size():,} combinations of handlings"
        f"{'' if view.include_risky else ' the rulebook calls compliant'}. The same search on the command "
        f"line: `python -m simulator search` ([docs/search.md](docs/search.md))."
    )
    key = f"{q.fingerprint()}:{int(view.trials)}:{state.policy.model_dump_json()}"
    if st.button("Find policies", icon=":material/travel_explore:", key=f"{P}.search.go"):
        _run(q, int(view.trials), key, state.policy)
    saved = view.saved
    if not saved:
        return
    if saved["key"] != key:
        st.info("The inputs changed since this search; press **Find policies** to refresh it.")
    _show(saved["result"], saved["current"], rb)


def _run(q, trials: int, key: str, policy) -> None:
    said = st.empty()
    drawn = st.empty()
    res = None

    def waiting(place: int) -> None:
        said.caption(f"Waiting: {ordinal(place)} in line for the server's heavy-run slot.")

    try:  # a search is many runs: it takes its turn with every other heavy run (issue 23)
        with GATE.slot(visitor(), waiting), progress_bar("Searching") as report:

            def progress(p: Progress) -> None:
                report(p.done / p.total, p.message)

            current = evaluate_policy(q, policy)
            for res in searching(q, trials=trials, progress=progress):
                said.caption(f"{res.trials} of {trials} trials done; {len(res.front)} on the front so far.")
                drawn.altair_chart(front_chart(res, current), width="stretch")
    except RulebookError as exc:
        show_problems("This search cannot run", exc)
        return
    except GateRefusal as exc:
        said.empty()
        st.warning(str(exc), icon=":material/hourglass_top:")
        return
    said.empty()
    drawn.empty()
    lab().search.saved = {"key": key, "result": res, "current": current}


def _fig(f: Figure, objective: str) -> str:
    return f"{f.mean:.1%}" if OBJECTIVES[objective].percent else f"{f.mean:,.2f}"


def front_table(res: SearchResult) -> pd.DataFrame:
    rows = []
    for p in res.front:
        row: dict = {"trial": p.trial}
        for o in (x["id"] for x in res.objectives):
            f = p.figures[o]
            row[OBJECTIVES[o].label] = _fig(f, o)
            row[f"{OBJECTIVES[o].label} 95% CI"] = (
                f"{_fig(Figure(f.low, 0, 0), o)} - {_fig(Figure(f.high, 0, 0), o)}"
            )
        row["compliance"] = p.label or p.status
        row["tied with"] = ", ".join(map(str, p.tied_with)) or "-"
        rows.append(row)
    return pd.DataFrame(rows)


def front_chart(res: SearchResult, current: dict[str, Figure] | None) -> alt.LayerChart:
    """Every trial (grey), the front (by compliance) and the policy in force (a red cross)."""
    objs = [o["id"] for o in res.objectives]
    x = objs[0]
    y = objs[1] if len(objs) > 1 else None

    def frame(points: list[Point], kind: str) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "trial": str(p.trial),
                    "kind": kind,
                    "compliance": p.label or p.status,
                    "x": p.figures[x].mean,
                    "y": p.figures[y].mean if y else float(p.trial),
                }
                for p in points
            ]
        )

    x_title, y_title = OBJECTIVES[x].label, OBJECTIVES[y].label if y else "trial"
    enc = {
        "x": alt.X("x:Q", title=x_title, scale=alt.Scale(zero=False)),
        "y": alt.Y("y:Q", title=y_title, scale=alt.Scale(zero=False)),
        "tooltip": [
            "trial",
            "compliance",
            alt.Tooltip("x:Q", title=x_title),
            alt.Tooltip("y:Q", title=y_title),
        ],
    }
    others = alt.Chart(frame(res.all_trials, "trial")).mark_circle(size=30, color="#bbbbbb").encode(**enc)
    front = (
        alt.Chart(frame(res.front, "front"))
        .mark_circle(size=120)
        .encode(**enc, color=alt.Color("compliance:N", title="Front point"))
    )
    layers = [others, front]
    if current is not None:
        mine = pd.DataFrame(
            [{"trial": CURRENT, "compliance": "", "x": current[x].mean, "y": current[y].mean if y else 0.0}]
        )
        layers.append(
            alt.Chart(mine).mark_point(shape="cross", size=250, color="#d62728", filled=True).encode(**enc)
        )
        layers.append(
            alt.Chart(mine)
            .mark_text(align="left", dx=10, color="#d62728")
            .encode(x="x:Q", y="y:Q", text="trial:N")
        )
    return alt.layer(*layers)


def _show(res: SearchResult, current: dict[str, Figure] | None, rb) -> None:
    st.markdown(f"**Pareto front: {len(res.front)} of {res.trials} trials**")
    st.altair_chart(front_chart(res, current), width="stretch")
    table = front_table(res)
    st.dataframe(table, hide_index=True, width="stretch")
    ids = [p.trial for p in res.front]
    view = lab().search
    shown = view.pick if view.pick in ids else ids[0]
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    c1.selectbox(
        "Front point to load into the lab",
        ids,
        format_func=lambda t: _point_words(res, t),
        **bound(f"{P}.search.pick", shown, lambda v: setattr(view, "pick", v)),
    )
    c2.button(
        "Load into the lab", icon=":material/input:", key=f"{P}.search.load", on_click=_load, args=(res, rb)
    )
    c3, c4 = st.columns(2)
    c3.download_button(
        "Front (CSV)",
        table.to_csv(index=False),
        file_name="front.csv",
        mime="text/csv",
        key=f"{P}.search.csv",
    )
    c4.download_button(
        "Front (JSON)", res.to_json(), file_name="front.json", mime="application/json", key=f"{P}.search.json"
    )


def _point_words(res: SearchResult, trial: int) -> str:
    p = next(p for p in res.front if p.trial == trial)
    figs = ", ".join(f"{OBJECTIVES[o].label.lower()} {_fig(f, o)}" for o, f in p.figures.items())
    return plain(f"trial {trial}: {figs} ({p.label or p.status})")


def _load(res: SearchResult, rb) -> None:
    view = lab().search
    trial = view.pick if view.pick is not None else res.front[0].trial
    point = next(p for p in res.front if p.trial == trial)
    policy = policy_from_yaml(point.policy_yaml, rb, f"trial {trial}")
    push_policy(policy, rb, (None, policy))
