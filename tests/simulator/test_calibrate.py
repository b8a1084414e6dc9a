"""Calibrate: a scenario whose figures match the report, that `rules check` accepts and `run` reproduces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from formats.errors import RulebookError
from simulator import load_scenario, simulate
from simulator.cli.replay import write_calibrated
from simulator.reports.calibrate import calibrate, weekday_profile
from simulator.reports.replay import count_report
from simulator.reports.write import ReportSpec, write_report

ROOT = Path(__file__).resolve().parents[2]
FIX = Path(__file__).parent / "fixtures_reports"
PROFILE = (1.3, 1.0, 1.0, 1.0, 1.1, 0.7, 0.9)


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    d = tmp_path_factory.mktemp("shop")
    spec = ReportSpec(days=56, orders_per_day=150, weekday_profile=PROFILE, seller_fulfilled_share=0.65)
    truth = write_report(d / "orders.tsv", spec, seed=21)
    return d, truth


def test_weekday_profile_worked_by_hand():
    dates = [f"2024-01-{d:02d}" for d in range(1, 15)]  # 1 Jan 2024 is a Monday
    orders = np.array([2, 1, 1, 1, 1, 1, 1] * 2)
    profile, mean = weekday_profile(dates, orders)
    assert mean == pytest.approx(8 / 7)
    assert profile == [1.75] + [0.875] * 6


def test_calibrated_file_passes_rules_check_and_run_reproduces_the_report(shop):
    d, truth = shop
    out = d / "my_shop.yaml"
    proc = cli("simulator", "calibrate", str(d / "orders.tsv"), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"wrote {out}: 56 days from 2024-01-01")
    check = cli("rules", "check", str(out))
    assert check.returncode == 0 and check.stdout.strip() == f"OK {out} (scenario)"
    sc = load_scenario(out)
    report_mean = truth.orders.sum() / 56
    assert sc.volume.mean_per_day == pytest.approx(report_mean, rel=0.01)
    assert sc.seller_fulfilled_share == pytest.approx(
        truth.seller_fulfilled.sum() / truth.orders.sum(), abs=1e-6
    )
    assert np.allclose(sc.volume.weekday_profile, np.array(PROFILE) / np.mean(PROFILE), atol=0.08)
    assert sc.shipping.unconfirmed_rate == 0.0 and sc.policy == "by_the_book"

    runs = 40
    res = simulate(sc, seed=5, runs=runs)
    t = res.totals
    cv = sc.volume.day_to_day_variation
    sigma = np.sqrt((report_mean + (cv * report_mean) ** 2) / (56 * runs))  # sd of the simulated mean
    assert abs(t.orders / 56 - report_mean) < 4 * sigma + 0.01 * report_mean
    assert t.seller_fulfilled_orders / t.orders == pytest.approx(sc.seller_fulfilled_share, abs=0.01)
    # The observed cancellation incidence, per seller-fulfilled order, within Monte Carlo noise.
    sf = truth.seller_fulfilled.sum()
    for key, want in [
        ("counted_cancellations", truth.counted.sum() / sf),
        ("buyer_requested_cancellations", truth.buyer_requested.sum() / sf),
    ]:
        got = getattr(t, key) / t.seller_fulfilled_orders
        assert got == pytest.approx(want, rel=0.15), key


def test_calibration_is_deterministic(shop, tmp_path):
    d, _ = shop
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    write_calibrated(d / "orders.tsv", a, name="Same", label="orders.tsv")
    write_calibrated(d / "orders.tsv", b, name="Same", label="orders.tsv")
    assert a.read_bytes() == b.read_bytes()
    assert a.read_text().startswith("# Calibrated from the All Orders report orders.tsv")


def test_never_replaces_silently_and_writes_only_the_given_path(shop, tmp_path):
    d, _ = shop
    out = tmp_path / "shop.yaml"
    out.write_text("name: mine\n")
    proc = cli("simulator", "calibrate", str(d / "orders.tsv"), "--out", str(out))
    assert proc.returncode == 2 and "already exists; not replaced (add --force to replace it)" in proc.stderr
    assert out.read_text() == "name: mine\n" and "Traceback" not in proc.stderr
    forced = cli("simulator", "calibrate", str(d / "orders.tsv"), "--out", str(out), "--force")
    assert forced.returncode == 0 and forced.stdout.startswith(f"replaced {out}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.yaml"]


@pytest.mark.parametrize(
    ("out", "message"),
    [("shop.txt", "must end with .yaml or .yml"), ("missing/shop.yaml", "the folder does not exist"),
     (".", "is a folder")],
)  # fmt: skip
def test_unusable_out_paths_are_refused_before_reading(tmp_path, out, message):
    with pytest.raises(RulebookError, match=message):
        write_calibrated(FIX / "basic.tsv", tmp_path / out)
    assert list(tmp_path.iterdir()) == []


def test_a_report_without_seller_fulfilled_orders_is_refused(tmp_path):
    head = "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\n"
    (tmp_path / "fba.tsv").write_text(head + "1\t2024-03-04T09:00:00Z\t2024-03-05T09:00:00Z\tShipped\tAFN\n")
    with pytest.raises(RulebookError, match="no seller-fulfilled orders"):
        write_calibrated(tmp_path / "fba.tsv", tmp_path / "s.yaml")
    assert not (tmp_path / "s.yaml").exists()


def test_a_rulebook_file_elsewhere_is_referenced_relative_to_the_scenario(tmp_path):
    rules_dir, out_dir = tmp_path / "rules", tmp_path / "out"
    rules_dir.mkdir(), out_dir.mkdir()
    (rules_dir / "mine.yaml").write_text((ROOT / "rules" / "amazon_in.yaml").read_text())
    sc, _ = write_calibrated(FIX / "window_gap.tsv", out_dir / "s.yaml", rulebook=rules_dir / "mine.yaml")
    assert sc.rulebook == "../rules/mine.yaml" and sc.locale == "en_IN"
    assert cli("rules", "check", str(out_dir / "s.yaml")).returncode == 0


def test_many_requests_and_few_counted_cancels_still_fit(tmp_path):
    spec = ReportSpec(days=28, orders_per_day=400, seller_cancel_rate=0.002, buyer_requested_rate=0.03)
    write_report(tmp_path / "r.tsv", spec, seed=2)
    rc = count_report(tmp_path / "r.tsv")
    sc, observed = calibrate(rc, "Requests")
    assert any("request_probability raised" in n for n in observed["notes"])
    assert sc.buyer.request_probability > 0.6
    res = simulate(sc, seed=1, runs=30)
    t = res.totals
    requested = t.buyer_requested_cancellations / t.seller_fulfilled_orders
    counted = t.counted_cancellations / t.seller_fulfilled_orders
    assert requested == pytest.approx(observed["buyer_requested_share"], rel=0.1)
    assert counted == pytest.approx(observed["counted_share"], abs=0.002)
