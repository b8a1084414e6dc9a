"""Policy lab: edit a policy (widgets or YAML, kept in sync), the scenario's main
figures and the rulebook's thresholds, then run, compare and sweep.

Per-user state lives under ``lab.*`` in st.session_state.  While the policy
YAML is invalid, the last valid policy stays in force.
"""

import streamlit as st

from formats.errors import RulebookError
from ui.shared.uploads import YAML_LIMIT, problem_lines, read_yaml_upload
from ui.simulate import catalog as lab_catalog
from ui.simulate.policy_editor import (
    ACTION_LABELS,
    FALLBACK_LABELS,
    HONEST_REASON,
    Handling,
    policy_from_widgets,
    policy_from_yaml,
    widget_values,
)
from ui.simulate.results import RunInputs, run_main, show_problems, show_results
from ui.simulate.scenario_editor import get_value, updated

P = "lab"
RUN_CHOICES = [1, 100, 200, 500, 1000]
DEFAULT_RUNS = 100
WINDOW_CHOICES = [7, 30, 60]
ss = st.session_state


def to_yaml(model) -> str:
    from simulator import to_yaml as core_to_yaml

    return core_to_yaml(model)


# -- per-user state ---------------------------------------------------------


def scenario_choices() -> dict:
    files = {k: v for k, v in lab_catalog.scenarios().items() if not isinstance(v, RulebookError)}
    return {**files, **ss.setdefault(f"{P}.uploaded_scenarios", {})}


def rulebook_choices() -> dict:
    names = {n: None for n in lab_catalog.rulebook_names()}
    return {**names, **ss.setdefault(f"{P}.uploaded_rulebooks", {})}


def base_rulebook(choice: str):
    uploaded = ss.get(f"{P}.uploaded_rulebooks", {})
    return uploaded[choice] if choice in uploaded else lab_catalog.rulebook(choice)


def push_policy(policy, rb) -> None:
    """Make ``policy`` the one in force and show it in both editors."""
    ss[f"{P}.policy"] = policy
    ss[f"{P}.policy_text"] = to_yaml(policy)
    ss[f"{P}.policy_problems"] = None
    for sid, h in widget_values(policy, rb).items():
        ss[f"{P}.pw.{sid}.action"] = h.action
        ss[f"{P}.pw.{sid}.reason"] = h.reason
        ss[f"{P}.pw.{sid}.contact"] = h.contact_first
        ss[f"{P}.pw.{sid}.wait"] = float(h.wait_hours)
        ss[f"{P}.pw.{sid}.fallback"] = h.fallback


SCENARIO_FIELDS = {
    "volume": (("volume", "mean_per_day"), 1.0),
    "days": (("days",), 1.0),
    "sf": (("seller_fulfilled_share",), 100.0),
    "request": (("buyer", "request_probability"), 100.0),
    "changed": (("buyer", "changed_mind_rate"), 100.0),
    "reply": (("buyer", "reply_within_24h"), 100.0),
}


def scenario_fields(rb) -> dict[str, tuple[tuple, float]]:
    fields = dict(SCENARIO_FIELDS)
    for si in rb.situations:
        if si.id != "buyer_changed_mind":
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
    rb_name = scenario.rulebook if scenario.rulebook in rulebook_choices() else "amazon_us"
    ss[f"{P}.rb_choice"] = rb_name
    rb = base_rulebook(rb_name)
    push_rulebook(rb)
    push_scenario(scenario, rb)
    ss[f"{P}.rb_for"] = rb_name


def init() -> None:
    if f"{P}.policy" in ss:
        return
    choices = scenario_choices()
    first = "starter_shop" if "starter_shop" in choices else next(iter(choices))
    choose_scenario(first)
    rb = base_rulebook(ss[f"{P}.rb_choice"])
    push_policy(lab_catalog.policy_of(choices[first], rb), rb)
    ss[f"{P}.seed"] = 0
    ss[f"{P}.runs"] = DEFAULT_RUNS


