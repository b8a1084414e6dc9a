"""``python -m sandbox serve [--scenario NAME] [--seed S] [--port 8800] [--speed X] [--race NAME]...``"""

from __future__ import annotations

import argparse
import sys

from formats.errors import InputError
from sandbox.races import RACES

DEFAULT_PORT = 8800


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m sandbox", description="A dynamic SP-API sandbox for cancellations."
    )
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve", help="serve the Orders and Feeds APIs over a simulated order stream")
    s.add_argument("--scenario", default="starter_shop", help="a scenario name or YAML file")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--days", type=int, default=7, help="days of orders in the stream (1-90)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=DEFAULT_PORT)
    s.add_argument("--speed", type=float, default=1.0, help="simulated seconds per real second (0: stopped)")
    s.add_argument("--notify", metavar="URL", help="POST ORDER_CHANGE notifications to this webhook")
    s.add_argument("--no-throttle", action="store_true", help="answer every request (no 429)")
    races = "; ".join(f"{r.name}: {r.what}" for r in RACES)
    s.add_argument(
        "--race", action="append", default=[], metavar="NAME", help=f"add a scripted race ({races})"
    )
    return p


def build(args: argparse.Namespace):
    """The app for parsed arguments (the tests build it without a server)."""
    from sandbox.app import create_app  # deferred: --help answers without loading the world
    from sandbox.world import Sandbox  # deferred: as above

    if args.speed < 0:
        raise SystemExit("--speed: simulated seconds per real second, 0 or more")
    world = Sandbox(args.scenario, seed=args.seed, days=args.days, races=args.race, speed=args.speed)
    return create_app(world, throttle=not args.no_throttle, notify=args.notify)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        app = build(args)
    except InputError as err:
        print(str(err), file=sys.stderr)
        return 2
    import uvicorn  # deferred: only serving needs the server

    print(f"SP-API sandbox on http://{args.host}:{args.port} (scenario {args.scenario}, seed {args.seed})")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
