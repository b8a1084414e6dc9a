"""The shift's parts of the desk page: its settings on the start form, and its debrief."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from classroom.sealed import Sealed
from classroom.store.errors import StoreError
from formats.loader import DEFAULT_RULEBOOK
from rules import available_rulebooks, load_rulebook
from rules.sfp import offers_sfp
from training.session import build, new_seed
from training.shift import ShiftParams
from training.shift.debrief import not_arrived_words, trap_words
from ui.shared.state import DESK as P
from ui.shared.state import bound_to
from ui.train import assigned
from ui.train import state as desk_state

SFP_HELP = (
    "The account is held to Seller Fulfilled Prime's cancellation target (202072550), not the usual one."
)


def settings() -> ShiftParams:
    """Length, marketplace, mix and seed (a trainer's assignment may fix them)."""
    fixed = assigned.shift_choice()  # a shift the trainer assigned: exactly its settings
    if fixed is not None:
        return fixed
    mine = desk_state.state().form.shift
    books = available_rulebooks()
    if mine.rulebook not in books:
        mine.rulebook = DEFAULT_RULEBOOK

    def kept(name: str, attr: str) -> dict:
        return bound_to(f"{P}_shift_{name}", mine, attr)

    c1, c2 = st.columns(2)
    orders = c1.slider("Orders in the shift", 15, 30, **kept("orders", "orders"))
    rulebook = c2.selectbox("Marketplace (rulebook)", books, **kept("rb", "rulebook"))
    incidents = c1.slider("Share of incidents", 0.0, 0.6, step=0.05, **kept("inc", "incidents"))
    messages = c2.slider("Share of buyer messages", 0.0, 0.4, step=0.05, **kept("msg", "messages"))
    seed = c1.number_input("Seed (0: a fresh one)", 0, 1_000_000, **kept("seed", "seed"))
    sfp = False
    if offers_sfp(load_rulebook(rulebook)):
        sfp = c2.toggle("Seller Fulfilled Prime shop", help=SFP_HELP, **kept("sfp", "sfp"))
    st.info(
        "A simulated day at the desk: ship the routine orders before their ship-by, handle each "
        "incident the rulebook's way, answer the buyers. Every action takes simulated minutes.",
        icon=":material/work_history:",
    )
    return ShiftParams(orders=orders, rulebook=rulebook, incidents=incidents, messages=messages,
                       seed=_own_seed(int(seed)), sfp=bool(sfp))  # fmt: skip


def _own_seed(seed: int) -> int:
    """The seed typed (0: a fresh one), unless it is an assigned shift's (classroom.sealed)."""
    try:
        sealed = bool(seed) and Sealed().is_assigned(seed)
    except StoreError:  # no database: no assignment can be worked either
        sealed = False
    if sealed:
        st.warning(
            f"Seed {seed} is kept for a shift a trainer assigned, so your own shift gets a fresh seed. "
            "To work the assigned shift, pick it under Settings.",
            icon=":material/lock:",
        )
    return new_seed() if sealed or not seed else seed


def new_shift_desk(params: ShiftParams):
    recipe = {"kind": "shift", "ref": "shift", "seed": params.seed, "params": params.to_dict()}
    if assigned.chosen_assignment() is not None:  # its result counts against the assignment
        recipe["assignment"] = assigned.chosen_assignment()
    return build(recipe)


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2%}"


def debrief(f, trainee: str) -> None:
    g = f.grade
    with st.container(border=True, key="desk_debrief"):
        st.markdown("### Shift debrief")
        c1, c2, c3, c4 = st.columns(4)
        c1.metric("Score", f"{g.score:.0%}")
        c2.metric("Result", "Passed" if g.passed else "Not yet")
        c3.metric("Cancellation Rate, ended on", _pct(g.rate_end))
        c4.metric("With the best handling", _pct(g.rate_best))
        st.markdown(
            f"{len(g.orders)} orders · {g.late} late shipment{'s' if g.late != 1 else ''} · "
            f"expected negative feedback {g.expected_feedback:.2f}{not_arrived_words(g)}"
        )
        if g.traps:
            st.error(
                "Traps hit: " + "; ".join(f"`{oid}` {trap_words(t)}" for oid, t in g.traps),
                icon=":material/warning:",
            )
        else:
            st.success("No trap hit.", icon=":material/check:")
        table = pd.DataFrame(
            [
                {
                    "Order": r.order_id,
                    "What it was": r.label,
                    "Score": f"{r.score:.0%}",
                    "What you did": r.what,
                    "Best handling": r.best,
                    "Seller memo": r.memo,
                }
                for r in g.orders
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch", key="desk_shift_table")
        st.download_button("Download debrief", f.debrief, file_name=f"shift-debrief-{f.attempt_id}.md",
                           mime="text/markdown", icon=":material/download:", key="desk_download")  # fmt: skip
        if f.attempt_id is None:
            st.caption("Guest practice: graded, not recorded.")
        else:
            st.caption(f"Saved as attempt #{f.attempt_id} for {trainee}: your trainer sees it.")
