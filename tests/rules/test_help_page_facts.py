"""Each fact issue 21 corrected against Seller Central's help pages, pinned per marketplace.

The pages: UK Order cancellations G201722390 (asking the buyer is a violation); Late Shipment Rate
G200285190 / 200285190 (AU, IT); Valid Tracking Rate 201817070 (CA also 202014610); India
200285210 (consequence); JP 200198080 (the reasons that restock); PNRJVBQMJRS942V (only Buyer
Cancelled keeps an official request out of the rate); AU 200285210 (offer removed after two
consecutive seller cancellations).
"""

from __future__ import annotations

import numpy as np
import pytest

from formats.loader import RULES_DIR, available_rulebooks, load_rulebook
from formats.scenario import Scenario
from rules import counts_toward_rate, procedure_check, rate_breach, vocabulary
from simulator import list_scenarios, load_scenario
from simulator.reports.cases import BUYER_REQUESTED, CANCELLED, SF, SLOW, decide
from tests.training.conftest import COUNTED_PER_DAY, SF_PER_DAY
from training.seller_metrics import Background
from training.shift import ShiftParams, new_shift

BOOKS = [b for b in available_rulebooks() if b.startswith("amazon_")]
EU_HUB = ["amazon_uk", "amazon_de", "amazon_it", "amazon_fr", "amazon_es"]
SELLER_SIDE = ["out_of_stock", "defect_damage", "partial_stock_out", "special_request", "price_error"]
RESTOCKS_PER_JP = ["BuyerCanceled", "ShippingAddressUndeliverable", "GeneralAdjustment", "PricingError"]
NEW_BOOKS = {  # id: (parent, sales channel, Faker locale, 1234.5 written)
    "amazon_au": ("amazon_us", "Amazon.com.au", "en_AU", "$1,234.50"),
    "amazon_it": ("amazon_uk", "Amazon.it", "it_IT", "1.234,50 €"),
    "amazon_fr": ("amazon_uk", "Amazon.fr", "fr_FR", "1.234,50 €"),
    "amazon_es": ("amazon_uk", "Amazon.es", "es_ES", "1.234,50 €"),
}


@pytest.mark.parametrize("book", EU_HUB)
@pytest.mark.parametrize("situation", SELLER_SIDE)
def test_asking_the_buyer_is_a_violation_on_the_european_hub(book, situation):
    d = procedure_check(load_rulebook(book), situation, "ask_buyer")
    assert not d.ok and d.details["grade"] == "violation"
    assert "G201722390" in d.reason and "UK" in d.reason


def test_de_says_the_rule_comes_from_the_hubs_uk_page():
    de = load_rulebook("amazon_de")
    for situation in SELLER_SIDE:
        h = next(h for h in de.situation(situation).handlings if h.id == "ask_buyer_request")
        assert "UK Order cancellations page on the European hub" in h.source


def test_australia_has_no_page_on_asking_so_it_is_a_risk_not_a_violation():
    au = load_rulebook("amazon_au")
    d = procedure_check(au, "out_of_stock", "ask_buyer")
    assert d.ok and d.details["compliance_risk"] and d.details["grade"] == "compliance_risk"


@pytest.mark.parametrize("book", BOOKS)
def test_each_metric_cites_its_own_page(book):
    m = load_rulebook(book).metrics
    assert "G200285170" not in m.late_shipment_rate.source  # the ODR page
    assert "201817070" not in m.order_defect_rate.source + m.late_shipment_rate.source
    assert "200285190" in m.late_shipment_rate.source
    if m.valid_tracking_rate is not None:
        assert "201817070" in m.valid_tracking_rate.source
        assert "G200285170" not in m.valid_tracking_rate.source


@pytest.mark.parametrize("book", ["amazon_us", "amazon_ca", "amazon_jp"])
def test_valid_tracking_rate_is_95_percent_over_30_days(book):
    rb = load_rulebook(book)
    vtr = rb.metrics.valid_tracking_rate
    assert vtr is not None and (vtr.limit, vtr.windows_days, vtr.direction) == (0.95, [30], "min")
    assert rate_breach(rb, "valid_tracking_rate", 0.94).ok
    assert not vtr.assumption


def test_canada_suspends_the_category_below_it():
    vtr = load_rulebook("amazon_ca").metrics.valid_tracking_rate
    assert vtr is not None and "suspended" in vtr.consequence and "plan of action" in vtr.consequence
    assert "sellercentral.amazon.ca help 201817070" in vtr.source and "202014610" in vtr.source


def test_india_names_its_consequences():
    cr = load_rulebook("amazon_in").metrics.cancellation_rate
    assert "enforcement action including loss of selling privileges" in cr.consequence.lower()
    assert "Easy Ship / Self Ship" in cr.consequence and "sellercentral.amazon.in help 200285210" in cr.source


