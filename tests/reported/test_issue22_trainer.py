"""Issue 22, the trainer's findings: the first trainer account is documented where a new
trainer looks (README, docs/training.md), and those examples run."""

from __future__ import annotations

import csv
import io
import re

import pytest
from streamlit.testing.v1 import AppTest

from classroom.accounts import Accounts
from classroom.cohorts import Classroom
from classroom.store import AttemptStore, to_csv
from classroom.store.dashboard import ALL, Dashboard
from classroom.store.db import dispose_engines, sqlite_url
from formats.loader import DEFAULT_RULEBOOK, load_rulebook
from tests.doc_examples import ROOT, assert_output_matches, console_examples, run_console
from tests.ui.signin import account, open_as
from training.session import build, finish, finish_shift, instance_words, rebuild
from training.wording import step_rows, steps_in_words
from ui.shared import chart_specs
from ui.shared.charts import (
    LEGEND_LAYOUT,
    as_spec,
    cancellations_chart,
    compare_chart,
    overview_chart,
    rate_chart,
    sweep_chart,
)
from ui.train.trainer_dashboard import miss_chart, miss_table

FIRST_TRAINER = 'python -m classroom users add "Tess Ng" --role trainer'


@pytest.mark.parametrize("doc", ["README.md", "docs/training.md"])
def test_the_first_trainer_account_is_documented_and_the_commands_run(doc, tmp_path, monkeypatch):
    db = tmp_path / "attempts.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path))
    monkeypatch.setenv("CANCEL_DESK_DB", str(db))
    monkeypatch.delenv("CANCEL_DESK_DB_URL", raising=False)
    examples = [(cmd, out) for cmd, out in console_examples(doc) if "classroom users" in cmd]
    assert FIRST_TRAINER in [cmd for cmd, _ in examples], f"{doc} does not say how to make a trainer"
    for cmd, expected in examples:
        done = run_console(cmd, timeout=120)
        assert done.returncode == 0, done.stderr
        assert_output_matches(expected, done.stdout)
    users = {u.name: u.role for u in Accounts(sqlite_url(db)).users()}
    dispose_engines()
    assert users == {"Tess Ng": "trainer"}


PW = "correct horse battery"
SHIFT = {"orders": 15, "rulebook": "amazon_uk", "incidents": 0.2, "messages": 0.0, "overdue": 0, "seed": 4242}


@pytest.fixture
def room(tmp_path):
    url = sqlite_url(tmp_path / "a.sqlite3")
    acc = Accounts(url)
    room = Classroom(url, accounts=acc)
    tess, _ = acc.add_user("Tess", "trainer", PW)
    ann, _ = acc.add_user("Ann", "trainee", PW)
    cohort = room.create_cohort("Evening", by=tess)
    room.join(cohort.join_code, ann)
    yield room, tess, ann, cohort, AttemptStore(url=url)
    dispose_engines()


def test_an_assigned_shift_is_listed_under_the_name_the_trainer_gave_it(room):
    """ "A shift shows as "Shift: 15 orders (amazon_us, seed 698247)", not the name the trainer gave it." """
    room_, tess, ann, cohort, store = room
    room_.assign(cohort.id, "shift", "UK rush", by=tess, params=SHIFT)
    (status,) = room_.home(ann.id)
    desk = build(status.recipe())
    again = rebuild(desk.recipe, desk.journal)  # a reload keeps the name
    done = finish_shift(again, "Ann", store, user_id=ann.id)
    assert store.get(done.attempt_id).exercise_title == "Shift: UK rush"
    words = instance_words(store.get(done.attempt_id).instance)
    assert words == "Shift “UK rush”: 15 orders, Amazon.co.uk (UK), seed 4242."
    own = finish_shift(build({"kind": "shift", "ref": "shift", "seed": 5, "params": SHIFT}), "Ann", store)
    assert store.get(own.attempt_id).exercise_title == "Shift: 15 orders (Amazon.co.uk (UK), seed 4242)"


