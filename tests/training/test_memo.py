"""A Seller memo is graded where the rulebook asks for one (issue 13): a house rule, marked as
an assumption, that the grader deducts for when the memo is missing or empty."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from formats.errors import RulebookError
from formats.loader import load_rulebook
from formats.rulebook import Rulebook
from formats.validate import model_from_source
from formats.yaml_source import parse
from rules import available_rulebooks
from tests.doc_examples import ROOT
from training.debrief import debrief_markdown
from training.grader import NO_MEMO, grade

STEPS = ROOT / "scenarios" / "steps"


def _grade(desk):
    return grade(desk.rb, desk.exercise, [s.to_dict() for s in desk.steps], desk.exercise_order.order_id)


def _price_typo(make_desk, memo: str):
    desk = make_desk("price_typo")
    oid = desk.exercise_order.order_id
    desk.open_order(oid)
    desk.message_buyer(oid, "inform", desk.draft(oid, "inform"))
    desk.cancel(oid, "PricingError", memo)
    return desk


@pytest.mark.parametrize("memo", ["", "   \n  "])
def test_a_missing_or_empty_memo_deducts_naming_its_rule_and_source(make_desk, memo):
    g = _grade(_price_typo(make_desk, memo))
    (d,) = g.deductions
    assert d.points == NO_MEMO and g.score == pytest.approx(0.9) and g.passed  # a point, not a trap
    assert d.rule == "situations.price_error.handlings.cancel_pricing_error.memo"
    assert d.rule_label.endswith("› Seller memo") and "Price or description error" in d.rule_label
    assert "200198080" in d.source and "House rule" in d.source
    assert "an assumption: a house rule, not an Amazon requirement" in d.why
    assert d.trap is None and not g.traps_hit


def test_a_written_memo_keeps_full_marks(make_desk):
    g = _grade(_price_typo(make_desk, "Listing showed $4.99, real price $49.99"))
    assert g.score == 1.0 and not g.deductions
    assert "You wrote the Seller memo the rulebook asks for here." in g.went_right
    assert not any("$4.99" in w for w in g.went_right)  # the typed memo is never put into markdown


def test_a_partial_cancel_without_a_memo_deducts_too(make_desk):
    desk = make_desk("one_item_missing")
    oid = desk.exercise_order.order_id
    desk.open_order(oid)
    desk.cancel_items(oid, "NoInventory")
    desk.message_buyer(oid, "inform", desk.draft(oid, "inform"))
    g = _grade(desk)
    want = "situations.partial_stock_out.handlings.cancel_items_then_tell.memo"
    assert [d.rule for d in g.deductions] == [want] and g.score == pytest.approx(0.9)


def test_handlings_without_a_memo_rule_never_deduct_for_one(make_desk):
    desk = make_desk("out_of_stock_cancel")
    oid = desk.exercise_order.order_id
    desk.open_order(oid)
    desk.cancel(oid, "NoInventory")
    desk.message_buyer(oid, "inform", desk.draft(oid, "inform"))
    g = _grade(desk)
    assert g.score == 1.0 and not g.deductions


def test_old_stored_steps_without_a_memo_field_grade_as_no_memo(make_desk):
    desk = _price_typo(make_desk, "written")
    steps = [{k: v for k, v in s.to_dict().items() if k != "memo"} for s in desk.steps]
    g = grade(desk.rb, desk.exercise, steps, desk.exercise_order.order_id)
    assert [d.points for d in g.deductions] == [NO_MEMO]


def test_the_debrief_shows_the_memo_rule_as_an_assumption(make_desk):
    desk = _price_typo(make_desk, "")
    g = _grade(desk)
    (row,) = [k for k in g.key if k["id"] == "cancel_pricing_error"]
    assert row["memo"]["required"] and row["memo"]["assumption"]
    text = debrief_markdown(g, trainee="t", card=desk.exercise.card)
    assert "Seller memo required [assumption: a house rule, not an Amazon requirement]" in text
    assert "No Seller memo on the cancel" in text
    assert "House rule" in desk.exercise.card  # the card tells the trainee the shop's rule


@pytest.mark.parametrize("book", available_rulebooks())
def test_every_rulebook_marks_its_memo_rules_as_house_rules(book):
    rb = load_rulebook(book)
    rules = [h.memo for si in rb.situations for h in si.handlings if h.memo_required]
    assert rules, f"{book}: price error and partial stock-out cancels ask for a memo"
    assert all(m.assumption and "200198080" in m.source for m in rules)


def _rulebook_with(memo_yaml: str) -> str:
    text = (ROOT / "rules" / "amazon_us.yaml").read_text()
    anchor = '      - id: honour_price\n        label: "Honour the order at the listed price"\n'
    assert anchor in text
    return text.replace(anchor, anchor + memo_yaml)


def _check(text: str) -> Rulebook:
    return model_from_source(parse(text, "rb.yaml"), Rulebook)


def test_a_memo_on_a_handling_that_cancels_nothing_is_refused_at_its_line():
    text = _rulebook_with("        memo: {why: Say why, source: house rule, assumption: true}\n")
    with pytest.raises(RulebookError) as e:
        _check(text)
    msg = str(e.value)
    assert "procedure 'fulfil_anyway' has no cancel step" in msg and "memo" in msg
    line = text.splitlines().index("        memo: {why: Say why, source: house rule, assumption: true}") + 1
    assert f"rb.yaml:{line}:" in msg


@pytest.mark.parametrize(
    ("memo", "missing"),
    [("memo: required", "memo.source"), ("memo: {source: house rule}", "memo.why")],
)
def test_a_memo_rule_needs_its_why_and_source(memo, missing):
    with pytest.raises(RulebookError) as e:
        _check(_rulebook_with(f"        {memo}\n"))
    assert f"{missing}: required key is missing" in str(e.value)


def test_rules_check_accepts_the_shipped_rulebooks_and_refuses_a_bad_memo(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(_rulebook_with("        memo: {required: maybe, why: w w, source: s s}\n"))
    books = [str(p) for p in (ROOT / "rules").glob("amazon_*.yaml")]
    ok = subprocess.run([sys.executable, "-m", "rules", "check", *books], cwd=ROOT, capture_output=True,
                        text=True, timeout=120)  # fmt: skip
    assert ok.returncode == 0, ok.stdout + ok.stderr
    got = subprocess.run([sys.executable, "-m", "rules", "check", str(bad)], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    assert got.returncode == 2 and "Traceback" not in got.stderr
    assert "memo" in got.stdout + got.stderr and "required" in got.stdout + got.stderr


def _grade_cli(steps) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "training", "grade", "price_typo", "--steps", str(steps)]
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_grade_on_the_best_path_file_keeps_100_and_without_its_memo_loses_a_point(tmp_path):
    best = _grade_cli(STEPS / "price_typo.yaml")
    assert best.returncode == 0 and "Score: **100%**" in best.stdout, best.stdout
    plan = yaml.safe_load((STEPS / "price_typo.yaml").read_text())
    assert any(s.get("memo") for s in plan["steps"])  # the steps format carries the memo
    for s in plan["steps"]:
        s.pop("memo", None)
    bare = tmp_path / "no_memo.yaml"
    bare.write_text(yaml.safe_dump(plan))
    got = _grade_cli(bare)
    assert got.returncode == 0 and "Score: **90%**" in got.stdout
    assert "No Seller memo on the cancel" in got.stdout
    assert "handlings.cancel_pricing_error.memo`; source: House rule" in got.stdout
