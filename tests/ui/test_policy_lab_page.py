"""The policy lab under AppTest: editors in sync, live validation, uploads, limits."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
CANCEL_FIRST = (ROOT / "scenarios" / "policies" / "cancel_first.yaml").read_text()


@pytest.fixture
def lab(tmp_path, monkeypatch):
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("ui/simulate/lab_page.py").run()
    assert not at.exception
    return at


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def no_traceback(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_lab_runs_the_default_scenario(lab):
    assert lab.session_state["lab"].policy.name == "by_the_book"
    assert metric(lab, "Breach probability").endswith("%")
    assert "Limit (2.5%)" in chart_specs(lab)
    assert "Valid: this policy is in force." in [s.value for s in lab.success]


def test_a_widget_change_rewrites_the_yaml(lab):
    # issue 10: asking the buyer for a stock-out is a violation (not offered); a special request allows it
    lab.selectbox(key="lab.pw.special_request.action").set_value("ask_buyer").run()
    no_traceback(lab)
    text = lab.text_area(key="lab.policy_text").value
    assert "special_request:\n    action: ask_buyer\n    wait_hours: 48.0" in text
    assert lab.session_state["lab"].policy.handling["special_request"].action == "ask_buyer"


def test_yaml_edit_moves_the_widgets_and_the_figures(lab):
    before = metric(lab, "Counted cancels")
    lab.text_area(key="lab.policy_text").set_value(CANCEL_FIRST).run()
    no_traceback(lab)
    assert lab.selectbox(key="lab.pw.out_of_stock.action").value == "seller_cancel"
    assert lab.checkbox(key="lab.pw.out_of_stock.contact").value is False
    assert metric(lab, "Counted cancels") != before


def test_invalid_yaml_keeps_the_last_valid_policy(lab):
    bad = CANCEL_FIRST.replace("reason: PricingError", "reason: PriceError")
    lab.text_area(key="lab.policy_text").set_value(bad).run()
    no_traceback(lab)
    (err,) = [e.value for e in lab.error]
    assert "last valid policy stays in force" in err
    line = next(i for i, text in enumerate(bad.splitlines(), 1) if "PriceError" in text)
    assert f"policy YAML, line {line}, column" in err and "unknown reason 'PriceError'" in err
    assert "did you mean 'PricingError'?" in err
    assert lab.session_state["lab"].policy.name == "by_the_book"
    assert lab.text_area(key="lab.policy_text").value == bad  # the user's text is not thrown away


def test_what_if_the_limit_were_two_percent(lab):
    assert any(m.label == "Median peak, 7-day" and "limit 2.5%" in str(m.proto.delta) for m in lab.metric)
    lab.number_input(key="lab.rb.limit").set_value(2.0).run()
    no_traceback(lab)
    assert any(m.label == "Median peak, 7-day" and "limit 2.0%" in str(m.proto.delta) for m in lab.metric)


def test_scenario_figures_change_the_run(lab):
    before = metric(lab, "Counted cancels")
    lab.number_input(key="lab.sc.sit.out_of_stock").set_value(5.0).run()
    no_traceback(lab)
    assert lab.session_state["lab"].scenario_last.situations[0].rate == 0.05
    assert float(metric(lab, "Counted cancels").replace(",", "")) > float(before.replace(",", "")) * 3


def upload(at, kind: str, name: str, raw: bytes) -> str:
    at.file_uploader(key=f"lab.up.{kind}").set_value((name, raw, "application/x-yaml")).run()
    no_traceback(at)
    errors = [e.value for e in at.error]
    assert len(errors) == 1, errors
    return errors[0]


RULEBOOK = (ROOT / "rules" / "amazon_us.yaml").read_bytes()
LIMIT_LINE = RULEBOOK.split(b"limit: 0.025")[0].count(b"\n") + 1  # where the rate limit stands


@pytest.mark.parametrize(
    ("kind", "name", "raw", "expected"),
    [
        (
            "policy",
            "broken.yaml",
            b"name: x\nhandling:\n  out_of_stock: {action: seller_cancel\n",
            "YAML syntax",
        ),
        (
            "rulebook",
            "us.yaml",
            RULEBOOK.replace(b"limit: 0.025", b"limit: 2.5"),
            f"line {LIMIT_LINE}, column 12",
        ),
        ("policy", "typo.yaml", CANCEL_FIRST.replace("NoInventory", "NoInventroy").encode(), "line 11"),
        ("scenario", "huge.yaml", b"# padding\n" * 120_000, "over the 1 MiB limit"),
        ("policy", "image.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("scenario", "policy.yaml", CANCEL_FIRST.encode(), "looks like a policy file, not a scenario"),
    ],
)
def test_bad_uploads_are_refused_inline_and_nothing_is_lost(lab, kind, name, raw, expected):
    lab.text_area(key="lab.policy_text").set_value(CANCEL_FIRST).run()
    before = (
        lab.session_state["lab"].policy,
        lab.session_state["lab"].rb_choice,
        lab.session_state["lab"].scenario_choice,
    )
    message = upload(lab, kind, name, raw)
    assert expected in message and name in message
    after = (
        lab.session_state["lab"].policy,
        lab.session_state["lab"].rb_choice,
        lab.session_state["lab"].scenario_choice,
    )
    assert after == before


def test_the_two_point_five_hint_is_shown(lab):
    message = upload(lab, "rulebook", "us.yaml", RULEBOOK.replace(b"limit: 0.025", b"limit: 2.5"))
    assert "did you mean 0.025?" in message


def test_good_uploads_are_used(lab):
    policy = CANCEL_FIRST.replace("name: cancel_first", "name: my_upload").encode()
    lab.file_uploader(key="lab.up.policy").set_value(("mine.yaml", policy, "application/x-yaml")).run()
    no_traceback(lab)
    assert lab.session_state["lab"].policy.name == "my_upload"
    in_rulebook = (ROOT / "rules" / "amazon_in.yaml").read_bytes()
    lab.file_uploader(key="lab.up.rulebook").set_value(("in.yaml", in_rulebook, "application/x-yaml")).run()
    no_traceback(lab)
    assert lab.selectbox(key="lab.rb_choice").value == "uploaded: in.yaml"
    assert lab.number_input(key="lab.rb.limit").value == 2.0


def chart_specs(at) -> str:
    return " ".join(c.proto.spec for c in at.get("vega_lite_chart"))


def test_a_rulebook_with_a_thirty_day_window_draws_it(lab):
    assert "30-day rate" not in chart_specs(lab)
    lab.selectbox(key="lab.rb_choice").set_value("amazon_in").run()
    no_traceback(lab)
    assert lab.number_input(key="lab.rb.limit").value == 2.0
    assert lab.multiselect(key="lab.rb.windows").value == [7, 30]
    specs = chart_specs(lab)
    assert "30-day rate (mean of 100 runs)" in specs and "Limit (2.0%)" in specs
    assert "30-day: 5" in specs  # the Monte Carlo band of the 30-day window


def test_selectboxes_show_names_and_keep_ids(lab):
    scenario = lab.selectbox(key="lab.scenario_choice")
    assert scenario.value == "starter_shop" and "Starter shop" in scenario.options
    assert "starter_shop" not in scenario.options
    rulebook = lab.selectbox(key="lab.rb_choice")
    assert rulebook.value == "amazon_us"
    assert set(rulebook.options) >= {"Amazon.com (US)", "Amazon.in (India)", "Amazon.co.uk (UK)"}
    files = lab.selectbox(key="lab.policy_file")
    assert list(files.options) == ["Ask buyer first", "By the book", "Cancel first"]
    assert any(m.value.startswith("**By the book**") for m in lab.markdown)


def test_back_from_another_page_the_lab_is_as_it_was_left(lab):
    # issue 20: Streamlit drops a widget's key on a page not drawn; the lab's state is its own object
    lab.number_input(key="lab.seed").set_value(5).run()
    lab.number_input(key="lab.rb.limit").set_value(2.0).run()
    lab.switch_page("ui/simulate/replay_page.py").run()
    no_traceback(lab)
    lab.switch_page("ui/simulate/lab_page.py").run()
    no_traceback(lab)
    assert lab.number_input(key="lab.seed").value == 5
    assert lab.number_input(key="lab.rb.limit").value == 2.0
    assert lab.session_state["lab"].seed == 5
