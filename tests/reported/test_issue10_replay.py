"""Issue 10, part 1, "Replay:": each reported problem, replayed on a small report."""

from __future__ import annotations

from rules import load_rulebook
from rules.report_rules import pending_cancel
from simulator.cli.replay import render
from simulator.reports.replay import replay_report

HEAD = "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\titem-status"


def tsv(head: str, *rows: str) -> bytes:
    return ("\n".join([head, *rows]) + "\n").encode()


def row(n: int, day: int, status: str = "Shipped", item: str = "Shipped", updated: str = "T20:00:00Z") -> str:
    return (
        f"111-0000001-{n:07d}\t2024-03-{day:02d}T09:00:00Z\t2024-03-{day:02d}{updated}\t{status}\tMFN\t{item}"
    )


def test_partial_windows_stay_out_of_the_headline():
    """Reported: Today a 28-day report shows 'Peak 7-day rate 4.58%' from its 2nd day."""
    rows = [row(1, 1), row(2, 2, "Cancelled", "Cancelled")]  # day 2: 1 cancel of 2 orders = 50%
    rows += [row(100 + i, d) for d in range(3, 29) for i in range(d * 10, d * 10 + 10)]
    r = replay_report(tsv(HEAD, *rows))
    cr = r.cancellation_rate
    # Full windows (7..28 March) hold 1 cancel among 2..62 orders: the peak is 1/52 on the 7th.
    assert cr.max == round(1 / 52, 6) and cr.by_window["7"].full_window_days == 22
    assert cr.by_window["7"].partial.days == 6 and cr.by_window["7"].partial.max == 0.5
    assert [d["partial_window"] for d in r.daily[:8]] == [True] * 6 + [False] * 2
    assert r.daily[1]["window_days_covered"] == 2
    table = render(r, "table")
    assert "max 1.92%" in table and "partial: 2 of 7 days" in table and "(not in the headline)" in table
    assert "partial_window" in render(r, "csv").splitlines()[0]


def test_the_direct_cancel_is_called_an_inference():
    """Reported: The 30-minute 'buyer direct cancel' is an inference: say so wherever it is used."""
    r = replay_report(tsv(HEAD, row(1, 4, "Cancelled", "Cancelled", "T09:10:00Z")))
    assert r.totals.buyer_direct_cancellations == 1 and r.inferences["buyer_direct_cancellations"]
    assert any("inference" in n and "30 minutes" in n for n in r.notes)
    assert "inferred" in r.explanations[0].case
    assert "buyer direct (inferred) 1" in render(r, "table")


def test_orders_cancelled_while_pending_are_not_seller_cancels():
    """Reported: Orders Amazon cancelled while still Pending are not seller cancels."""
    late = "T20:00:00Z"  # well after the direct-cancel window
    rows = [row(1, 4, "Cancelled", "Pending", late), row(2, 4, "Pending", "Cancelled", late), row(3, 4)]
    r = replay_report(tsv(HEAD, *rows))
    assert r.totals.counted_cancellations == 0 and r.totals.pending_cancellations == 2
    assert {e.category for e in r.explanations} == {"pending_cancel"}
    assert not pending_cancel(load_rulebook("amazon_us")).ok


def test_item_cancellations_count():
    """Reported: an order whose order-status is Shipped, with an item-status Cancelled row, counts 0."""
    rows = [row(1, 4, "Shipped", "Shipped"), row(1, 4, "Shipped", "Cancelled"), row(2, 4)]
    r = replay_report(tsv(HEAD, *rows))
    assert r.totals.counted_cancellations == 1 and r.totals.counted_item_cancellations == 1
    assert r.rows.orders == 2
    assert "items cancelled" in r.explanations[0].case


def test_a_report_without_last_updated_date_is_replayed():
    """Reported: last-updated-date is optional ... today a report without it is refused outright."""
    head = "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel"
    rows = [
        "111-0000001-0000001\t2024-03-04T09:00:00Z\tCancelled\tMFN",
        "111-0000001-0000002\t2024-03-04T09:00:00Z\tShipped\tMFN",
    ]
    r = replay_report(tsv(head, *rows))
    assert r.totals.counted_cancellations == 1 and r.totals.buyer_direct_cancellations == 0
    assert r.inferences["buyer_direct_cancellations"] is False
    assert any("no last-updated-date column" in n for n in r.notes)
