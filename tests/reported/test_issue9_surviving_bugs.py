"""Issue 9, part 8: deliberate bugs that the suite let through.

> We ran deliberate bugs against the suite. These survived: a trap no longer
> failing the attempt; the seed dropped from the run's generator; the
> report-upload limit raised tenfold; the data-folder guard removed.

Each test below fails when its bug is put back (checked by hand when written).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from formats.errors import RulebookError
from simulator import compare, load_policy, load_scenario, simulate
from simulator.engine.streams import run_rng
from simulator.record import Record
from training.grader import grade
from ui.shared import uploads
from ui.shared.uploads import check_report_upload, save_upload

ROOT = Path(__file__).resolve().parents[2]
MiB = 1024 * 1024


def _without_seed(value):
    """The output with every ``seed`` field removed: what is left must still depend on the seed."""
    if isinstance(value, Record):
        return _without_seed(value.to_dict())
    if isinstance(value, dict):
        return {k: _without_seed(v) for k, v in value.items() if k != "seed"}
    if isinstance(value, list):
        return [_without_seed(v) for v in value]
    return value


# --- a trap fails the attempt ---------------------------------------------------------------


def _trap_then_correct(make_desk):
    """Try to cancel the Pending order (the trap), then handle it by the book once it is paid."""
    desk = make_desk("pending_stock_out")
    o = desk.exercise_order
    desk.open_order(o.order_id)
    desk.cancel(o.order_id, "NoInventory")  # refused: Pending
    desk.wait(o.payment_hours)
    desk.message_buyer(o.order_id, "inform", desk.draft(o.order_id, "inform"))
    desk.wait(o.persona.reply_after_hours + 1)
    desk.cancel(o.order_id, "NoInventory", "sold out")
    return desk


def test_a_trap_fails_the_attempt_even_above_the_pass_mark(make_desk):
    """Reported: "A trap no longer failing the attempt (training/grader.py ~187). Every trap
    test also scores under the pass mark, so none of them checks the rule "a trap fails the
    attempt"."  Here the points alone would pass; the trap must still fail it."""
    desk = _trap_then_correct(make_desk)
    steps = [s.to_dict() for s in desk.steps]
    ex = desk.exercise.model_copy(update={"pass_score": 0.6})
    g = grade(desk.rb, ex, steps, desk.exercise_order.order_id)
    assert g.traps_hit == ["cancel_pending"]
    # 10 points: -2 for the refused cancel, -1 for telling first (acceptable; best is after)
    assert g.score == pytest.approx(0.7) and g.score > g.pass_score
    assert not g.passed
    # The control: without the trap step the same handling passes at that mark.
    clean = [s for s in steps if s["ok"]]
    assert grade(desk.rb, ex, clean, desk.exercise_order.order_id).passed


# --- the seed reaches every run's generator --------------------------------------------------


def test_the_seed_changes_the_figures_not_only_the_seed_field():
    """Reported: "The seed dropped from the run's generator (SeedSequence([0, run])).
    test_montecarlo.py ~27 compares two outputs that differ anyway, because the output
    contains "seed"."  Compare the figures with every seed field removed."""
    sc = load_scenario("starter_shop")
    a = _without_seed(simulate(sc, seed=7, runs=5, days=30))
    again = _without_seed(simulate(sc, seed=7, runs=5, days=30))
    b = _without_seed(simulate(sc, seed=8, runs=5, days=30))
    assert json.dumps(a) == json.dumps(again)
    assert json.dumps(a["totals"]) != json.dumps(b["totals"])
    pols = [load_policy("cancel_first"), load_policy("by_the_book")]
    c3 = _without_seed(compare(sc, pols, seed=3, runs=4, days=20))
    c4 = _without_seed(compare(sc, pols, seed=4, runs=4, days=20))
    assert json.dumps(c3) != json.dumps(c4)


def test_run_generator_depends_on_seed_and_run():
    """The same bug at its source: run_rng must mix in the seed as well as the run number."""
    draw = {(s, r): run_rng(s, r).random(4) for s in (0, 1, 7) for r in (0, 1)}
    assert np.array_equal(draw[7, 1], run_rng(7, 1).random(4))
    keys = list(draw)
    for i, k in enumerate(keys):
        for other in keys[i + 1 :]:
            assert not np.array_equal(draw[k], draw[other]), (k, other)


# --- the report-upload limit -----------------------------------------------------------------


def _documented_report_limit_mib() -> int:
    table = (ROOT / "docs" / "policy-lab.md").read_text()
    (mib,) = re.findall(r"\|\s*All Orders report\s*\|[^|]*\|\s*(\d+)\s*MiB", table)
    return int(mib)


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("CANCEL_DESK_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def test_report_upload_limit_is_the_documented_one(data):
    """Reported: "The report-upload limit raised tenfold (test_uploads.py doesn't check it)."
    The limit is the one docs/policy-lab.md promises, and a file one byte over it is refused."""
    mib = _documented_report_limit_mib()
    assert mib == 50
    assert mib * MiB == uploads.REPORT_LIMIT
    header = b"amazon-order-id\tpurchase-date\n"
    over = header + b"x" * (mib * MiB + 1 - len(header))
    with pytest.raises(RulebookError, match=f"over the {mib} MiB limit"):
        check_report_upload("big.txt", over)
    assert not (data / "reports").exists()  # nothing was stored
    at_limit = check_report_upload("ok.txt", over[:-1])
    assert at_limit.stat().st_size == mib * MiB


# --- the data-folder guard -------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["../outside", "../../outside", "{tmp}/absolute"])
def test_uploads_may_not_land_outside_the_data_folder(data, tmp_path, folder):
    """Reported: "The data-folder guard in ui/uploads.py ~39 removed." A folder that climbs
    out (or is absolute) is refused, and nothing is written."""
    folder = folder.format(tmp=tmp_path)
    outside = (data / folder).resolve()
    with pytest.raises(RulebookError, match="outside the data folder"):
        save_upload("r.txt", b"amazon-order-id\n", folder)
    assert not outside.exists() or not any(outside.iterdir())


def test_a_symlink_out_of_the_data_folder_is_refused(data, tmp_path):
    """The guard also stops a link inside the data folder that points elsewhere."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data.mkdir()
    (data / "reports").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(RulebookError, match="outside the data folder"):
        check_report_upload("r.txt", b"amazon-order-id\tpurchase-date\n")
    assert list(elsewhere.iterdir()) == []
