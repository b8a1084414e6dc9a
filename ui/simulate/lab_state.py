"""The policy lab's per-user state: one :class:`LabState` under the key ``lab``.

Widgets only show it (``ui.shared.state.bound``): Streamlit forgets a widget's key on
a page that is not drawn, so the lab reads none as its state.  Other pages hand the
lab work through ``ui.shared.state.hand_to_lab``: a ``LabImport`` (a scenario, policy,
seed and runs from the gallery) or a ``ScenarioImport`` (a scenario from the replay page).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import streamlit as st
import yaml

from formats.errors import RulebookError
from formats.loader import DEFAULT_RULEBOOK
from rules import vocabulary
from simulator.engine.streams import DEFAULT_SEED
from simulator.policy_actions import ACTIONS, EditorValues
from ui.shared.state import LAB, LabImport, ScenarioImport, _int, page_state, read_link, take_for_lab
from ui.shared.upload_guard import release, taken
from ui.shared.uploads import problem_lines, read_yaml_upload
from ui.simulate import catalog as lab_catalog
from ui.simulate.lab_address import MAX_RUNS, rulebook_values
from ui.simulate.lab_link import decode_edits, policy_of_edits
from ui.simulate.policy_editor import policy_from_widgets, policy_from_yaml, widget_values
from ui.simulate.results_view import ResultsView
from ui.simulate.scenario_editor import get_value

P = LAB  # the state's key, and the prefix of the lab's widget keys
DEFAULT_RUNS = 100
FIRST_SCENARIO = "starter_shop"
ss = st.session_state

SCENARIO_FIELDS = {
    "volume": (("volume", "mean_per_day"), 1.0),
    "days": (("days",), 1.0),
    "sf": (("seller_fulfilled_share",), 100.0),
    "request": (("buyer", "request_probability"), 100.0),
    "changed": (("buyer", "changed_mind_rate"), 100.0),
    "reply": (("buyer", "reply_within_24h"), 100.0),
}


@dataclass
class LabState:
    """Everything the lab shows and what is in force, for one browser session."""

    scenario_choice: str = FIRST_SCENARIO
    rb_choice: str = DEFAULT_RULEBOOK
    seed: int = DEFAULT_SEED
    runs: int = DEFAULT_RUNS
    rb: dict[str, Any] = field(default_factory=dict)  # the limits' widgets: limit, windows, odr
    sc: dict[str, float | int] = field(default_factory=dict)  # the figures, by SCENARIO_FIELDS name
    pw: dict[str, EditorValues] = field(default_factory=dict)  # the policy's widgets, by situation
    policy: Any = None  # the Policy in force
    policy_base: tuple = (None, None)  # (file stem or None, Policy) it was loaded from
    policy_text: str = ""
    policy_problems: list[str] | None = None
    uploaded_scenarios: dict[str, Any] = field(default_factory=dict)
    uploaded_rulebooks: dict[str, Any] = field(default_factory=dict)
    rb_last: Any = None  # the last valid rulebook and scenario of the limits' and figures' widgets
    scenario_last: Any = None
    up_msg: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # per upload kind
    up_round: dict[str, int] = field(default_factory=dict)  # a fresh upload box after each refusal
    results: ResultsView = field(default_factory=ResultsView)  # the results' open tab and choices
    open_situations: set[str] = field(default_factory=set)  # the policy tab's expanders left open
    link_hold: bool = False  # opened from a link: a large run waits for its Run button (issue 23)


def lab() -> LabState:
    return page_state(P, LabState)


def widget_key(situation: str, field: str) -> str:
    """The session key of one policy widget (``field``: an EditorField key)."""
    return f"{P}.pw.{situation}.{field}"


def scenario_choices() -> dict:
    files = {k: v for k, v in lab_catalog.scenarios().items() if not isinstance(v, RulebookError)}
    return {**files, **lab().uploaded_scenarios}


def rulebook_choices() -> dict:
    names = {n: None for n in lab_catalog.rulebook_names()}
    return {**names, **lab().uploaded_rulebooks}


def base_rulebook(choice: str):
    uploaded = lab().uploaded_rulebooks
    return uploaded[choice] if choice in uploaded else lab_catalog.rulebook(choice)


def policy_heading(policy, rb) -> str:
    """The policy's name, and what was edited: "By the book (edited: out of stock → ask buyer)"."""
    stem, base = lab().policy_base
    title = lab_catalog.policy_title(stem or policy.name, base if stem else policy)
    if base is None or policy.name != base.name:  # a policy of its own (pasted or uploaded)
        return lab_catalog.policy_title(policy.name, policy)
    mine, theirs = policy.model_dump()["handling"], base.model_dump()["handling"]
    changed = [si for si in rb.situations if mine.get(si.id) != theirs.get(si.id)]
    if not changed and policy.model_dump() == base.model_dump():
        return title
    words = []
    for si in changed:
        spec = policy.handling.get(si.id)
        act = ACTIONS.get(spec.action) if spec is not None else None
        words.append(f"{si.label.lower()} → {(act.label if act else 'the rulebook').lower()}")
    shown = ", ".join(words[:2]) + (f" and {len(words) - 2} more" if len(words) > 2 else "")
    return f"{title} (edited: {shown or 'its text'})"


