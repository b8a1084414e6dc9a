"""Back on a SIMULATE page after another page, its results are as they were left (issue 20).

Streamlit forgets a widget's key in a run that does not draw the widget, so the gallery's
controls and the results' tab, comparison, sweep and order choices, which were widget keys,
came back as defaults; and the sidebar clears the address, from which alone the gallery
knew which run it showed.
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.tabs import open_tab

ROOT = Path(__file__).resolve().parents[2]
GALLERY, LAB, REPLAY = "ui/simulate/gallery_page.py", "ui/simulate/lab_page.py", "ui/simulate/replay_page.py"


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def away_and_back(at: AppTest, page: str) -> None:
    """Another page and back through the sidebar, which opens a page without the address's parameters."""
    at.switch_page(REPLAY).run()
    assert not at.exception
    at.query_params.clear()
    at.switch_page(page).run()
    assert not at.exception


def gallery_run(app: AppTest) -> AppTest:
    app.query_params.update({"scenario": "starter_shop", "seed": "1", "runs": "100"})
    app.run()
    assert not app.exception
    return app


def test_the_gallery_shows_the_same_run_and_controls_and_writes_its_link_again(app):
    gallery_run(app)
    app.number_input(key="gallery.seed").set_value(3).run()
    app.selectbox(key="gallery.policy").set_value("cancel_first").run()
    figures = {m.label: m.value for m in app.metric}
    away_and_back(app, GALLERY)
    assert app.header[0].value == "Results: Starter shop"
    assert app.number_input(key="gallery.seed").value == 3
    assert app.selectbox(key="gallery.policy").value == "cancel_first"
    assert {m.label: m.value for m in app.metric} == figures
    assert (app.query_params["scenario"], app.query_params["seed"]) == ("starter_shop", "3")
    assert app.query_params["policy"] == "cancel_first"


def test_the_compare_tab_keeps_its_policies_toggles_and_comparison(app):
    gallery_run(app)
    open_tab(app, "compare")
    app.multiselect(key="gallery.compare_pick").set_value(["cancel_first", "by_the_book"]).run()
    app.button(key="gallery.compare_go").click().run()
    app.toggle(key="gallery.compare_ok_first").set_value(True).run()
    table = app.table[-1].value
    away_and_back(app, GALLERY)
    assert app.multiselect(key="gallery.compare_pick").value == ["cancel_first", "by_the_book"]
    assert app.toggle(key="gallery.compare_ok_first").value is True
    assert app.table[-1].value.equals(table)


def test_the_sweep_tab_keeps_its_parameter_range_and_points(app):
    gallery_run(app)
    open_tab(app, "sweep")
    app.selectbox(key="gallery.sweep_param").set_value("Orders per day").run()
    app.number_input(key="gallery.sweep_lo.Orders per day").set_value(40.0).run()
    app.number_input(key="gallery.sweep_hi.Orders per day").set_value(80.0).run()
    app.number_input(key="gallery.sweep_n").set_value(3).run()
    away_and_back(app, GALLERY)
    assert app.selectbox(key="gallery.sweep_param").value == "Orders per day"
    assert app.number_input(key="gallery.sweep_lo.Orders per day").value == 40.0
    assert app.number_input(key="gallery.sweep_hi.Orders per day").value == 80.0
    assert app.number_input(key="gallery.sweep_n").value == 3
    # Each parameter keeps its own range: another one starts from its own default.
    app.selectbox(key="gallery.sweep_param").set_value("Seller-fulfilled share").run()
    assert app.number_input(key="gallery.sweep_lo.Seller-fulfilled share").value == 20.0


def test_the_orders_tab_keeps_its_filter_page_and_order(app):
    gallery_run(app)
    open_tab(app, "orders")
    app.toggle(key="gallery.sample_only").set_value(True).run()
    app.number_input(key="gallery.sample_page").set_value(2).run()
    ids = list(app.dataframe[0].value["order_id"])
    app.selectbox(key=f"gallery.sample_detail.{ids[0]}").set_value(ids[7]).run()
    away_and_back(app, GALLERY)
    assert app.toggle(key="gallery.sample_only").value is True
    assert app.number_input(key="gallery.sample_page").value == 2
    assert list(app.dataframe[0].value["order_id"]) == ids
    assert app.selectbox(key=f"gallery.sample_detail.{ids[0]}").value == ids[7]


def test_the_labs_results_keep_their_tab_and_comparison(app):
    app.run()
    app.switch_page(LAB).run()
    open_tab(app, "compare", prefix="lab")
    app.multiselect(key="lab.compare_pick").set_value(
        ["this policy", "cancel_first", "ask_buyer_first"]
    ).run()
    away_and_back(app, LAB)
    assert app.multiselect(key="lab.compare_pick").value == ["this policy", "cancel_first", "ask_buyer_first"]


def test_all_cards_stays_the_cards_and_a_new_address_is_followed(app):
    gallery_run(app)
    app.button(key="gallery-all-cards").click().run()
    away_and_back(app, GALLERY)
    assert not app.metric and any(b.key == "gallery-run-starter_shop" for b in app.button)
    # An address the page did not write (a link opened, the browser's back button) is shown.
    app.query_params.update({"scenario": "holiday_stockout", "seed": "2", "runs": "100"})
    app.run()
    assert app.header[0].value == "Results: Holiday stock-out"
    assert app.number_input(key="gallery.seed").value == 2


def test_the_hand_offs_to_the_lab_are_typed(app):
    gallery_run(app)
    app.selectbox(key="gallery.runs").set_value(500).run()
    app.button(key="gallery-to-lab").click().run()
    assert not app.exception
    lab = app.session_state["lab"]
    assert (lab.scenario_choice, lab.seed, lab.runs) == ("starter_shop", 1, 500)
    assert "lab.import" not in app.session_state  # taken once
    # Something else under a hand-off's key is not taken for one.
    app.session_state["lab.import"] = {"scenario": "holiday_stockout", "policy": "cancel_first"}
    app.run()
    assert not app.exception and app.session_state["lab"].scenario_choice == "starter_shop"