def take_imports() -> None:
    """Arrivals from the gallery ("Open in the policy lab") and the replay page."""
    if arrived := ss.pop(f"{P}.import_scenario", None):
        label, scenario = arrived
        ss.setdefault(f"{P}.uploaded_scenarios", {})[label] = scenario
        choose_scenario(label)
    if arrived := ss.pop(f"{P}.import", None):
        if arrived["scenario"] in scenario_choices():
            choose_scenario(arrived["scenario"])
        rb = base_rulebook(ss[f"{P}.rb_choice"])
        policy = lab_catalog.policies().get(arrived["policy"])
        if policy is not None:
            push_policy(policy, rb)
        ss[f"{P}.seed"] = int(arrived.get("seed", 0))


# -- callbacks (run before the script, so they may set widget values) ---------


def on_scenario_choice() -> None:
    choose_scenario(ss[f"{P}.scenario_choice"])


def on_rulebook_choice() -> None:
    rb = base_rulebook(ss[f"{P}.rb_choice"])
    push_rulebook(rb)
    ss[f"{P}.rb_for"] = ss[f"{P}.rb_choice"]
    push_policy(ss[f"{P}.policy"], rb)


def on_policy_widgets(rb) -> None:
    values = {
        si.id: Handling(
            ss[f"{P}.pw.{si.id}.action"],
            ss[f"{P}.pw.{si.id}.reason"],
            bool(ss[f"{P}.pw.{si.id}.contact"]),
            float(ss[f"{P}.pw.{si.id}.wait"]),
            ss[f"{P}.pw.{si.id}.fallback"],
        )
        for si in rb.situations
    }
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
    push_policy(lab_catalog.policies()[name], rb)


def on_upload(kind: str) -> None:
    """A new file in one of the upload boxes: validate it, then use it (or say why not)."""
    file = ss.get(f"{P}.up.{kind}")
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
            push_policy(policy, rb)
            ss[f"{P}.policy_text"] = text
        ss[f"{P}.up_msg.{kind}"] = ("success", [f"{file.name} loaded and in use."])
    except RulebookError as exc:
        ss[f"{P}.up_msg.{kind}"] = ("error", problem_lines(exc))


# -- page ------------------------------------------------------------------

init()
take_imports()
st.title("Policy lab")
st.caption(
    "Try a cancellation policy on a simulated shop: change what the seller does in each situation, "
    "the shop's figures or the rulebook's limits, and see the Cancellation Rate move."
)

c1, c2, c3, c4 = st.columns([3, 2, 1, 1])
scenarios = scenario_choices()
rulebooks = rulebook_choices()
c1.selectbox(
    "Scenario",
    list(scenarios),
    key=f"{P}.scenario_choice",
    format_func=lambda k: lab_catalog.scenario_title(k, scenarios.get(k)),
    on_change=on_scenario_choice,
)
c2.selectbox(
    "Rulebook",
    list(rulebooks),
    key=f"{P}.rb_choice",
    format_func=lambda k: lab_catalog.rulebook_title(k, rulebooks.get(k)),
    on_change=on_rulebook_choice,
)
c3.number_input("Seed", min_value=0, step=1, key=f"{P}.seed")
c4.selectbox("Monte Carlo runs", RUN_CHOICES, key=f"{P}.runs")

base_scenario = scenarios[ss[f"{P}.scenario_choice"]]
base_rb = base_rulebook(ss[f"{P}.rb_choice"])

tab_policy, tab_scenario, tab_rules, tab_upload = st.tabs(
    [
        ":material/rule: Policy",
        ":material/storefront: Scenario figures",
        ":material/gavel: Rulebook limits",
        ":material/upload_file: Upload files",
    ]
)

