"""`python -m simulator`: run, compare, replay, calibrate, sweep and search.

Exit codes: 0 ok, 1 a threshold was breached (only with --fail-on-breach),
2 bad input (the loader's FILE:LINE:COL message is printed on stderr).
Progress bars go to stderr, never stdout.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from formats.errors import RulebookError

# Each subcommand -> the module whose register() adds it, in the order --help lists them.
# Only the module of the subcommand being run is imported (so `replay` starts without the
# simulation engine); --help, no command or an unknown one imports them all.
COMMANDS = {
    "run": "simulator.cli.run",
    "compare": "simulator.cli.run",
    "replay": "simulator.cli.replay",
    "calibrate": "simulator.cli.replay",
    "sweep": "simulator.cli.sweep",
    "search": "simulator.cli.search",
}


def _command(argv: list[str]) -> str | None:
    """The subcommand named in ``argv`` (its first word that is not an option), if known."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(
        prog="python -m simulator", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    command = _command(argv)
    modules = [COMMANDS[command]] if command else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        # deferred: a subcommand's module (and the engine it needs) is imported only when it runs
        importlib.import_module(name).register(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except RulebookError as exc:
        print(exc, file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