def _shift_with_waits():
    desk = build({"kind": "shift", "ref": "shift", "seed": 5, "params": SHIFT})
    first = desk.arrived()[0].order_id
    desk.wait(1)  # nothing open: the whole desk waits
    desk.open_order(first)
    desk.wait(4, first)
    return desk, first


def test_shift_steps_name_their_order_and_a_wait_is_recorded_as_a_wait(desk_scenario):
    """ "Shift steps name no order, and "Wait 1 h" is recorded as "Wait for the buyer's cancellation
    request"." """
    _sc, _rb, exercises = desk_scenario
    desk, first = _shift_with_waits()
    steps = [s.to_dict() for s in desk.steps]
    rows = step_rows(desk.rb, steps, exercises)
    assert [(r["Order"], r["Action"]) for r in rows] == [("", "Wait 1 h"), (first, "Open order"),
                                                        (first, "Wait 4 h")]  # fmt: skip
    assert not any("cancellation request" in r["Action"] for r in rows)
    assert "hours" not in steps[1]  # only a wait stores how long
    other = desk.arrived()[1].order_id
    desk.open_order(other)
    words = steps_in_words(desk.rb, [s.to_dict() for s in desk.steps])
    assert words == f"Wait 1 h; {first}: Open order; {first}: Wait 4 h; {other}: Open order"
    # an exercise's wait is still waiting for the buyer's request, on its order
    ex = build({"kind": "exercise", "ref": "price_typo", "seed": 3})
    ex.wait(2)
    (step,) = [s.to_dict() for s in ex.steps]
    assert step["action"] == "wait_for_request" and step["order_id"] == ex.exercise_order.order_id


def test_the_csv_has_cohort_and_assignment_columns(room, desk_scenario):
    """ "The CSV export has no cohort or assignment column." """
    room_, tess, ann, cohort, store = room
    _sc, rb, exercises = desk_scenario
    titles = {e.id: e.title for e in exercises}
    room_.assign(cohort.id, "shift", "UK rush", by=tess, params=SHIFT)
    room_.assign(cohort.id, "exercise", "price_typo", by=tess, known=set(titles))
    (shift,) = [s for s in room_.home(ann.id) if s.assignment.kind == "shift"]
    desk = build(shift.recipe())
    desk.wait(1)
    finish_shift(desk, "Ann", store, user_id=ann.id)
    ex = build({"kind": "exercise", "ref": "price_typo", "seed": 3})
    finish(ex, "Ann", store, user_id=ann.id)  # not started from the assignment: it still counts there
    bo, _ = room_.accounts.add_user("Bo", "trainee", PW)  # in no cohort
    finish(build({"kind": "exercise", "ref": "price_typo", "seed": 4}), "Bo", store, user_id=bo.id)
    dash = Dashboard(store=store)
    text = to_csv(dash.iter_attempts(), rb, dash.csv_context(ALL, titles))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[:4] == ["id", "trainee", "cohort", "assignment"]
    got = [(r["trainee"], r["cohort"], r["assignment"]) for r in rows]
    assert got == [("Bo", "", ""), ("Ann", "Evening", f"Exercise: {titles['price_typo']}"),
                   ("Ann", "Evening", "Shift: UK rush")]  # fmt: skip
    assert rows[2]["steps_in_words"] == "Wait 1 h"


ORDER_ID = re.compile(r"\d{3}-\d{7}-\d{7}")