with tab_rules:
    st.caption(f"Thresholds of {base_rb.name}. Change them to ask e.g. *what if the limit were 2%?*")
    r1, r2, r3 = st.columns(3)
    r1.number_input(
        "Cancellation Rate limit (%)",
        min_value=0.0,
        max_value=100.0,
        step=0.1,
        format="%.2f",
        key=f"{P}.rb.limit",
    )
    windows_options = sorted({*WINDOW_CHOICES, *base_rb.metrics.cancellation_rate.windows_days})
    r2.multiselect("Rolling windows (days)", windows_options, key=f"{P}.rb.windows")
    r3.number_input(
        "Order Defect Rate limit (%)",
        min_value=0.0,
        max_value=100.0,
        step=0.1,
        format="%.2f",
        key=f"{P}.rb.odr",
    )
    try:
        rb = updated(
            base_rb,
            {
                ("metrics", "cancellation_rate", "limit"): round(ss[f"{P}.rb.limit"] / 100, 6),
                ("metrics", "cancellation_rate", "windows_days"): sorted(ss[f"{P}.rb.windows"]),
                ("metrics", "order_defect_rate", "limit"): round(ss[f"{P}.rb.odr"] / 100, 6),
            },
            "rulebook limits",
        )
        ss[f"{P}.rb_last"] = rb
    except RulebookError as exc:
        show_problems("These limits are not valid; the last valid ones stay in force", exc)
        rb = ss.get(f"{P}.rb_last", base_rb)

with tab_policy:
    policy = ss[f"{P}.policy"]
    top1, top2 = st.columns([3, 2])
    files = lab_catalog.policies()
    with top2:
        st.selectbox(
            "Start from a policy file",
            list(files),
            index=None,
            placeholder="Pick a file to load it",
            key=f"{P}.policy_file",
            format_func=lab_catalog.policy_title,
            on_change=on_load_policy,
            args=(rb,),
        )
    top1.markdown(f"**In force: {lab_catalog.policy_title(policy.name)}**  \n{policy.description}")
    left, right = st.columns([3, 2])
    reasons = {r.id: r.label for r in rb.reasons}
    with left:
        st.markdown("##### Per situation")
        for si in rb.situations:
            k = f"{P}.pw.{si.id}"
            if f"{k}.action" not in ss:
                push_policy(policy, rb)
            action = ss[f"{k}.action"]
            options = list(dict.fromkeys(["recommended", *si.procedures, "auto_cancel", action]))
            with st.expander(f"{si.label}: {ACTION_LABELS.get(action, action).lower()}"):
                a, b = st.columns(2)
                a.selectbox(
                    "Action",
                    options,
                    format_func=lambda x: ACTION_LABELS.get(x, x),
                    key=f"{k}.action",
                    on_change=on_policy_widgets,
                    args=(rb,),
                )
                cancels = action == "seller_cancel" or (
                    action == "ask_buyer" and ss[f"{k}.fallback"] == "seller_cancel"
                )
                b.selectbox(
                    "Reason for cancellation",
                    [HONEST_REASON, *reasons],
                    format_func=lambda x: reasons.get(x, "The situation's own reason"),
                    key=f"{k}.reason",
                    on_change=on_policy_widgets,
                    args=(rb,),
                    disabled=not cancels,
                )
                a.number_input(
                    "Hours to wait for the buyer",
                    min_value=1.0,
                    max_value=720.0,
                    step=6.0,
                    key=f"{k}.wait",
                    on_change=on_policy_widgets,
                    args=(rb,),
                    disabled=action not in ("ask_buyer", "recommended"),
                )
                b.selectbox(
                    "If no request arrives",
                    list(FALLBACK_LABELS),
                    format_func=FALLBACK_LABELS.get,
                    key=f"{k}.fallback",
                    on_change=on_policy_widgets,
                    args=(rb,),
                    disabled=action != "ask_buyer",
                )
                a.checkbox(
                    "Contact the buyer first",
                    key=f"{k}.contact",
                    on_change=on_policy_widgets,
                    args=(rb,),
                    disabled=not cancels,
                )
                risk = si.compliance_risks.get(action)
                if risk:
                    st.warning(f"Compliance risk: {risk}", icon=":material/warning:")
    with right:
        st.markdown("##### As YAML")
        st.text_area(
            "Policy YAML",
            key=f"{P}.policy_text",
            height=420,
            on_change=on_policy_text,
            args=(rb,),
            help="Checked when you leave the box or press Ctrl+Enter.",
        )
        problems = ss.get(f"{P}.policy_problems")
        if problems:
            st.error(
                "Not applied; the last valid policy stays in force:\n\n"
                + "\n".join(f"- {p}" for p in problems),
                icon=":material/error:",
            )
        else:
            st.success("Valid: this policy is in force.", icon=":material/check_circle:")

