"""The trainer's cohorts tab: create a cohort (its join code), assign exercises and
shifts with due dates and pass marks, see who joined."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from classroom.accounts import User
from classroom.cohorts import KINDS, Classroom, Cohort, CohortError, Standing, Status, settings_words
from formats.loader import DEFAULT_RULEBOOK, available_rulebooks
from training.session import new_seed
from training.shift.plan import MAX_ORDERS, MIN_ORDERS
from ui.shared.state import TRAINER as P
from ui.shared.state import bound_to
from ui.shared.text import plain
from ui.simulate.catalog import rulebook_title
from ui.train.trainer_state import TrainerState


def draw(room: Classroom, user: User, exercises: list, view: TrainerState) -> None:
    with st.form(f"{P}_new_cohort", clear_on_submit=True, border=True):
        st.markdown("##### New cohort")
        name = st.text_input("Cohort name", key=f"{P}_cohort_name", max_chars=80)
        if st.form_submit_button("Create cohort", type="primary", icon=":material/group_add:"):
            try:
                made = room.create_cohort(name, by=user)
            except CohortError as e:
                st.error(plain(e))
            else:
                st.success(f"Created. Trainees join with the code {made.join_code} on the Account page.")
    cohorts = room.cohorts()
    if not cohorts:
        return
    st.markdown("##### Cohorts")
    table = [
        {
            "Cohort": c.name,
            "Join code": c.join_code,
            "Trainees": c.members,
            "Created": c.created_at.replace("T", " "),
        }
        for c in cohorts
    ]
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch", key=f"{P}_cohorts")
    by_id = {c.id: c for c in cohorts}
    if view.manage not in by_id:
        view.manage = next(iter(by_id))
    pick = st.selectbox("Manage cohort", list(by_id), format_func=lambda i: by_id[i].name,
                        **bound_to(f"{P}_manage", view, "manage"))  # fmt: skip
    assign_form(room, user, by_id[pick], exercises, view)
    titles = {e.id: e.title for e in exercises}
    work = [
        {
            "Kind": a.kind.capitalize(),
            "Work": titles.get(a.ref, a.ref),
            "Due": a.due_on.isoformat() if a.due_on else "",
            "Pass mark": a.pass_mark,
            "Settings": settings_words(a),
        }
        for a in room.assignments(pick)
    ]
    if work:
        pct = st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)
        st.dataframe(pd.DataFrame(work), hide_index=True, width="stretch", column_config={"Pass mark": pct},
                     key=f"{P}_work")  # fmt: skip
    grid = room.grid(pick) if work else []
    if grid:  # every member, with where they stand on each piece of work
        st.markdown("##### Progress by assignment")
        st.caption("Each trainee's best score so far: ✓ at or above the pass mark, ! past the due date.")
        st.dataframe(
            pd.DataFrame(grid_table(grid, titles)), hide_index=True, width="stretch", key=f"{P}_grid"
        )
        return
    members = [{"Trainee": m.name, "Role": m.role} for m in room.members(pick)]
    if members:
        st.dataframe(pd.DataFrame(members), hide_index=True, width="stretch", key=f"{P}_members")


def cell(status: Status) -> str:
    """One trainee's standing on one assignment, in a few words."""
    best = "" if status.best_score is None else f"{status.best_score:.0%}"
    tries = f"{status.attempts} attempt{'s' if status.attempts != 1 else ''}"
    if status.state == "passed":
        return f"✓ {best} · {tries}"
    if status.state == "overdue":
        return f"! overdue · {best} · {tries}" if status.attempts else "! overdue · not started"
    if status.state == "attempted":
        return f"{best} · {tries}"
    return "–" if status.state == "not started" else status.state


def grid_table(grid: list[Standing], titles: dict[str, str]) -> list[dict]:
    """Rows of the grid: the trainee, then one column per assignment (numbered: titles repeat)."""
    rows = []
    for standing in grid:
        row = {"Trainee": standing.trainee}
        for i, s in enumerate(standing.work, 1):
            a = s.assignment
            due = f", due {a.due_on:%b %d}" if a.due_on else ""
            row[f"{i}. {titles.get(a.ref, a.ref)}{due}"] = cell(s)
        rows.append(row)
    return rows


