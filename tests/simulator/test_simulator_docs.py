"""The simulator docs run: YAML examples validate and simulate, commands print what they say."""

from __future__ import annotations

import pytest

from simulator import policy_from_text, scenario_from_text, simulate
from tests.doc_examples import (
    ROOT,
    assert_output_matches,
    blocks,
    console_examples,
    run_console,
    yaml_examples,
)

DOCS = ["docs/scenario-format.md", "docs/policy-format.md", "docs/simulator-cli.md"]
CONSOLE = [(doc, cmd, out) for doc in DOCS for cmd, out in console_examples(doc)]


def expected_code(cmd: str) -> int:
    if "tests/simulator/bad" in cmd:
        return 2
    return 1 if "--fail-on-breach" in cmd else 0


def test_scenario_format_example_validates_and_runs():
    text = yaml_examples("docs/scenario-format.md")["corner_shop.yaml"]
    sc = scenario_from_text(text, "corner_shop.yaml")
    assert sc.volume.spikes[0].multiplier == 2 and sc.days == 28
    res = simulate(sc, seed=0, runs=3)
    assert res.days == 28 and res.scenario == "Corner shop"
    # the date-windowed stock-out shows up on days 10-12
    daily = [d["counted_cancellations"] for d in res.daily]
    assert sum(daily[9:12]) > sum(daily[:3])


def test_policy_format_example_validates_and_runs():
    text = yaml_examples("docs/policy-format.md")["careful.yaml"]
    pol = policy_from_text(text, "careful.yaml")
    assert pol.handling["special_request"].fallback.action == "fulfil_anyway"
    res = simulate("starter_shop", pol, seed=0, days=10)
    assert res.policy == "careful"
    assert res.handling["special_request"].otherwise == "Shipped without the special request"


def test_docs_have_examples():
    assert len(CONSOLE) >= 9
    assert {d for d, _, _ in CONSOLE} == set(DOCS)


@pytest.mark.parametrize(("doc", "cmd", "expected"), CONSOLE, ids=[c for _, c, _ in CONSOLE])
def test_console_example(doc, cmd, expected):
    proc = run_console(cmd, cwd=ROOT)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == expected_code(cmd), proc.stderr
    assert_output_matches(expected, proc.stdout)


def test_the_quoted_error_message_is_what_the_cli_prints():
    text = (ROOT / "docs/simulator-cli.md").read_text()
    proc = run_console(
        "python -m simulator run starter_shop --policy tests/simulator/bad/unknown_reason_policy.yaml"
    )
    message = proc.stderr.strip()
    assert proc.returncode == 2 and proc.stdout == ""
    assert f"`{message}`" in text


def test_python_example_runs():
    (code,) = blocks("docs/simulator-cli.md", "python")
    scope: dict = {}
    exec(compile(code, "simulator-cli.md", "exec"), scope)
    assert 0 <= scope["result"].cancellation_rate.breach_probability <= 1
    assert len(scope["rows"]) == 20 and scope["rows"][0]["order_id"].count("-") == 2
    assert len(scope["incidents"]) == 20 and all(r["situation"] for r in scope["incidents"])