with tab_scenario:
    st.caption(f"Main figures of *{base_scenario.name}*. Incidence is a share of seller-fulfilled orders.")
    labels = {si.id: si.label for si in rb.situations}
    s1, s2, s3 = st.columns(3)
    s1.number_input(
        "Orders per day (mean)", min_value=1.0, max_value=1_000_000.0, step=10.0, key=f"{P}.sc.volume"
    )
    s2.number_input("Seller-fulfilled share (%)", min_value=0.0, max_value=100.0, step=5.0, key=f"{P}.sc.sf")
    s3.number_input("Days simulated", min_value=7, max_value=730, step=7, key=f"{P}.sc.days")
    st.markdown("###### How often each situation happens (% of seller-fulfilled orders)")
    fields = scenario_fields(rb)
    sit_keys = [n for n in fields if n.startswith("sit.")]
    cols = st.columns(3)
    for i, name in enumerate(sit_keys):
        if f"{P}.sc.{name}" not in ss:
            push_scenario(base_scenario, rb)
        cols[i % 3].number_input(
            labels[name[4:]], min_value=0.0, max_value=100.0, step=0.1, format="%.2f", key=f"{P}.sc.{name}"
        )
    st.markdown("###### Buyers (assumptions: no published figures)")
    b1, b2, b3 = st.columns(3)
    b1.number_input(
        "Buyer files the request when asked (%)",
        min_value=0.0,
        max_value=100.0,
        step=5.0,
        key=f"{P}.sc.request",
    )
    b2.number_input(
        "Buyers who change their mind (%)", min_value=0.0, max_value=100.0, step=0.1, key=f"{P}.sc.changed"
    )
    b3.number_input(
        "Seller answers within 24 h (%)", min_value=0.0, max_value=100.0, step=5.0, key=f"{P}.sc.reply"
    )
    changes = {}
    for name, (path, scale) in fields.items():
        value = ss[f"{P}.sc.{name}"]
        value = int(value) if name == "days" else round(float(value) / scale, 6)
        if value != get_value(base_scenario, path):
            changes[path] = value
    try:
        scenario = updated(base_scenario, changes, "scenario figures") if changes else base_scenario
        ss[f"{P}.scenario_last"] = scenario
    except RulebookError as exc:
        show_problems("These figures are not valid; the last valid ones stay in force", exc)
        scenario = ss.get(f"{P}.scenario_last", base_scenario)

with tab_upload:
    st.caption(
        f"YAML files up to {YAML_LIMIT // 1024} KiB. A file with problems is refused with its line numbers; "
        "what you had stays in force. Uploads are kept in your session only."
    )
    u1, u2, u3 = st.columns(3)
    for col, kind in ((u1, "scenario"), (u2, "policy"), (u3, "rulebook")):
        with col:
            st.file_uploader(
                f"{kind.capitalize()} YAML",
                type=["yaml", "yml"],
                key=f"{P}.up.{kind}",
                on_change=on_upload,
                args=(kind,),
                max_upload_size=2,
            )
            msg = ss.get(f"{P}.up_msg.{kind}")
            if msg and msg[0] == "error":
                st.error("\n".join(f"- {line}" for line in msg[1]), icon=":material/error:")
            elif msg:
                st.success(msg[1][0], icon=":material/check_circle:")

st.divider()
st.header("Results")
policy = ss[f"{P}.policy"]
scenario_id = ss[f"{P}.scenario_choice"].removeprefix("uploaded: ").removesuffix(".yaml")
inputs = RunInputs(scenario, policy, rb, int(ss[f"{P}.seed"]), int(ss[f"{P}.runs"]), P, scenario_id)
result = run_main(inputs)
if result is not None:
    show_results(inputs, result, {"this policy": policy, **lab_catalog.policies()}, "this policy")
