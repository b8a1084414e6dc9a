"""The policy lab's per-user state: what is chosen, and pushing it into the widgets.

Every key lives under ``lab.*`` in ``st.session_state``.  Other pages hand the lab
work through :data:`IMPORT` (a scenario/policy/seed from the gallery) and
:data:`IMPORT_SCENARIO` (a scenario from the replay page).  The callbacks run
before the script, so they may set widget values.
"""

from __future__ import annotations

import streamlit as st
import yaml

from formats.errors import RulebookError
from simulator.engine.streams import DEFAULT_SEED
from simulator.policy_actions import ACTIONS, EDITOR_FIELDS, EditorValues
from ui.shared.uploads import problem_lines, read_yaml_upload
from ui.simulate import catalog as lab_catalog
from ui.simulate.lab_address import take_link
from ui.simulate.policy_editor import policy_from_widgets, policy_from_yaml, widget_values
from ui.simulate.scenario_editor import get_value

P = "lab"
IMPORT = f"{P}.import"  # {"scenario", "policy", "seed"}: set by the gallery's "Open in the policy lab"
IMPORT_SCENARIO = f"{P}.import_scenario"  # (label, Scenario): set by the replay page
DEFAULT_RUNS = 100
DEFAULT_RULEBOOK = "amazon_us"
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


def widget_key(situation: str, field: str) -> str:
    """The session key of one policy widget (``field``: an EditorField key)."""
    return f"{P}.pw.{situation}.{field}"


def scenario_choices() -> dict:
    files = {k: v for k, v in lab_catalog.scenarios().items() if not isinstance(v, RulebookError)}
    return {**files, **ss.setdefault(f"{P}.uploaded_scenarios", {})}


def rulebook_choices() -> dict:
    names = {n: None for n in lab_catalog.rulebook_names()}
    return {**names, **ss.setdefault(f"{P}.uploaded_rulebooks", {})}


def base_rulebook(choice: str):
    uploaded = ss.get(f"{P}.uploaded_rulebooks", {})
    return uploaded[choice] if choice in uploaded else lab_catalog.rulebook(choice)


def policy_heading(policy, rb) -> str:
    """The policy's name, and what was edited: "By the book (edited: out of stock → ask buyer)"."""
    stem, base = ss.get(f"{P}.policy_base", (None, None))
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
    ss[f"{P}.policy"] = policy
    if base is not None:
        ss[f"{P}.policy_base"] = base
    ss[f"{P}.policy_text"] = policy_yaml(policy)
    ss[f"{P}.policy_problems"] = None
    for sid, values in widget_values(policy, rb).items():
        for f in EDITOR_FIELDS:
            value = getattr(values, f.attr)
            ss[widget_key(sid, f.key)] = float(value) if f.widget == "number" else value


def policy_widget_values(situation: str) -> EditorValues:
    """What the widgets of one situation hold now."""
    kw = {f.attr: ss[widget_key(situation, f.key)] for f in EDITOR_FIELDS}
    kw["contact_first"], kw["wait_hours"] = bool(kw["contact_first"]), float(kw["wait_hours"])
    return EditorValues(**kw)


def scenario_fields(rb) -> dict[str, tuple[tuple, float]]:
    fields = dict(SCENARIO_FIELDS)
    for si in rb.situations:
        # desk-only situations have no rate; changed minds are set by buyer.changed_mind_rate
        if si.simulated and si.id != "buyer_changed_mind":
            fields[f"sit.{si.id}"] = (("situations", si.id), 100.0)
    return fields


def push_scenario(scenario, rb) -> None:
    """Reset the scenario widgets to a scenario's own figures."""
    for name, (path, scale) in scenario_fields(rb).items():
        value = get_value(scenario, path)
        ss[f"{P}.sc.{name}"] = int(value) if name == "days" else round(float(value) * scale, 8)


def push_rulebook(rb) -> None:
    m = rb.metrics
    ss[f"{P}.rb.limit"] = round(m.cancellation_rate.limit * 100, 4)
    ss[f"{P}.rb.windows"] = list(m.cancellation_rate.windows_days)
    ss[f"{P}.rb.odr"] = round(m.order_defect_rate.limit * 100, 4)


def choose_scenario(name: str) -> None:
    scenario = scenario_choices()[name]
    ss[f"{P}.scenario_choice"] = name
    rb_name = scenario.rulebook if scenario.rulebook in rulebook_choices() else DEFAULT_RULEBOOK
    ss[f"{P}.rb_choice"] = rb_name
    rb = base_rulebook(rb_name)
    push_rulebook(rb)
    push_scenario(scenario, rb)
    ss[f"{P}.rb_for"] = rb_name