def test_most_missed_is_labelled_by_step_and_situation_every_bar_its_own_label(room):
    """ "The "Most-missed" chart labels 4 different orders with one order id, and one bar label is
    missing." """
    _room, _tess, ann, _cohort, store = room
    for seed in (5, 6):  # nothing done: every routine order missed, in two shifts
        desk = build({"kind": "shift", "ref": "shift", "seed": seed, "params": {**SHIFT, "seed": seed}})
        finish_shift(desk, "Ann", store, user_id=ann.id)
    for ex in ("price_typo", "gift_wrap_unavailable"):  # the same words missed in two situations
        finish(build({"kind": "exercise", "ref": ex, "seed": 1}), "Ann", store, user_id=ann.id)
    rows = Dashboard(store=store).misses(ALL, limit=50)
    labels = [r["label"] for r in rows]
    assert not any(ORDER_ID.search(label) for label in labels), labels
    (shipped,) = [r for r in rows if r["label"] == "Routine order: Confirm shipment before the ship-by"]
    routine = [d for a in store.attempts() for d in a.deductions if d["rule"] == "shift.order.routine"]
    assert len({d["what"].split(":")[0] for d in routine}) >= 4  # orders, each named in its debrief...
    assert shipped["times"] == len(routine) and shipped["attempts"] == 2  # ...are one bar: its step
    unfinished = [label for label in labels if "Nothing finished" in label]
    assert len(unfinished) == 2 and len(set(unfinished)) == 2  # each names its situation
    bars = miss_table(rows)
    assert bars["Missed"].is_unique and bars["Times"].sum() == sum(r["times"] for r in rows)
    bar, words = miss_chart(bars).to_dict()["layer"]  # each bar's words written above it, none dropped
    assert words["mark"]["type"] == "text" and words["encoding"]["text"]["field"] == "Missed"
    assert bar["encoding"]["y"]["sort"] == words["encoding"]["y"]["sort"] == list(bars["Missed"])
    # a trap and a step that read alike are still two labelled bars
    alike = [
        {"kind": "step", "label": "X", "times": 2},
        {"kind": "trap", "label": "X", "times": 1},
        {"kind": "step", "label": "Y", "times": 3},
        {"kind": "step", "label": "Y", "times": 1},
    ]
    assert miss_table(alike).to_dict("records") == [
        {"Missed": "Y", "Kind": "Step", "Times": 4},
        {"Missed": "X", "Kind": "Step", "Times": 2},
        {"Missed": "X (trap)", "Kind": "Trap", "Times": 1},
    ]


def _trainer_page(tmp_path, monkeypatch):
    db = tmp_path / "page.sqlite3"
    monkeypatch.setenv("CANCEL_DESK_DB", str(db))
    tess = account(db, "Tess", "trainer")
    cohort = Classroom(sqlite_url(db)).create_cohort("Evening", by=tess)
    return db, cohort, open_as("train/trainer_page.py", db, "Tess", "trainer")


def test_the_assign_form_shows_only_the_chosen_kind_names_marketplaces_and_empties_after_assign(
    tmp_path, monkeypatch
):
    """ "The assign form shows the exercise picker and the shift settings together, whatever kind is
    chosen. The marketplace shows as the raw id `amazon_us`, and the form keeps its values after
    Assign." """
    db, cohort, at = _trainer_page(tmp_path, monkeypatch)
    scope = at.selectbox(key="trainer_cohort")  # "All attempts" shown, not "Choose an option"
    assert scope.index == 0 and scope.options[0] == "All attempts"
    keys = lambda kind: {w.key for w in getattr(at, kind)}  # noqa: E731
    assert "trainer_assign_ex" in keys("selectbox") and "trainer_shift" not in keys("text_input")
    assert "trainer_shift_rb" not in keys("selectbox")
    at.radio(key="trainer_kind").set_value("shift").run()
    assert "trainer_assign_ex" not in keys("selectbox") and "trainer_shift" in keys("text_input")
    market = at.selectbox(key="trainer_shift_rb")
    assert "Amazon.com (US)" in market.options and "amazon_us" not in market.options
    submit = "FormSubmitter:trainer_assign-Assign"
    at.slider(key="trainer_shift_orders").set_value(16)
    at.button(key=submit).click().run()  # no name: refused, and what was set is kept
    assert not at.exception and "Say what to assign" in at.error[0].value
    assert at.slider(key="trainer_shift_orders").value == 16
    at.text_input(key="trainer_shift").input("UK rush")
    at.selectbox(key="trainer_shift_rb").set_value("amazon_uk")
    at.button(key=submit).click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Assigned the shift “UK rush” to Evening."]
    # an empty form for the next one: new widgets (the browser kept the old ones' values)
    assert at.text_input(key="trainer_shift_2").value == ""
    assert at.slider(key="trainer_shift_orders_2").value == 20
    assert "trainer_shift" not in {w.key for w in at.text_input}
    (work,) = Classroom(sqlite_url(db)).assignments(cohort.id)
    assert (work.ref, work.params["orders"], work.params["rulebook"]) == ("UK rush", 16, "amazon_uk")
    (table,) = [d.value for d in at.dataframe if "Settings" in d.value.columns]
    assert table["Settings"][0].startswith("16 orders, Amazon.co.uk (UK), incidents")
    at.run()  # said once
    assert not at.success
    at.radio(key="trainer_kind").set_value("exercise").run()
    at.selectbox(key="trainer_assign_ex_2").set_value("price_typo")
    at.button(key=submit).click().run()
    said = "Assigned the exercise “A typo in the listing price” to Evening."
    assert [s.value for s in at.success] == [said]


