"""`python -m simulator`: run, compare, replay and calibrate.

Exit codes: 0 ok, 1 a threshold was breached (only with --fail-on-breach),
2 bad input (the loader's FILE:LINE:COL message is printed on stderr).
Progress bars go to stderr, never stdout.
"""

from __future__ import annotations

import argparse
import sys

from formats.errors import RulebookError
from simulator.cli import replay as cli_replay
from simulator.cli import run as cli_run
from simulator.cli import sweep as cli_sweep


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulator", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    cli_run.register(sub)
    cli_replay.register(sub)
    cli_sweep.register(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except RulebookError as exc:
        print(exc, file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