@pytest.mark.parametrize(
    ("book", "metric"),
    [
        ("amazon_ca", "late_shipment_rate"),
        ("amazon_jp", "late_shipment_rate"),
        ("amazon_ca", "order_defect_rate"),
        ("amazon_jp", "order_defect_rate"),
        ("amazon_in", "valid_tracking_rate"),
        ("amazon_uk", "order_defect_rate"),
        ("amazon_au", "valid_tracking_rate"),
        ("amazon_fr", "late_shipment_rate"),
    ],
)
def test_a_us_figure_copied_elsewhere_is_flagged(book, metric):
    m = getattr(load_rulebook(book).metrics, metric)
    assert m.assumption and "ssumption" in m.source


@pytest.mark.parametrize(("book", "page"), [("amazon_au", "200285190 (AU"), ("amazon_it", "200285190 (IT")])
def test_a_marketplace_with_its_own_late_shipment_page_is_not_an_assumption(book, page):
    lsr = load_rulebook(book).metrics.late_shipment_rate
    assert page in lsr.source and not lsr.assumption


@pytest.mark.parametrize("book", BOOKS)
def test_restocking_follows_the_jp_list_and_flags_the_rest(book):
    rb = load_rulebook(book)
    for r in rb.reasons:
        if r.id in RESTOCKS_PER_JP:
            assert r.restocks and not r.assumption, r.id
        elif r.id == "NoInventory":
            assert not r.restocks and not r.assumption
        else:  # CustomerExchange, CarrierCoverageFailure, CustomerCancel: no page says
            assert r.assumption, r.id
    assert {"CustomerExchange", "CarrierCoverageFailure"}.isdisjoint(
        {r.id for r in load_rulebook("amazon_jp").reasons}
    )


@pytest.mark.parametrize("book", BOOKS)
def test_only_buyer_cancelled_keeps_an_official_request_out(book):
    rb = load_rulebook(book)
    kept_out = [r.id for r in rb.reasons if not counts_toward_rate(rb, r.id, buyer_requested=True).ok]
    assert kept_out == ["BuyerCanceled"]
    d = counts_toward_rate(rb, "NoInventory", buyer_requested=True)
    assert d.ok and "only when the seller cancels with Buyer Cancelled" in d.reason


def test_the_replay_takes_a_requested_cancel_as_buyer_cancelled_in_every_book():
    flags = SF | CANCELLED | SLOW | BUYER_REQUESTED
    for book in ("amazon_us", "amazon_in"):
        rb = load_rulebook(book)
        d = decide(rb, "GeneralAdjustment", flags)
        assert (d.ok, d.category, d.rule) == (
            False,
            "buyer_requested",
            "reasons.BuyerCanceled.counts_toward_rate",
        )
        assert decide(rb, "GeneralAdjustment", SF | CANCELLED | SLOW).ok


@pytest.mark.parametrize("book", ["amazon_uk", "amazon_de"])
def test_uk_shipped_orders_teach_both_dispatch_cases(book):
    note = load_rulebook(book).status("Shipped").note.lower()
    assert "parcel never went" in note and "refund" in note and "do not dispatch" in note
    assert "not confirmed" in note and "refuse or return" in note


@pytest.mark.parametrize("book", sorted(NEW_BOOKS))
def test_a_new_book_loads_with_its_parent_storefront_and_scenario(book):
    parent, channel, locale, money = NEW_BOOKS[book]
    rb = load_rulebook(book)
    assert f"\nextends: {parent}\n" in (RULES_DIR / f"{book}.yaml").read_text()
    assert (rb.storefront.sales_channel, rb.storefront.faker_locale) == (channel, locale)
    assert vocabulary.money(rb, 1234.5) == money
    assert rb.listing_suppression is not None and rb.listing_suppression.confirmed
    assert "200285210" in rb.listing_suppression.source
    scenarios = [load_scenario(p) for p in list_scenarios()]
    mine = [s for s in scenarios if isinstance(s, Scenario) and s.rulebook == book]
    assert mine and mine[0].locale == locale


@pytest.mark.parametrize("book", sorted(NEW_BOOKS))
def test_the_desk_runs_a_shift_on_a_new_book(book):
    days = 10
    dates = [f"2025-10-{d:02d}" for d in range(1, days + 1)]
    flat = np.full(days, SF_PER_DAY), np.full(days, COUNTED_PER_DAY), np.full(days, 1)
    desk = new_shift(ShiftParams(orders=15, rulebook=book, seed=3), Background(dates, *flat, "fixed flow"))
    assert desk.rb.id == book and any(o.channel == "MFN" for o in desk.orders)


def test_the_lab_offers_the_new_books(tmp_path, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("ui/simulate/lab_page.py").run()
    choice = at.selectbox(key="lab.rb_choice")
    assert {
        "Amazon.com.au (Australia)",
        "Amazon.it (Italy)",
        "Amazon.fr (France)",
        "Amazon.es (Spain)",
    } <= set(choice.options)
    choice.set_value("amazon_au").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.number_input(key="lab.rb.limit").value == 2.5
