"""`python -m training shift`: the queue, and a steps file worked and graded."""

from __future__ import annotations

import json

import yaml

from training.cli.main import main
from training.session import DESK_SCENARIO, DESK_SEED, cached_background
from training.shift import ShiftParams, new_shift


def test_the_queue_is_printed_and_is_the_same_for_the_same_seed(capsys):
    assert main(["shift", "--orders", "20", "--seed", "3", "--rulebook", "amazon_us"]) == 0
    first = capsys.readouterr().out
    assert first.startswith("Shift: 20 orders, amazon_us, seed 3") and len(first.splitlines()) == 21
    assert main(["shift", "--orders", "20", "--seed", "3"]) == 0
    assert capsys.readouterr().out == first


def test_a_steps_file_is_worked_and_graded(tmp_path, capsys):
    d = new_shift(ShiftParams(orders=20, seed=3), cached_background(DESK_SCENARIO, DESK_SEED))
    steps = []
    for k, p in enumerate(d.plan, 1):
        if p.kind in ("routine", "overdue") and p.arrival == 0:
            steps += [{"action": "open_order", "order": k}, {"action": "confirm_shipment", "order": k}]
    path = tmp_path / "shift.yaml"
    path.write_text(yaml.safe_dump({"steps": steps}))
    assert main(["shift", "--orders", "20", "--seed", "3", "--steps", str(path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    shipped = [r for r in out["orders"] if r["what"] == "Shipped in time"]
    assert len(shipped) == len(steps) // 2 and not out["passed"]  # the incidents were left undone
    assert "the best handling would have ended on" in out["debrief"]


def test_a_step_without_its_order_is_bad_input(tmp_path, capsys):
    path = tmp_path / "shift.yaml"
    path.write_text("steps:\n  - action: confirm_shipment\n")
    assert main(["shift", "--orders", "15", "--steps", str(path)]) == 2
    err = capsys.readouterr().err
    assert "names its order" in err and "Traceback" not in err


def test_a_shift_too_long_is_bad_input(capsys):
    assert main(["shift", "--orders", "40"]) == 2
    assert "15 to 30" in capsys.readouterr().err
