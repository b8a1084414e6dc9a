"""The scenario gallery under AppTest: cards, one-click run, the shareable link."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from formats.errors import RulebookError
from simulator import order_sample
from tests.ui.tabs import open_tab
from ui.simulate import gallery_cards
from ui.simulate.order_table import SAMPLE_COLUMNS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def gallery(tmp_path, monkeypatch):
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_landing_shows_one_card_per_scenario_file(gallery):
    gallery.run()
    assert not gallery.exception
    stems = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
    run_buttons = sorted(
        b.key.removeprefix("gallery-run-") for b in gallery.button if b.key.startswith("gallery-run-")
    )
    assert run_buttons == stems
    assert any("Starter shop" in m.value for m in gallery.markdown)
    assert not gallery.metric  # nothing runs until asked


def test_cards_name_things_for_people_and_say_where_their_figures_come_from(gallery):
    gallery.run()
    text = "\n".join(m.value for m in gallery.markdown)
    for policy_id in ("by_the_book", "ask_buyer_first", "cancel_first"):
        assert policy_id not in text
    assert "policy *By the book*" in text and "Amazon.com (US)" in text
    notes = [c.value for c in gallery.caption if "sample run" in c.value]
    assert len(notes) == len(list((ROOT / "scenarios").glob("*.yaml")))
    assert all("one sample run (seed 0)" in n and "mean of 200 runs" in n for n in notes)
    # India watches 7 and 30 days: its card gives both peaks; a 7-day-only shop gives one.
    rates = [m.value.split("\n\n")[-1] for m in gallery.markdown if "Peak 7-day rate **" in m.value]
    assert len(rates) == len(notes)  # every card's last line: its peaks against the limit
    india = next(r for r in rates if "peak 30-day rate" in r)
    assert india.startswith("Peak 7-day rate **") and "against a 2.0% limit" in india
    assert sum("peak 30-day rate" in r for r in rates) == 1
    assert any(r.startswith("Peak 7-day rate **") and "30-day" not in r for r in rates)


def test_card_descriptions_do_not_point_at_things_the_card_lacks(gallery):
    gallery.run()
    captions = " ".join(c.value for c in gallery.caption)
    assert "exercises below" not in captions
    assert "Manage Orders (training) page" in captions
    assert "100% (up to 150%) of the referral fee" in captions


def test_one_click_runs_and_writes_the_link(gallery):
    gallery.run()
    gallery.button(key="gallery-run-starter_shop").click().run()
    assert not gallery.exception
    assert gallery.query_params["scenario"] == "starter_shop"
    assert gallery.query_params["policy"] == "by_the_book"
    assert gallery.query_params["seed"] == "0"
    assert metrics(gallery)["Breach probability"].endswith("%")
    assert gallery.header[0].value == "Results: Starter shop"


def test_a_link_reopens_identically_and_controls_rewrite_it(gallery):
    gallery.query_params.update(
        {"scenario": "starter_shop", "policy": "cancel_first", "seed": "5", "runs": "100"}
    )
    gallery.run()
    first = metrics(gallery)
    policy_box = gallery.selectbox(key="gallery.policy")
    assert policy_box.value == "cancel_first"  # the id, as in the link
    assert list(policy_box.options) == ["Ask buyer first", "By the book", "Cancel first"]
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    again.query_params.update(
        {"scenario": "starter_shop", "policy": "cancel_first", "seed": "5", "runs": "100"}
    )
    again.run()
    assert metrics(again) == first
    gallery.number_input(key="gallery.seed").set_value(6).run()
    assert gallery.query_params["seed"] == "6"
    assert metrics(gallery) != first


def test_a_link_to_an_unknown_scenario_says_so(gallery):
    gallery.query_params["scenario"] = "no_such_shop"
    gallery.run()
    assert not gallery.exception
    assert "does not exist here" in gallery.warning[0].value


def test_compare_two_policies_side_by_side(gallery):
    gallery.query_params.update({"scenario": "starter_shop", "seed": "1", "runs": "100"})
    gallery.run()
    open_tab(gallery, "compare")
    assert gallery.multiselect(key="gallery.compare_pick").value == ["by_the_book", "ask_buyer_first"]
    gallery.multiselect(key="gallery.compare_pick").set_value(["by_the_book", "cancel_first"]).run()
    gallery.button(key="gallery.compare_go").click().run()
    assert not gallery.exception
    table = gallery.table[-1].value.reset_index()
    # People read policy names; the ids stay in the link and the JSON download.
    assert list(table.columns) == [
        "Metric",
        "By the book",
        "Cancel first",
        "Cancel first: change vs By the book",
    ]
    row = table.set_index("Metric").loc["Counted cancellations (mean per run)"]
    assert row["Cancel first: change vs By the book"].startswith("+")
    assert list(gallery.session_state["gallery"].results.compare_saved["result"]["policies"]) == [
        "by_the_book",
        "cancel_first",
    ]
    assert gallery.multiselect(key="gallery.compare_pick").format_func("ask_buyer_first") == "Ask buyer first"


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("%", "").replace(" pp", "").replace("±", ""))


def test_comparison_keeps_the_picked_order_and_true_deltas(gallery):
    """The first policy picked is the baseline, even when its name sorts after the others."""
    gallery.query_params.update({"scenario": "starter_shop", "seed": "1", "runs": "100"})
    gallery.run()
    open_tab(gallery, "compare")
    gallery.multiselect(key="gallery.compare_pick").set_value(["cancel_first", "ask_buyer_first"]).run()
    gallery.button(key="gallery.compare_go").click().run()
    assert not gallery.exception
    table = gallery.table[-1].value
    risky = "Ask buyer first (Violation)"  # the status travels with the name
    assert list(table.columns) == ["Cancel first", risky, f"{risky}: change vs Cancel first"]
    assert table.loc["Compliance (rulebook)", risky] == "Violation"
    assert table.loc["Compliance (rulebook)", "Cancel first"] == "Compliant"
    change = table[f"{risky}: change vs Cancel first"]
    # Each shown figure is rounded: 2 decimals for rates, whole numbers for counts of 100 and up.
    for metric, slack in (
        ("Breach probability", 1.0),
        ("Peak rate, median run", 0.011),
        ("Counted cancellations (mean per run)", 1.0),
    ):
        base, other = (
            _number(table.loc[metric, "Cancel first"]),
            _number(table.loc[metric, risky]),
        )
        assert abs(_number(change[metric]) - (other - base)) <= slack, metric
    assert _number(table.loc["Counted cancellations (mean per run)", "Cancel first"]) > _number(
        table.loc["Counted cancellations (mean per run)", risky]
    )
    assert change["Counted cancellations (mean per run)"].startswith("-")
    assert change["Peak rate, median run"].endswith(" pp")
    downloads = {b.proto.label for b in gallery.get("download_button")}
    assert {"Comparison (CSV)", "Comparison (JSON)"} <= downloads


def test_sweep_draws_breach_probability_against_the_parameter(gallery):
    gallery.query_params.update({"scenario": "starter_shop", "seed": "1", "runs": "100"})
    gallery.run()
    open_tab(gallery, "sweep")
    assert gallery.selectbox(key="gallery.sweep_param").value == "Out of stock incidence"
    gallery.number_input(key="gallery.sweep_n").set_value(3).run()
    gallery.button(key="gallery.sweep_go").click().run()
    assert not gallery.exception
    points = gallery.session_state["gallery"].results.sweep_saved["points"]
    assert [p["value"] for p in points] == [0.0, 0.0125, 0.025]  # 0 to the limit (issue 22)
    assert points[0]["breach_probability"] < points[-1]["breach_probability"]


def test_order_table_can_show_only_the_orders_with_a_situation(gallery):
    gallery.query_params.update({"scenario": "starter_shop", "seed": "2", "runs": "100"})
    gallery.run()
    open_tab(gallery, "orders")
    everything = gallery.dataframe[0].value
    assert len(everything) == 50
    assert (everything["situation"] == "").sum() > 25  # most orders meet no situation
    gallery.toggle(key="gallery.sample_only").set_value(True).run()
    assert not gallery.exception
    only = gallery.dataframe[0].value
    assert len(only) == 50 and (only["situation"] != "").all()
    assert "Out of stock" in set(only["situation"])  # the rulebook's label, not the id
    expected = order_sample("starter_shop", "by_the_book", seed=2, n=50, only_incidents=True)
    assert list(only["order_id"]) == [r["order_id"] for r in expected]
    gallery.number_input(key="gallery.sample_page").set_value(2).run()
    page2 = gallery.dataframe[0].value
    later = order_sample("starter_shop", "by_the_book", seed=2, n=50, offset=50, only_incidents=True)
    assert list(page2["order_id"]) == [r["order_id"] for r in later]
    assert not set(page2["order_id"]) & set(only["order_id"])
    assert any("orders with a situation 51–100" in c.value for c in gallery.caption)


def test_orders_table_fits_the_key_columns_and_tells_the_full_story_below(gallery):
    gallery.query_params.update({"scenario": "starter_shop", "seed": "2", "runs": "100"})
    gallery.run()
    open_tab(gallery, "orders")
    table = gallery.dataframe[0].value
    key = ["order_id", "buyer_name", "ship_city", "product", "status", "counted", "reason"]
    assert list(table.columns)[: len(key)] == key  # the key columns lead...
    widths = [SAMPLE_COLUMNS[c]["width"] for c in key[:-1]]
    # ...and leave room for the start of "Why" in the ~820 px the page has at 1280 wide.
    assert all(isinstance(w, int) for w in widths) and sum(widths) <= 820 - 150
    detail = gallery.selectbox(key=f"gallery.sample_detail.{table['order_id'].iloc[0]}")
    first_incident = table.index[table["situation"] != ""][0]
    assert detail.value == table["order_id"].iloc[first_incident]
    box = gallery.get("markdown")
    story = next(m.value for m in box if m.value.startswith(f"**{detail.value}**"))
    assert "**What happened:** " + table["outcome"].iloc[first_incident] in story
    assert table["reason"].iloc[first_incident] in story
    other = table["order_id"].iloc[0]
    detail.set_value(other).run()
    assert any(m.value.startswith(f"**{other}**") for m in gallery.markdown)


def test_only_the_open_results_tab_is_drawn(gallery):
    """A hidden tab's table, controls and files are neither built nor sent on a rerun."""
    gallery.query_params.update({"scenario": "starter_shop", "seed": "2", "runs": "100"})
    gallery.run()
    assert gallery.get("vega_lite_chart") and not gallery.dataframe
    assert not gallery.get("download_button") and not gallery.multiselect
    first = metrics(gallery)
    open_tab(gallery, "orders")
    assert len(gallery.dataframe[0].value) == 50 and not gallery.get("vega_lite_chart")
    open_tab(gallery, "download")
    labels = {b.proto.label for b in gallery.get("download_button")}
    assert labels == {"Results (CSV)", "Results (JSON)", "Policy (YAML)", "Scenario (YAML)"}
    assert metrics(gallery) == first  # the headline stays above every tab


