"""The sandbox's world driven without HTTP: determinism by seed, the races, auto-cancels, the
flat-file feed and a FATAL feed, each judged by the rules engine."""

from __future__ import annotations

import pytest

from formats.errors import ArgumentError
from rules import engine
from sandbox.account import account
from sandbox.feeds import FLAT_FEED, XML_FEED, FeedDesk
from sandbox.world import Sandbox

RACES = ["late_request", "shipped_meanwhile", "one_item", "pending_direct", "forgotten"]


@pytest.fixture(scope="module")
def world() -> Sandbox:
    return Sandbox("starter_shop", seed=3, days=2, races=RACES, speed=0)


def race(w: Sandbox, name: str):
    return next(o for o in w.orders.values() if o.race == name)


def snapshot(w: Sandbox) -> list[tuple]:
    return [(o.order_id, o.status, o.requested, [i.item_id for i in o.items]) for o in w.visible()]


def test_the_same_seed_replays_exactly_and_another_differs():
    a, b = (Sandbox("starter_shop", seed=11, days=1, speed=0) for _ in range(2))
    c = Sandbox("starter_shop", seed=12, days=1, speed=0)
    for w in (a, b, c):
        w.advance(30 * 3600)
    assert snapshot(a) == snapshot(b)
    assert len(snapshot(a)) > 100
    assert snapshot(a) != snapshot(c)


def test_bad_arguments_are_located():
    with pytest.raises(ArgumentError, match="--race"):
        Sandbox(seed=1, days=1, races=["nope"], speed=0)
    with pytest.raises(ArgumentError, match="--days"):
        Sandbox(seed=1, days=0, speed=0)


def test_races_play_as_scripted(world):
    w = world
    w.advance(3600 + 35 * 60)  # races arrive from 1 h, ten minutes apart: pending_direct (4th) at 1 h 30
    direct = race(w, "pending_direct")
    assert direct.released and direct.status == w.statuses["pending"]
    w.advance(2.5 * 3600)  # 4 h 5 min
    assert direct.status == w.statuses["cancelled"]  # the buyer cancelled before payment cleared
    d = next(c for c in w.cancels if c.order_id == direct.order_id)
    assert d.by == "buyer" and d.decision == engine.counts_toward_rate(
        w.rb, None, buyer_requested=False, buyer_direct_cancel=True
    )
    late = race(w, "late_request")
    assert late.label_bought is not None and late.requested and late.label_bought < late.updated
    meanwhile = race(w, "shipped_meanwhile")
    assert meanwhile.requested and meanwhile.status == w.statuses["shipped"]
    one = race(w, "one_item")
    assert [bool(i.request_reason) for i in one.items] == [False, True, False]
    forgotten = race(w, "forgotten")
    assert forgotten.status == w.statuses["unshipped"]
    hours = engine.auto_cancel_hours(w.rb)
    w.advance((forgotten.ship_by - w.now).total_seconds() + hours * 3600 + 60)
    assert forgotten.status == w.statuses["cancelled"]
    auto = next(c for c in w.cancels if c.order_id == forgotten.order_id)
    assert auto.by == "amazon"
    assert auto.decision == engine.counts_toward_rate(w.rb, None, buyer_requested=False, auto_cancelled=True)
    acc = account(w)
    assert forgotten.order_id in {r["order_id"] for r in acc["auto_cancels"]}
    # an auto-cancel counts where the rulebook says so, and the rate's windows include it
    assert (forgotten.order_id in {r["order_id"] for r in acc["counted"]}) == auto.decision.ok
    assert acc["late_shipments"], "the stream's late block shipped after the ship-by date"


