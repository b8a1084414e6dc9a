"""The report replay page under AppTest: good reports, every kind of bad one, and
"use as a scenario"."""

import io
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from simulator.reports.replay import replay_report
from simulator.reports.write import ReportSpec, write_report

ROOT = Path(__file__).resolve().parents[2]


def report(**spec) -> bytes:
    buf = io.StringIO()
    write_report(buf, ReportSpec(**spec), seed=1)
    return buf.getvalue().encode()


@pytest.fixture
def data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    monkeypatch.setenv("CANCEL_DESK_DATA", str(folder))
    return folder


@pytest.fixture
def replay(data):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("ui/simulate/replay_page.py").run()
    assert not at.exception
    return at


def send(at, name: str, raw: bytes) -> AppTest:
    at.file_uploader(key="replay.file").set_value((name, raw, "text/plain")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_report_is_replayed_and_kept_in_the_data_folder(replay, data):
    send(replay, "orders.txt", report(days=28, orders_per_day=40))
    figures = {m.label: m.value for m in replay.metric}
    assert int(figures["Orders"].replace(",", "")) > 28 * 20
    assert figures["Peak 7-day rate"].endswith("%")
    stored = list((data / "reports").iterdir())
    assert len(stored) == 1 and stored[0].name.endswith("orders.txt")


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        (
            "short.txt",
            b"amazon-order-id\tpurchase-date\n111-1111111-1111111\t2024-01-01T10:00:00+00:00\n",
            "missing",
        ),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary file"),
        ("empty.txt", b"", "file is empty"),
        ("huge.txt", b"x" * (50 * 1024 * 1024 + 1), "over the 50 MiB limit"),
    ],
)
def test_bad_reports_are_refused_inline_and_the_previous_one_stays(replay, name, raw, expected):
    send(replay, "good.txt", report(days=14))
    before = replay.session_state["replay"].result
    send(replay, name, raw)
    (err,) = [e.value for e in replay.error]
    assert name in err and expected in err
    assert "previous report is still shown" in err
    assert replay.session_state["replay"].result == before


def test_missing_columns_are_named(replay):
    send(
        replay,
        "short.txt",
        b"amazon-order-id\tpurchase-date\n111-1111111-1111111\t2024-01-01T10:00:00+00:00\n",
    )
    (err,) = [e.value for e in replay.error]
    assert "order-status" in err and "fulfillment-channel" in err


def test_use_as_a_scenario_opens_it_in_the_lab(replay):
    send(replay, "shop.txt", report(days=28, orders_per_day=60, seller_fulfilled_share=0.8))
    replay.button(key="replay.use").click().run()
    assert not replay.exception, [e.value for e in replay.exception]
    assert replay.session_state["lab"].scenario_choice == "uploaded: shop.txt"
    scenario = replay.session_state["lab"].scenario_last
    assert abs(scenario.seller_fulfilled_share - 0.8) < 0.1
    assert any(m.label == "Breach probability" for m in replay.metric)  # the lab ran it


def test_malformed_rows_are_listed_with_their_line_and_the_rest_replays(replay):
    lines = report(days=14, orders_per_day=30).decode().split("\n")
    cols = lines[4].split("\t")
    cols[2] = "yesterday"  # line 5 of the file (the header is line 1)
    lines[4] = "\t".join(cols)
    lines[7] = "111-0000000-0000000\tshort"  # line 8
    send(replay, "export.txt", ("\ufeff" + "\r\n".join(lines)).encode())  # BOM and CRLF, as exported
    assert not replay.error
    ignored = replay.dataframe[-1].value
    assert list(ignored["line"]) == [5, 8]
    assert "yesterday" in ignored["reason"][0] and "tab-separated fields" in ignored["reason"][1]
    assert any("2 ignored" in m.value for m in replay.markdown)


def test_a_thirty_day_rulebook_shows_the_thirty_day_rate(replay):
    send(replay, "orders.txt", report(days=45, orders_per_day=40))
    assert "Peak 30-day rate" not in {m.label for m in replay.metric}
    replay.selectbox(key="replay.rb").set_value("amazon_in").run()
    assert not replay.exception
    figures = {m.label: m for m in replay.metric}
    assert figures["Peak 30-day rate"].value.endswith("%")
    assert "limit 2.0%" in str(figures["Peak 30-day rate"].proto.delta)
    result = replay.session_state["replay"].result
    assert result["cancellation_rate"]["windows_days"] == [7, 30]
    spec = " ".join(c.proto.spec for c in replay.get("vega_lite_chart"))
    assert "30-day rate" in spec and "Limit (2.0%)" in spec


def test_each_kind_of_cancellation_is_explained_in_words(replay):
    send(replay, "orders.txt", report(days=21, orders_per_day=50))
    assert not replay.exception
    table = replay.table[0].value
    assert list(table.columns) == ["Orders", "Counts?", "Why (rule engine)"]
    assert set(table["Counts?"]) <= {"Counts", "Excluded"} and "Counts" in set(table["Counts?"])
    counted = table[table["Counts?"] == "Counts"]["Why (rule engine)"].iloc[0]
    assert "counts toward the Cancellation Rate" in counted