def test_below_a_result_each_other_scenario_is_one_button_and_all_cards_are_one_click_away(gallery):
    gallery.query_params.update({"scenario": "starter_shop", "seed": "4", "runs": "100"})
    gallery.run()
    stems = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))
    buttons = {
        b.key.removeprefix("gallery-run-"): b for b in gallery.button if b.key.startswith("gallery-run-")
    }
    assert sorted(buttons) == stems
    assert buttons["starter_shop"].disabled and not buttons["holiday_stockout"].disabled
    assert not [c for c in gallery.caption if "sample run (seed 0)" in c.value]  # no cards here
    buttons["holiday_stockout"].click().run()
    assert gallery.query_params["scenario"] == "holiday_stockout" and gallery.query_params["seed"] == "4"
    assert gallery.header[0].value == "Results: Holiday stock-out"
    gallery.button(key="gallery-all-cards").click().run()
    assert "scenario" not in gallery.query_params and gallery.query_params["runs"] == "100"
    assert not gallery.metric and len([c for c in gallery.caption if "sample run" in c.value]) == len(stems)


def test_below_the_cards_one_chart_shows_every_scenarios_sample_run_peak_as_its_card_says(gallery):
    gallery.run()
    (chart,) = gallery.get("vega_lite_chart")  # the overview; nothing has run yet
    assert "peak" in chart.proto.spec and "limit" in chart.proto.spec
    catalog = gallery_cards.ordered_catalog()
    rows = gallery_cards.overview_rows(catalog)
    runnable = [sc for sc in catalog.values() if not isinstance(sc, RulebookError)]
    assert [r["scenario"] for r in rows] == [sc.name for sc in runnable]  # the cards' order
    cards = {m.value.split("\n")[0] for m in gallery.markdown}
    bodies = "\n".join(m.value for m in gallery.markdown)
    for r in rows:
        assert f"#### {r['scenario']}" in cards
        assert f"rate **{r['peak']:.2%}**" in bodies  # the same sample run as the card
        assert r["status"] in ("OK", "Breach") and 0 < r["limit"] < 1
    assert any(r["status"] == "Breach" for r in rows) and any(r["status"] == "OK" for r in rows)

    gallery.button(key="gallery-run-starter_shop").click().run()
    assert not gallery.exception
    assert not any("at a glance" in m.value for m in gallery.markdown)  # a result replaces the cards