def test_flat_file_feed_cancels_and_reports_per_row():
    w = Sandbox("starter_shop", seed=4, days=1, speed=0)
    desk = FeedDesk(w)
    w.advance(3 * 3600)
    mfn = [o for o in w.visible() if o.channel == "MFN" and o.status == w.statuses["unshipped"]]
    code = w.rb.reason(engine.stand_in_reason(w.rb)).feed_code
    rows = ["order-id\torder-item-id\tcancel-reason", f"{mfn[0].order_id}\t{mfn[0].items[0].item_id}\t{code}"]
    rows.append(f"{mfn[1].order_id}\t{mfn[1].items[0].item_id}\tNotAReason")
    doc = desk.create_document("text/tab-separated-values")
    assert desk.upload(doc, "\n".join(rows).encode())
    feed = desk.create_feed(FLAT_FEED, doc, ["x"])
    assert feed.status == "IN_QUEUE"
    w.advance(60)
    assert feed.status == "IN_PROGRESS"
    w.advance(120)
    assert feed.status == "DONE"
    report = desk.documents[feed.result_document_id]["content"].decode()
    assert "Number of records processed\t\t2" in report and "Number of records successful\t\t1" in report
    assert "NotAReason" in report and mfn[1].order_id in report
    assert mfn[0].status == w.statuses["cancelled"] and mfn[1].status == w.statuses["unshipped"]
    mine = account(w)["client_cancels"]
    assert [r["order_id"] for r in mine] == [mfn[0].order_id]
    said = engine.counts_toward_rate(w.rb, engine.stand_in_reason(w.rb), buyer_requested=False)
    assert mine[0]["counted"] == said.ok and mine[0]["why"] == said.reason


def test_a_feed_that_cannot_be_read_is_fatal_with_a_located_report():
    w = Sandbox("starter_shop", seed=4, days=1, speed=0)
    desk = FeedDesk(w)
    doc = desk.create_document("text/xml")
    desk.upload(doc, b"<AmazonEnvelope><MessageType>OrderAcknowledgement</Message")
    feed = desk.create_feed(XML_FEED, doc, ["x"])
    w.advance(600)
    assert feed.status == "FATAL"
    assert "not well formed" in desk.documents[feed.result_document_id]["content"].decode()
    assert desk.create_feed("POST_PRODUCT_DATA", doc, ["x"]).code == "InvalidInput"


def test_payment_clears_pending_orders_and_the_clock_runs_at_speed():
    w = Sandbox("starter_shop", seed=6, days=1, speed=0)
    w.advance(2 * 3600)
    pending, unshipped = w.statuses["pending"], w.statuses["unshipped"]
    first = min(w.visible(), key=lambda o: o.purchase)
    assert first.history[0]["status"] == pending  # it arrived unpaid
    assert any(h["what"] == "payment cleared" and h["status"] == unshipped for h in first.history)
    assert engine.status_when_paid(w.rb, pending) == unshipped
    fast = Sandbox("starter_shop", seed=6, days=1, speed=3600)  # an hour a second
    import time  # deferred: only this test waits in real time

    time.sleep(0.5)
    moved = (fast.sync() - fast.clock.start).total_seconds()
    assert 1500 <= moved <= 3600 * 5, moved
    assert any(o.released for o in fast.orders.values())


def test_items_cancelled_with_different_reasons_are_judged_apart():
    w = Sandbox("starter_shop", seed=3, days=1, races=["one_item"], speed=0)
    w.advance(3 * 3600)
    one = race(w, "one_item")
    asked = next(i for i in one.items if i.request_reason)
    other = next(i for i in one.items if not i.request_reason)
    requested = w.rb.buyer_request_reason.reason
    stand_in = engine.stand_in_reason(w.rb)
    w.cancel(one.order_id, {asked.item_id: requested, other.item_id: stand_in})
    mine = [c for c in w.cancels if c.order_id == one.order_id]
    assert [(c.reason, c.items, c.buyer_requested) for c in mine] == [
        (requested, (asked.item_id,), True),
        (stand_in, (other.item_id,), False),
    ]
    assert [c.decision for c in mine] == [
        engine.counts_toward_rate(w.rb, requested, buyer_requested=True),
        engine.counts_toward_rate(w.rb, stand_in, buyer_requested=False),
    ]
    assert one.status == w.statuses["unshipped"]  # the third item is still to ship