# the assign form's widgets, keyed by the form's round: a successful Assign starts the next round,
# whose new keys the browser draws empty (popping the old keys did not empty what it showed); a
# refused one keeps what was typed
FIELDS = ("assign_ex", "shift", "shift_orders", "shift_rb", "shift_seed", "shift_inc", "shift_msg",
          "shift_over", "due", "mark")  # fmt: skip


def field_key(name: str, round_: int) -> str:
    """``trainer_shift`` in the first round, ``trainer_shift_2`` in the second..."""
    return f"{P}_{name}" + (f"_{round_ + 1}" if round_ else "")


def assign_form(room: Classroom, user: User, cohort: Cohort, exercises: list, view: TrainerState) -> None:
    """Assign an exercise or a shift: the kind is picked first and only its fields are shown."""
    titles = {e.id: e.title for e in exercises}
    st.markdown("##### Assign work")
    if view.assigned:  # what the last Assign did, said once where the trainer is looking
        st.success(view.assigned, icon=":material/check_circle:")
        view.assigned = ""
    kind = st.radio("Kind", KINDS, horizontal=True, format_func=str.capitalize,
                    **bound_to(f"{P}_kind", view, "assign_kind"))  # fmt: skip

    def key(name: str) -> str:
        return field_key(name, view.assign_round)

    with st.form(f"{P}_assign", border=True):
        if kind == "shift":
            shift, params = shift_fields(key)
        else:
            ex = st.selectbox("Exercise", list(titles), format_func=titles.get, key=key("assign_ex"))
        c1, c2 = st.columns(2)
        due = c1.date_input("Due", value=None, key=key("due"))
        mark = c2.slider("Pass mark", 0.0, 1.0, 0.8, 0.05, key=key("mark"))
        if not st.form_submit_button("Assign", icon=":material/assignment_add:"):
            return
        ref = " ".join(shift.split()) if kind == "shift" else ex
        try:
            room.assign(cohort.id, kind, ref, by=user, due_on=due, pass_mark=mark, known=set(titles),
                        params=params if kind == "shift" else None)  # fmt: skip
        except CohortError as e:
            st.error(plain(e))
            return
    work = f"the shift “{ref}”" if kind == "shift" else f"the exercise “{titles.get(ref, ref)}”"
    view.assigned = plain(f"Assigned {work} to {cohort.name}.")
    for name in FIELDS:  # the last round's values are not needed again
        st.session_state.pop(key(name), None)
    view.assign_round += 1  # an empty form for the next piece of work
    st.rerun()


def shift_fields(key) -> tuple[str, dict]:
    """A shift's name and the settings every trainee gets: length, marketplace, mix, seed."""
    shift = st.text_input("Shift name", key=key("shift"), max_chars=80)
    c1, c2, c3 = st.columns(3)  # a row each: a phone stacks them in reading order
    orders = c1.slider("Orders", MIN_ORDERS, MAX_ORDERS, 20, key=key("shift_orders"))
    books = available_rulebooks()
    rulebook = c2.selectbox("Marketplace", books, index=books.index(DEFAULT_RULEBOOK),
                            format_func=rulebook_title, key=key("shift_rb"))  # its name  # fmt: skip
    seed = c3.number_input("Seed (0: draw one now)", 0, 1_000_000, 0, key=key("shift_seed"))
    c1, c2, c3 = st.columns(3)
    incidents = c1.slider("Share of incidents", 0.0, 0.6, 0.25, 0.05, key=key("shift_inc"))
    messages = c2.slider("Share of buyer messages", 0.0, 0.4, 0.15, 0.05, key=key("shift_msg"))
    overdue = c3.number_input("Orders already overdue", 0, 3, 1, key=key("shift_over"))
    # one seed for the whole cohort, so every trainee works the very same shift
    params = {"orders": int(orders), "rulebook": rulebook, "incidents": float(incidents),
              "messages": float(messages), "overdue": int(overdue),
              "seed": int(seed) or new_seed()}  # fmt: skip
    return shift, params
