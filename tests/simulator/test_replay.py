"""Replay: every counting rule on hand-made reports whose rates are worked out below."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from formats.errors import RulebookError
from rules import load_rulebook
from simulator.cli.replay import render
from simulator.reports import cases as cases_mod
from simulator.reports import replay as replay_mod
from simulator.reports.replay import OPEN_DAYS, OrderCounter, count_report, order_key, replay_report
from simulator.reports.replay_result import ReplayResult
from simulator.reports.write import ReportSpec, write_report
from tests.doc_examples import assert_output_matches, blocks, console_examples, run_console

ROOT = Path(__file__).resolve().parents[2]
FIX = Path(__file__).parent / "fixtures_reports"
HEAD = "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel"
HEAD_BR = HEAD + "\tis-buyer-requested-cancellation"


def tsv(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def rates(result: ReplayResult, key: str = "rolling_cancellation_rate") -> list:
    return [d[key] for d in result.daily]


def test_basic_report_worked_by_hand():
    r = replay_report(FIX / "basic.tsv", "amazon_us")
    # Mon 4 Mar: orders 1 (2 items), 2 (cancelled after 2 h: counts), 3 (cancelled after 20 min:
    # the buyer's own cancel while Pending) -> 3 seller-fulfilled, 1 counted.
    # Tue 5 Mar: 4 (buyer-requested), 5 (FBA cancel), 6 (FBA), 7, 8 (cancelled exactly 30 min after
    # purchase: direct), 9 (30 min 1 s: counts; 23:00 -08:00 is still the 5th in the report's offset)
    # -> 6 orders, 4 seller-fulfilled, 1 counted.  Wed 6: no orders.  Thu 7: order 10.
    assert r.rows.to_dict() == {
        "read": 11,
        "orders": 10,
        "ignored": [],
        "ignored_total": 0,
        "late_rows": 0,
        "orders_on_several_days": 0,
    }
    assert [d["date"] for d in r.daily] == ["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07"]
    assert [d["orders"] for d in r.daily] == [3, 6, 0, 1]
    assert [d["seller_fulfilled_orders"] for d in r.daily] == [3, 4, 0, 1]
    assert [d["counted_cancellations"] for d in r.daily] == [1, 1, 0, 0]
    assert rates(r) == [round(1 / 3, 6), round(2 / 7, 6), round(2 / 7, 6), round(2 / 8, 6)]
    t = r.totals
    assert (t.orders, t.seller_fulfilled_orders, t.counted_cancellations) == (10, 8, 2)
    assert (t.buyer_requested_cancellations, t.buyer_direct_cancellations) == (1, 2)
    assert t.amazon_fulfilled_cancellations == 1
    cr = r.cancellation_rate
    assert cr.limit == 0.025 and cr.windows_days == [7]
    # Four days: every 7-day window is partial, so nothing makes the headline (issue 10).
    assert cr.max is None and cr.days_over_limit == 0 and cr.breach_probability == 0.0
    part = cr.by_window["7"].partial
    assert part.to_dict() == {"days": 4, "max": round(1 / 3, 6), "mean": part.mean, "days_over_limit": 4}
    assert [d["window_days_covered"] for d in r.daily] == [1, 2, 3, 4]
    assert "rolling_cancellation_rate_30d" not in r.daily[0]  # amazon_us has a 7-day window only


def test_explanations_come_from_the_engine():
    r = replay_report(FIX / "basic.tsv")
    by_cat = {e.category: e for e in r.explanations}
    assert by_cat["counted"].orders == 2 and by_cat["counted"].counts is True
    assert by_cat["buyer_direct"].rule == "direct_cancel.minutes"
    assert by_cat["buyer_requested"].counts is False and "official cancellation request" in (
        by_cat["buyer_requested"].reason
    )
    assert by_cat["amazon_fulfilled"].rule == "metrics.cancellation_rate.scope"


def test_quirky_export_worked_by_hand():
    r = replay_report(FIX / "quirks.tsv")
    # 10 Jun: 1 (CANCELED, requested "Yes"), 2 (canceled, "No": counts), 3 (three items),
    # 4 and 5 (AFN / amazon) -> 5 orders, 3 seller-fulfilled, 1 counted.
    # 11 Jun: 6 (Pending), 7 (cancelled after 10 min: direct) -> 2 seller-fulfilled, none counted.
    assert r.rows.orders == 7 and r.rows.read == 9
    assert [(d["orders"], d["seller_fulfilled_orders"], d["counted_cancellations"]) for d in r.daily] == [
        (5, 3, 1),
        (2, 2, 0),
    ]
    assert rates(r) == [round(1 / 3, 6), 0.2]
    assert r.columns.extra == ["my-notes"]


def test_windows_without_seller_fulfilled_orders_have_no_rate_not_zero():
    r = replay_report(FIX / "window_gap.tsv", "amazon_in")
    # 1 May: 2 seller-fulfilled, 1 counted.  5 and 9 May: FBA only.  10 May: 1 seller-fulfilled.
    seven = dict(zip([d["date"] for d in r.daily], rates(r), strict=True))
    thirty = dict(zip([d["date"] for d in r.daily], rates(r, "rolling_cancellation_rate_30d"), strict=True))
    assert seven["2024-05-07"] == 0.5  # 1..7 May still holds the 1st
    assert seven["2024-05-08"] is None and seven["2024-05-09"] is None  # 2..8 and 3..9 May: none
    assert seven["2024-05-10"] == 0.0  # one seller-fulfilled order, none cancelled: a real 0
    assert thirty["2024-05-09"] == 0.5 and thirty["2024-05-10"] == round(1 / 3, 6)
    assert r.cancellation_rate.windows_days == [7, 30]
    # Headline figures from full windows only: 7..10 May for 7 days, none for 30 (issue 10).
    by = r.cancellation_rate.by_window
    assert by["30"].days_over_limit == 0 and by["30"].partial.days_over_limit == 10
    assert by["7"].days_over_limit == 1 and by["7"].partial.days_over_limit == 6


@pytest.mark.parametrize(
    ("flag", "counted"), [("true", 0), ("Yes", 0), ("TRUE", 0), ("false", 1), ("No", 1), ("", 1)]
)
def test_buyer_requested_flag_excludes_the_cancel(flag, counted):
    row = f"111-0000001-0000001\t2024-03-04T09:00:00Z\t2024-03-04T15:00:00Z\tCancelled\tMerchant\t{flag}"
    r = replay_report(tsv(HEAD_BR, row))
    assert r.totals.counted_cancellations == counted
    assert r.totals.buyer_requested_cancellations == 1 - counted


@pytest.mark.parametrize(
    ("status", "channel", "counted", "sf"),
    [("Cancelled", "Merchant", 1, 1), ("Canceled", "MFN", 1, 1), ("CANCELLED", "mfn", 1, 1),
     ("cancelled", "Amazon", 0, 0), ("Canceled", "AFN", 0, 0), ("Shipped", "Merchant", 0, 1)],
)  # fmt: skip
def test_status_any_case_and_channels(status, channel, counted, sf):
    row = f"111-0000001-0000001\t2024-03-04T09:00:00Z\t2024-03-05T09:00:00Z\t{status}\t{channel}"
    r = replay_report(tsv(HEAD, row))
    assert r.totals.counted_cancellations == counted
    assert r.totals.seller_fulfilled_orders == sf
    assert r.daily[0]["rolling_cancellation_rate"] == (float(counted) if sf else None)


@pytest.mark.parametrize(
    ("updated", "counted"), [("09:29:59", 0), ("09:30:00", 0), ("09:30:01", 1), ("13:00:00", 1)]
)
def test_the_direct_cancel_window_is_thirty_minutes_inclusive(updated, counted):
    row = f"111-0000001-0000001\t2024-03-04T09:00:00+00:00\t2024-03-04T{updated}+00:00\tCancelled\tMFN"
    r = replay_report(tsv(HEAD, row))
    assert r.totals.counted_cancellations == counted
    assert r.totals.buyer_direct_cancellations == 1 - counted


def test_the_window_comes_from_the_rulebook_not_the_code():
    rb = load_rulebook("amazon_us")
    no_window = rb.model_copy(update={"direct_cancel": None})  # issue 10: the window is top-level
    row = "111-0000001-0000001\t2024-03-04T09:00:00Z\t2024-03-04T09:05:00Z\tCancelled\tMFN"
    assert replay_report(tsv(HEAD, row), rb).totals.counted_cancellations == 0
    assert replay_report(tsv(HEAD, row), no_window).totals.counted_cancellations == 1


def test_the_engine_is_asked_once_per_distinct_case(monkeypatch):
    calls = {"counts": 0, "direct": 0}
    real_counts, real_direct = cases_mod.counts_toward_rate, replay_mod.buyer_can_direct_cancel

    def counts(*a, **k):
        calls["counts"] += 1
        return real_counts(*a, **k)

    def direct(*a, **k):
        calls["direct"] += 1
        return real_direct(*a, **k)

    monkeypatch.setattr(cases_mod, "counts_toward_rate", counts)
    monkeypatch.setattr(replay_mod, "buyer_can_direct_cancel", direct)
    gap = {0: "15:00", 1: "09:10"}
    rows = [
        f"111-0000001-{i:07d}\t2024-03-04T09:00:00Z\t2024-03-04T{gap[i % 2]}:00Z\tCancelled\tMFN"
        for i in range(500)
    ]
    r = replay_report(tsv(HEAD, *rows))
    assert r.totals.counted_cancellations == 250
    # Once per flag combination with a cancel, at most (not per row); the window by bisection.
    assert 0 < calls["counts"] <= replay_mod.N_FLAGS
    assert calls["direct"] <= 2  # two distinct gaps (10 min, 6 h)


def test_several_items_and_rows_far_apart_count_one_order():
    rows = [
        "111-0000001-0000001\t2024-03-01T09:00:00Z\t2024-03-02T09:00:00Z\tShipped\tMFN",
        *[f"111-0000002-{i:07d}\t2024-03-{d:02d}T09:00:00Z\t2024-03-20T09:00:00Z\tShipped\tMFN"
          for d in range(2, 12) for i in range(d, d + 1)],
        "111-0000001-0000001\t2024-03-01T09:00:00Z\t2024-03-02T09:00:00Z\tShipped\tMFN",  # a late item
    ]  # fmt: skip
    r = replay_report(tsv(HEAD, *rows))
    assert r.daily[0]["orders"] == 1 and r.rows.orders == 11
    assert r.rows.late_rows == 1


def test_a_late_item_can_turn_an_order_into_a_buyer_request():
    rows = [
        "111-0000001-0000001\t2024-03-01T09:00:00Z\t2024-03-01T15:00:00Z\tCancelled\tMFN\tfalse",
        *[f"111-0000002-{d:07d}\t2024-03-{d:02d}T09:00:00Z\t2024-03-20T09:00:00Z\tShipped\tMFN\tfalse"
          for d in range(2, 12)],
        "111-0000001-0000001\t2024-03-01T09:00:00Z\t2024-03-01T15:00:00Z\tCancelled\tMFN\ttrue",
    ]  # fmt: skip
    r = replay_report(tsv(HEAD_BR, *rows))
    assert r.totals.counted_cancellations == 0 and r.totals.buyer_requested_cancellations == 1


def test_an_order_id_on_two_purchase_days_counts_once():
    rows = [
        "111-0000001-0000001\t2024-03-01T09:00:00Z\t2024-03-02T09:00:00Z\tShipped\tMFN",
        "111-0000001-0000001\t2024-03-02T09:00:00Z\t2024-03-02T09:00:00Z\tShipped\tMFN",
    ]
    r = replay_report(tsv(HEAD, *rows))
    assert r.rows.orders == 1 and r.rows.orders_on_several_days == 1
    assert [d["orders"] for d in r.daily] == [1, 0]


def test_order_keys_are_exact_for_amazon_ids():
    assert order_key("112-1234567-7654321") == 11212345677654321
    assert order_key("ORDER-1") < 0 and order_key("ORDER-1") != order_key("ORDER-2")


@pytest.mark.parametrize("days", [range(100), range(99, -1, -1)], ids=["oldest first", "newest first"])
def test_per_order_state_is_held_only_for_open_days(days):
    counter = OrderCounter()
    for day in days:
        for i in range(50):
            counter.add(day, f"111-{day:07d}-{i:07d}", 1)
        assert len(counter.open) <= OPEN_DAYS
    assert counter.peak_open_orders <= OPEN_DAYS * 50
    counts = counter.finish()
    assert sum(int(c.sum()) for c in counts.values()) == 5000


@pytest.mark.parametrize("shuffle", [False, True])
def test_a_generated_report_replays_to_what_was_written(tmp_path, shuffle):
    spec = ReportSpec(days=35, orders_per_day=60, shuffle=shuffle, extra_items_mean=0.5)
    truth = write_report(tmp_path / "r.tsv", spec, seed=11)
    rc = count_report(tmp_path / "r.tsv")
    assert rc.rows["read"] == truth.rows and rc.rows["ignored_total"] == 0
    np.testing.assert_array_equal(rc.orders, truth.orders)
    np.testing.assert_array_equal(rc.seller_fulfilled, truth.seller_fulfilled)
    np.testing.assert_array_equal(rc.counted, truth.counted)
    np.testing.assert_array_equal(rc.category("buyer_requested"), truth.buyer_requested)
    np.testing.assert_array_equal(rc.category("buyer_direct"), truth.buyer_direct)
    assert (rc.rows["late_rows"] > 0) == shuffle


def test_newest_first_reports_keep_state_bounded_and_count_the_same(tmp_path):
    write_report(tmp_path / "a.tsv", ReportSpec(days=40, orders_per_day=30), seed=8)
    head, *rows = (tmp_path / "a.tsv").read_text().splitlines(keepends=True)
    (tmp_path / "b.tsv").write_text(head + "".join(reversed(rows)))
    a, b = count_report(tmp_path / "a.tsv"), count_report(tmp_path / "b.tsv")
    np.testing.assert_array_equal(a.by_flags, b.by_flags)
    assert b.rows["late_rows"] == 0


def test_shuffled_and_sorted_reports_give_identical_json(tmp_path):
    write_report(tmp_path / "a.tsv", ReportSpec(days=20, orders_per_day=30), seed=4)
    write_report(tmp_path / "b.tsv", ReportSpec(days=20, orders_per_day=30, shuffle=True), seed=4)
    a, b = replay_report(tmp_path / "a.tsv", label="r"), replay_report(tmp_path / "b.tsv", label="r")
    a, b = a.to_dict(), b.to_dict()
    a["rows"].pop("late_rows"), b["rows"].pop("late_rows")
    assert json.dumps(a) == json.dumps(b)


def test_unusable_rulebook_and_impossible_spans_are_refused(tmp_path):
    with pytest.raises(RulebookError, match="no such rulebook"):
        replay_report(FIX / "basic.tsv", "amazon_xx")
    rows = [
        "111-0000001-0000001\t1990-03-01T09:00:00Z\t1990-03-02T09:00:00Z\tShipped\tMFN",
        "111-0000002-0000002\t2024-03-01T09:00:00Z\t2024-03-02T09:00:00Z\tShipped\tMFN",
    ]
    with pytest.raises(RulebookError, match="check for a mistyped year"):
        replay_report(tsv(HEAD, *rows))


def test_formats():
    r = replay_report(FIX / "basic.tsv", label="basic.tsv")
    csv_text = render(r, "csv").splitlines()
    assert csv_text[0].startswith("date,orders,seller_fulfilled_orders,counted_cancellations")
    assert csv_text[3].startswith("2024-03-06,0,0,0,0.285714")
    assert len(csv_text) == 5
    table = render(r, "table")
    assert "2024-03-05        6        4        1    28.57%" in table
    assert json.loads(render(r, "json")) == r.to_dict()


def cli(*args: str) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "simulator", *args]
    return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_cli_json_is_deterministic_and_out_says_when_it_replaces(tmp_path):
    report = str(FIX / "quirks.tsv")
    a, b = cli("replay", report, "--format", "json"), cli("replay", report, "--format", "json")
    assert a.returncode == 0 and a.stdout == b.stdout
    assert json.loads(a.stdout)["totals"]["counted_cancellations"] == 1
    out = tmp_path / "daily.csv"
    first = cli("replay", report, "--format", "csv", "--out", str(out))
    assert first.returncode == 0 and first.stdout == "" and "replaced" not in first.stderr
    assert out.read_text().startswith("date,orders")
    again = cli("replay", report, "--format", "csv", "--out", str(out))
    assert again.returncode == 0 and f"replaced the existing file {out}" in again.stderr


def test_cli_rulebook_file_and_bad_out(tmp_path):
    rb_file = tmp_path / "my_rules.yaml"
    rb_file.write_text((ROOT / "rules" / "amazon_in.yaml").read_text())
    ok = cli("replay", str(FIX / "window_gap.tsv"), "--rulebook", str(rb_file), "--format", "json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["cancellation_rate"]["windows_days"] == [7, 30]
    bad = cli("replay", str(FIX / "basic.tsv"), "--out", str(tmp_path / "no" / "such" / "x.csv"))
    assert bad.returncode == 2 and "the folder does not exist" in bad.stderr and "Traceback" not in bad.stderr


# -- docs/replay.md runs -----------------------------------------------------------------------

DOC = "docs/replay.md"
EXAMPLES = console_examples(DOC)


def test_doc_has_examples_of_both_commands():
    cmds = " ".join(c for c, _ in EXAMPLES)
    assert "simulator replay" in cmds and "simulator calibrate" in cmds


def test_doc_console_examples_run_in_order(tmp_path):
    # Files the doc writes land in a temp folder, never in the checkout; the output is mapped back.
    paths = {
        "scenarios/my_shop.yaml": str(tmp_path / "my_shop.yaml"),
        "/tmp/demo_orders.tsv": str(tmp_path / "d.tsv"),
    }
    for cmd, expected in EXAMPLES:
        for doc_path, real in paths.items():
            cmd = cmd.replace(doc_path, real)
        proc = run_console(cmd)
        out = proc.stdout + proc.stderr
        for doc_path, real in paths.items():
            out = out.replace(real, doc_path)
        assert "Traceback" not in out, cmd
        assert_output_matches(expected, out)
        refused = any("not replaced" in line or "not an All Orders report" in line for line in expected)
        assert proc.returncode == (2 if refused else 0), cmd


def test_doc_tsv_example_replays_as_the_doc_says(tmp_path):
    (example,) = blocks(DOC, "tsv")
    path = tmp_path / "example.tsv"
    path.write_text(example)
    r = replay_report(path)
    assert r.rows.orders == 4 and r.totals.counted_cancellations == 1
    assert r.daily[0]["rolling_cancellation_rate"] == round(1 / 3, 6)