def init() -> None:
    if f"{P}.policy" in ss:
        return
    choices = scenario_choices()
    first = FIRST_SCENARIO if FIRST_SCENARIO in choices else next(iter(choices))
    choose_scenario(first)
    rb = base_rulebook(ss[f"{P}.rb_choice"])
    policy = lab_catalog.policy_of(choices[first], rb)
    push_policy(policy, rb, (lab_catalog.policy_stem(choices[first]), policy))
    ss[f"{P}.seed"] = DEFAULT_SEED
    ss[f"{P}.runs"] = DEFAULT_RUNS
    take_link()


def take_imports() -> None:
    """Arrivals from the gallery ("Open in the policy lab") and the replay page."""
    if arrived := ss.pop(IMPORT_SCENARIO, None):
        label, scenario = arrived
        ss.setdefault(f"{P}.uploaded_scenarios", {})[label] = scenario
        choose_scenario(label)
    if arrived := ss.pop(IMPORT, None):
        if arrived["scenario"] in scenario_choices():
            choose_scenario(arrived["scenario"])
        rb = base_rulebook(ss[f"{P}.rb_choice"])
        policy = lab_catalog.policies().get(arrived["policy"])
        if policy is not None:
            push_policy(policy, rb, (arrived["policy"], policy))
        ss[f"{P}.seed"] = int(arrived.get("seed", DEFAULT_SEED))
        ss[f"{P}.runs"] = int(arrived.get("runs", DEFAULT_RUNS))  # the gallery's runs, not the lab's default


# -- callbacks ------------------------------------------------------------------


def on_scenario_choice() -> None:
    choose_scenario(ss[f"{P}.scenario_choice"])


def on_rulebook_choice() -> None:
    rb = base_rulebook(ss[f"{P}.rb_choice"])
    push_rulebook(rb)
    ss[f"{P}.rb_for"] = ss[f"{P}.rb_choice"]
    push_policy(ss[f"{P}.policy"], rb)


def on_policy_widgets(rb) -> None:
    values = {si.id: policy_widget_values(si.id) for si in rb.situations}
    try:
        policy = policy_from_widgets(ss[f"{P}.policy"], values, rb)
    except RulebookError as exc:
        ss[f"{P}.policy_problems"] = problem_lines(exc)
        return
    push_policy(policy, rb)


def on_policy_text(rb) -> None:
    try:
        policy = policy_from_yaml(ss[f"{P}.policy_text"], rb)
    except RulebookError as exc:
        ss[f"{P}.policy_problems"] = problem_lines(exc)  # the last valid policy stays in force
        return
    text = ss[f"{P}.policy_text"]
    push_policy(policy, rb)
    ss[f"{P}.policy_text"] = text  # keep the user's own layout and comments


def on_load_policy(rb) -> None:
    name = ss[f"{P}.policy_file"]
    policy = lab_catalog.policies()[name]
    push_policy(policy, rb, (name, policy))


def on_upload(kind: str) -> None:
    """A new file in one of the upload boxes: validate it, then use it (or say why not)."""
    file = ss.get(upload_key(kind))
    if file is None:
        return
    raw = file.getvalue()
    try:
        model, text = read_yaml_upload(file.name, raw, kind)
        label = f"uploaded: {file.name}"
        if kind == "scenario":
            ss.setdefault(f"{P}.uploaded_scenarios", {})[label] = model
            choose_scenario(label)
        elif kind == "rulebook":
            ss.setdefault(f"{P}.uploaded_rulebooks", {})[label] = model
            ss[f"{P}.rb_choice"] = label
            on_rulebook_choice()
        else:
            rb = base_rulebook(ss[f"{P}.rb_choice"])
            policy = policy_from_yaml(text, rb, file.name)
            push_policy(policy, rb, (None, policy))
            ss[f"{P}.policy_text"] = text
        ss[f"{P}.up_msg.{kind}"] = ("success", [f"{file.name} loaded and in use."])
    except RulebookError as exc:
        ss[f"{P}.up_msg.{kind}"] = ("error", [*problem_lines(exc), still_in_force(kind)])
        # A fresh upload box: the refused file is not left listed as if it were in use.
        ss[f"{P}.up_round.{kind}"] = ss.get(f"{P}.up_round.{kind}", 0) + 1


def upload_key(kind: str) -> str:
    """The upload box's key; a new one after a refusal, so the refused file is not left listed."""
    n = ss.get(f"{P}.up_round.{kind}", 0)
    return f"{P}.up.{kind}" if n == 0 else f"{P}.up.{kind}.{n}"


def still_in_force(kind: str) -> str:
    """What stays in use after a refused upload, in words."""
    if kind == "scenario":
        name = ss.get(f"{P}.scenario_choice", "")
        what = lab_catalog.scenario_title(name, scenario_choices().get(name))
    elif kind == "rulebook":
        name = ss.get(f"{P}.rb_choice", "")
        what = lab_catalog.rulebook_title(name, ss.get(f"{P}.uploaded_rulebooks", {}).get(name))
    else:
        what = lab_catalog.policy_title(ss[f"{P}.policy"].name)
    return f"Nothing changed: the {kind} {what} stays in force."