def policy_yaml(policy) -> str:
    """The policy as YAML without empty keys (``reason: null`` says nothing a reader needs)."""
    data = policy.model_dump(mode="json", exclude_none=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def push_policy(policy, rb, base: tuple | None = None) -> None:
    """Make ``policy`` the one in force and show it in both editors.

    ``base`` is (file stem or None, policy) of the file it was loaded from: edits are named against it.
    """
    state = lab()
    state.policy = policy
    if base is not None:
        state.policy_base = base
    state.policy_text = policy_yaml(policy)
    state.policy_problems = None
    state.pw = widget_values(policy, rb)


def policy_widget_values(situation: str) -> EditorValues:
    """What the widgets of one situation hold now."""
    values = lab().pw[situation]
    return replace(values, contact_first=bool(values.contact_first), wait_hours=float(values.wait_hours))


def store_policy_widget(situation: str, attr: str):
    """The callback that keeps one policy widget's new value."""

    def store(value) -> None:
        state = lab()
        state.pw[situation] = replace(state.pw[situation], **{attr: value})

    return store


def scenario_fields(rb) -> dict[str, tuple[tuple, float]]:
    fields = dict(SCENARIO_FIELDS)
    figured = vocabulary.rated_by_scenario(rb)
    for si in rb.situations:
        # desk-only situations have no rate; some are set by a scenario figure (buyer.changed_mind_rate)
        if si.simulated and si.id not in figured:
            fields[f"sit.{si.id}"] = (("situations", si.id), 100.0)
    return fields


def push_scenario(scenario, rb) -> None:
    """Reset the scenario widgets to a scenario's own figures."""
    sc = lab().sc
    for name, (path, scale) in scenario_fields(rb).items():
        value = get_value(scenario, path)
        sc[name] = int(value) if name == "days" else round(float(value) * scale, 8)


def push_rulebook(rb) -> None:
    lab().rb = rulebook_values(rb)


def choose_scenario(name: str) -> None:
    state = lab()
    scenario = scenario_choices()[name]
    state.scenario_choice = name
    state.rb_choice = scenario.rulebook if scenario.rulebook in rulebook_choices() else DEFAULT_RULEBOOK
    rb = base_rulebook(state.rb_choice)
    push_rulebook(rb)
    push_scenario(scenario, rb)


def init() -> None:
    """The session's first visit: the first scenario with its own policy, then what the link says."""
    state = lab()
    if state.policy is not None:
        return
    choices = scenario_choices()
    first = FIRST_SCENARIO if FIRST_SCENARIO in choices else next(iter(choices))
    choose_scenario(first)
    rb = base_rulebook(state.rb_choice)
    policy = lab_catalog.policy_of(choices[first], rb)
    push_policy(policy, rb, (lab_catalog.policy_stem(choices[first]), policy))
    take_link(state)


def take_link(state) -> None:
    """Put a link's state into the lab's ``state`` (once per session, from :func:`init`): a link
    opened in a fresh browser puts back the scenario, rulebook, policy, seed, runs and every edit."""
    params = st.query_params
    link = read_link(params)
    state.link_hold = bool(params)
    if link.scenario in scenario_choices():
        choose_scenario(link.scenario)
    rb_name = params.get("rulebook")
    if rb_name in rulebook_choices():
        state.rb_choice = rb_name
    rb = base_rulebook(state.rb_choice)
    edits = decode_edits(params.get("edits"))
    for k, v in (edits.get("rb") or {}).items():
        if k in ("limit", "odr") and isinstance(v, int | float):
            state.rb[k] = float(v)
        elif k == "windows" and isinstance(v, list) and all(isinstance(x, int) for x in v):
            state.rb["windows"] = v
        elif k == "sfp" and isinstance(v, bool):
            state.rb["sfp"] = v
    for k, v in (edits.get("sc") or {}).items():
        if k in state.sc and isinstance(v, int | float):
            state.sc[k] = int(v) if k == "days" else float(v)
    files = lab_catalog.policies()
    edited = policy_of_edits(edits, rb)
    if link.policy in files:
        push_policy(files[link.policy], rb, (link.policy, files[link.policy]))
    if edited is not None:
        stem = edits.get("base")
        base = (stem, files[stem]) if stem in files else (None, edited)
        push_policy(edited, rb, base)
    if "seed" in params:
        state.seed = link.seed
    if "runs" in params:
        state.runs = _int(params.get("runs"), state.runs, 1, MAX_RUNS)


def take_imports() -> None:
    """Arrivals from the gallery ("Open in the policy lab") and the replay page."""
    state = lab()
    if scenario := take_for_lab(ScenarioImport):
        state.uploaded_scenarios[scenario.label] = scenario.scenario
        choose_scenario(scenario.label)
    if run := take_for_lab(LabImport):
        if run.scenario in scenario_choices():
            choose_scenario(run.scenario)
        rb = base_rulebook(state.rb_choice)
        policy = lab_catalog.policies().get(run.policy)
        if policy is not None:
            push_policy(policy, rb, (run.policy, policy))
        state.seed, state.runs = run.seed, run.runs  # the gallery's runs, not the lab's default


# -- callbacks (run before the script, after the widget's change was stored) ------


def on_scenario_choice() -> None:
    choose_scenario(lab().scenario_choice)


def on_rulebook_choice() -> None:
    state = lab()
    rb = base_rulebook(state.rb_choice)
    push_rulebook(rb)
    push_policy(state.policy, rb)


def on_policy_widgets(rb) -> None:
    state = lab()
    values = {si.id: policy_widget_values(si.id) for si in rb.situations}
    try:
        policy = policy_from_widgets(state.policy, values, rb)
    except RulebookError as exc:
        state.policy_problems = problem_lines(exc)
        return
    push_policy(policy, rb)


def on_policy_text(rb) -> None:
    state = lab()
    text = state.policy_text
    try:
        policy = policy_from_yaml(text, rb)
    except RulebookError as exc:
        state.policy_problems = problem_lines(exc)  # the last valid policy stays in force
        return
    push_policy(policy, rb)
    state.policy_text = text  # keep the user's own layout and comments


def on_load_policy(rb) -> None:
    name = ss[f"{P}.policy_file"]  # the file just picked (this selectbox is an action, not state)
    policy = lab_catalog.policies()[name]
    push_policy(policy, rb, (name, policy))


def on_upload(kind: str) -> None:
    """A new file in one of the upload boxes: validate it, then use it (or say why not)."""
    state = lab()
    file = taken(ss.get(upload_key(kind)))  # the file just dropped (an upload box is an action, not state)
    if file is None:
        return
    raw = file.getvalue()
    release(file)  # read: its bytes need not wait in the server's memory for the session to end
    try:
        model, text = read_yaml_upload(file.name, raw, kind)
        label = f"uploaded: {file.name}"
        if kind == "scenario":
            state.uploaded_scenarios[label] = model
            choose_scenario(label)
        elif kind == "rulebook":
            state.uploaded_rulebooks[label] = model
            state.rb_choice = label
            on_rulebook_choice()
        else:
            rb = base_rulebook(state.rb_choice)
            policy = policy_from_yaml(text, rb, file.name)
            push_policy(policy, rb, (None, policy))
            state.policy_text = text
        state.up_msg[kind] = ("success", [f"{file.name} loaded and in use."])
    except RulebookError as exc:
        state.up_msg[kind] = ("error", [*problem_lines(exc), still_in_force(kind)])
        # A fresh upload box: the refused file is not left listed as if it were in use.
        state.up_round[kind] = state.up_round.get(kind, 0) + 1


def upload_key(kind: str) -> str:
    """The upload box's key; a new one after a refusal, so the refused file is not left listed."""
    n = lab().up_round.get(kind, 0)
    return f"{P}.up.{kind}" if n == 0 else f"{P}.up.{kind}.{n}"


def still_in_force(kind: str) -> str:
    """What stays in use after a refused upload, in words."""
    state = lab()
    if kind == "scenario":
        name = state.scenario_choice
        what = lab_catalog.scenario_title(name, scenario_choices().get(name))
    elif kind == "rulebook":
        name = state.rb_choice
        what = lab_catalog.rulebook_title(name, state.uploaded_rulebooks.get(name))
    else:
        what = lab_catalog.policy_title(state.policy.name)
    return f"Nothing changed: the {kind} {what} stays in force."
