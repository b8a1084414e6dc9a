"""``python -m sandbox serve``'s options reach the app it builds (without starting a server)."""

from __future__ import annotations

from sandbox.cli import _parser, build, main


def test_options_reach_the_app():
    args = _parser().parse_args(
        ["serve", "--seed", "9", "--days", "1", "--speed", "0", "--no-throttle", "--race", "forgotten"]
    )
    app = build(args)
    svc = app.state.service
    assert svc.throttle.enabled is False and app.state.notifier is None
    assert svc.world.seed == 9 and svc.world.clock.speed == 0
    assert [o.race for o in svc.world.orders.values() if o.race] == ["forgotten"]
    assert build(_parser().parse_args(["serve", "--days", "1"])).state.service.throttle.enabled


def test_a_bad_scenario_is_a_located_message(capsys):
    assert main(["serve", "--scenario", "no_such_shop"]) == 2
    err = capsys.readouterr().err
    assert "no such scenario" in err and "starter_shop" in err and "Traceback" not in err
