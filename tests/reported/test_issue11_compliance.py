"""Issue 11, part 1: compliance beside every result."""

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from formats.loader import load_rulebook
from simulator import simulate
from simulator.catalog import load_policy
from simulator.runs.compliance import compliance_block
from simulator.runs.result_types import METRICS, Comparison, Compliance
from ui.simulate.results_compare import comparison_table, policy_order

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_asking_buyers_to_cancel_stock_outs_is_flagged_with_its_source():
    """'In Holiday stock-out, "Ask buyer first" looks best ... and nothing says that it asks buyers
    to cancel stock-outs.'"""
    rb = load_rulebook()
    block = compliance_block(rb, load_policy("ask_buyer_first", rb))
    # Corrected by issue 10: for lack of inventory a US page says not to ask (201722390).
    assert block.status == "violation"
    flags = {f.situation: f for f in block.flags}
    flag = flags["out_of_stock"]
    assert flag.procedure == "ask_buyer" and flag.level == "violation"
    assert flag.rule == "situations.out_of_stock.handlings.ask_buyer_request"
    # The flag cites the graded handling's own source (one judgement: the desk's grade).
    assert "G201722390" in flag.source and "DOMAIN.md" not in flag.why
    assert flags["special_request"].level == "compliance_risk"
    assert all("DOMAIN.md" not in f.why + f.source for f in block.flags)
    assert compliance_block(rb, load_policy("by_the_book", rb)).status == "compliant"


def test_compare_json_and_text_carry_the_badge():
    """'The badge shows ... in the CLI's run/compare output (text and JSON).'"""
    args = ["compare", "holiday_stockout", "--policy", "by_the_book", "--policy", "ask_buyer_first"]
    res = json.loads(cli(*args, "--format", "json").stdout)
    assert res["policies"]["ask_buyer_first"]["compliance"]["status"] == "violation"
    assert res["policies"]["by_the_book"]["compliance"]["status"] == "compliant"
    text = cli(*args).stdout
    assert "VIOLATION" in text and "situations.out_of_stock.handlings.ask_buyer_request" in text
    run = cli("run", "holiday_stockout", "--policy", "ask_buyer_first").stdout
    assert run.splitlines()[1].startswith("Compliance: Violation")


def _comparison() -> Comparison:
    """Two copies of one run that differ only by their compliance block."""
    res = simulate("starter_shop", days=5)
    ok = Compliance(status="compliant", label="Compliant", summary="", flags=[])
    risky = Compliance(status="compliance_risk", label="Compliance risk", summary="", flags=[])
    a, b = replace(res, policy="a", compliance=risky), replace(res, policy="b", compliance=ok)
    deltas = {n: dict.fromkeys(METRICS, 0) for n in ("a", "b")}
    return Comparison(
        scenario=res.scenario,
        rulebook=res.rulebook,
        seed=0,
        days=5,
        runs=1,
        baseline="a",
        policies={"a": a, "b": b},
        deltas=deltas,
    )


def test_a_comparison_can_be_filtered_or_sorted_to_compliant_policies():
    """'A comparison can be sorted or filtered to compliant policies.'"""
    c = _comparison()
    assert policy_order(c) == ["a", "b"]
    assert policy_order(c, compliant_only=True) == ["b"]
    assert policy_order(c, sort_compliant=True) == ["b", "a"]
    table = comparison_table(c).set_index("Metric")
    assert table.loc["Compliance (rulebook)", "a (Compliance risk)"] == "Compliance risk"


def test_sources_shown_cite_nothing_that_is_not_shipped():
    """'The Rulebook page cites nothing that is not shipped with the app
    (today: "DOMAIN.md s.4", "Seed article")'."""
    # The rulebooks themselves are clean (tests/rules/test_sources.py), so what the page and the
    # compliance flags show is the rulebook's own text, unfiltered.
    rb = load_rulebook()
    block = compliance_block(rb, load_policy("ask_buyer_first", rb))
    for flag in block.flags:
        handling = rb.situation(flag.situation).handling(flag.rule.rsplit(".", 1)[1])
        assert (flag.source, flag.why) == (handling.source, handling.why)
    shown = " ".join(f.why + f.source for f in block.flags)
    assert "seller guidance (not an amazon page)" in shown.lower()
    assert "DOMAIN.md" not in shown and "seed" not in shown.lower()