def test_rulebook_procedures_are_one_readable_list_each_not_eight_narrow_columns(tmp_path, monkeypatch):
    """ "Rulebook page (3/5): procedures are squeezed into 8 narrow columns." """
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "ui" / "reference" / "rulebook_page.py"), default_timeout=60).run()
    assert not at.exception
    rb = load_rulebook(DEFAULT_RULEBOOK)
    assert len(rb.procedures) >= 8 and not at.columns  # nothing side by side
    shown = {e.label: e for e in at.expander}
    for proc in rb.procedures:
        box = shown[f"{proc.label} ({len(proc.steps)} steps)"]
        (steps,) = [m.value for m in box.markdown]
        first = proc.steps[0]
        assert steps.splitlines()[0] == f"1. {first.label}{'' if first.required else ' *(optional)*'}"
        assert len(steps.splitlines()) == len(proc.steps)


def _legends(spec) -> list[dict]:
    """Every legend a Vega-Lite spec declares, at any depth."""
    if isinstance(spec, dict):
        found = [spec["legend"]] if isinstance(spec.get("legend"), dict) else []
        return found + [x for k, v in spec.items() if k != "config" for x in _legends(v)]
    if isinstance(spec, list):
        return [x for v in spec for x in _legends(v)]
    return []


def test_every_chart_keeps_a_phones_width_for_its_plot():
    """ "Phone, 390 × 844: the rate chart is squeezed to about 110 px by its legend, with one date
    tick." Legends go below the plot, one entry a line and one legend under the other, and the
    chart fits only its width, so the legend adds height instead of taking the plot's."""
    from tests.ui.test_charts import _comparison, _point, _result

    result = _result(runs=200, windows=(7, 30))
    built = {
        "rate": rate_chart(result),
        "cancellations": cancellations_chart(result),
        "compare": compare_chart(_comparison({"a": result, "b": _result()})),
        "sweep": sweep_chart([_point(0.01, 0.1), _point(0.02, 0.5)], "rate", percent=True),
        "overview": overview_chart([{"scenario": "s", "peak": 0.01, "limit": 0.025, "status": "OK"}]),
    }
    for name, chart in built.items():
        spec = as_spec(chart)
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}, name
        assert spec["config"]["legend"]["layout"]["bottom"]["direction"] == "vertical", name
        for legend in _legends(spec):
            assert (legend["orient"], legend["direction"]) == ("bottom", "vertical"), (name, legend)
    assert len(_legends(as_spec(built["rate"]))) >= 2  # the lines' and the band's, both below
    assert chart_specs.spec(rate_chart, result)["config"]["legend"]["layout"] == LEGEND_LAYOUT