def test_a_long_replay_shows_progress_and_removes_it_when_done(replay, monkeypatch):
    import ui.shared.progress as progress_mod
    from simulator.reports import read as read_mod

    seen = []
    real = progress_mod.progress_bar

    def recording(label):
        seen.append((label, []))
        bar = real(label)
        report = bar.__enter__()

        class Ctx:
            def __enter__(self):
                def spy(fraction, message=""):
                    seen[-1][1].append(fraction)
                    report(fraction, message)

                return spy

            def __exit__(self, *exc):
                return bar.__exit__(*exc)

        return Ctx()

    monkeypatch.setattr(progress_mod, "progress_bar", recording)
    monkeypatch.setattr(read_mod, "BLOCK_BYTES", 16 * 1024)  # several blocks for a small upload
    replay.run()  # the page's callbacks now see the recording bar
    send(replay, "orders.txt", report(days=14))
    ((label, fractions),) = seen
    assert label == "Replaying orders.txt" and len(fractions) > 3
    assert fractions == sorted(fractions) and fractions[0] > 0 and fractions[-1] < 1
    assert not replay.get("progress")  # gone once the replay is shown
    assert not replay.exception


def test_partial_windows_and_the_inference_are_shown(replay):
    """Issue 10: the first days' partial windows are marked apart, and the direct cancel is an inference."""
    send(replay, "orders.txt", report(days=28, orders_per_day=40))
    info = " ".join(i.value for i in replay.info)
    assert "Partial windows: on the first 6 day(s)" in info
    partial = replay.dataframe[0].value
    assert list(partial["covered"]) == [f"partial: {k} of 7 days" for k in range(1, 7)]
    assert any("inference" in w.value for w in replay.warning)
    assert "Excluded: direct (inferred)" in [m.label for m in replay.metric]


def test_a_utf16_report_replays_exactly_as_on_the_cli(replay):
    """Issue 11, part 7: a report Excel saved as UTF-16 gives the page the CLI's figures (one reader)."""
    raw = report(days=28, orders_per_day=40)
    wide = raw.decode("utf-8").encode("utf-16")
    send(replay, "orders.txt", wide)
    page = {m.label: m.value for m in replay.metric}
    cli = replay_report(raw, label="orders.txt")
    assert page["Peak 7-day rate"] == f"{cli['cancellation_rate']['max']:.2%}"
    assert page["Counted cancels"] == f"{cli['totals']['counted_cancellations']:,}"
    assert page["Orders"] == f"{cli['totals']['orders']:,}"


def test_a_refused_report_is_not_kept_and_the_last_good_one_stays(replay, data):
    """Reported (issue 11, part 7): refused report uploads were written to data/reports/ and never deleted."""
    send(replay, "good.txt", report(days=10, orders_per_day=30))
    good = list((data / "reports").iterdir())
    assert len(good) == 1
    for i in range(3):
        bad = b"amazon-order-id\tpurchase-date\n" + f"111-1111111-111111{i}\tnot a date\n".encode()
        send(replay, f"bad{i}.txt", bad)
        assert "was not replayed" in replay.error[0].value
    assert list((data / "reports").iterdir()) == good
    assert "previous report is still shown" in replay.error[0].value


def test_the_upload_box_states_the_limit_in_the_apps_own_words(replay):
    label = replay.get("file_uploader")[0].proto.label
    assert label == "All Orders report (.txt, .tsv or .csv, up to 50 MiB)"


def test_back_from_another_page_the_rulebook_chosen_is_still_in_force(replay):
    # issue 20: the choice lives in the page's ReplayState, not in the selectbox's key
    send(replay, "shop.txt", report(days=35, orders_per_day=40))
    replay.selectbox(key="replay.rb").set_value("amazon_in").run()
    replay.switch_page("ui/simulate/lab_page.py").run()
    replay.switch_page("ui/simulate/replay_page.py").run()
    assert not replay.exception, [e.value for e in replay.exception]
    assert replay.selectbox(key="replay.rb").value == "amazon_in"
    assert "Peak 30-day rate" in {m.label for m in replay.metric}  # India's window, still replayed


def test_the_partial_first_days_are_drawn_apart_and_not_counted_as_days(replay):
    """Issue 22: the chart drew the 6 partial-window days like full ones (a 4.58% peak beside a
    2.69% headline), and "Days over the limit" said "of 28 days" where 22 have a full window."""
    send(replay, "orders.txt", report(days=28, orders_per_day=40))
    days = next(m for m in replay.metric if m.label == "Days over the limit")
    assert days.proto.delta == "of 22 days with a full window"
    spec = next(c.proto.spec for c in replay.get("vega_lite_chart") if "Rolling rate" in c.proto.spec)
    assert "7-day rate, partial window (first 6 days)" in spec


def test_the_chart_draws_partial_days_dotted_and_the_full_line_without_them():
    from ui.shared.charts import rate_chart, rate_frames

    result = replay_report(report(days=28, orders_per_day=40), label="orders.txt")
    lines, _ = rate_frames(result)
    partial = lines[lines["series"].str.contains("partial window")]
    full = lines[lines["series"] == "7-day rate"]
    assert partial["rate"].notna().sum() == 7  # the 6 partial days and the first full one, joined
    assert full["rate"].notna().sum() == 22
    assert full["rate"].max() == pytest.approx(result.cancellation_rate.max)  # the line peaks at the headline
    spec = rate_chart(result).to_dict()
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert line["encoding"]["strokeDash"]["scale"]["range"][0] == [1, 3]  # dotted
