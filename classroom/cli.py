"""`python -m classroom users ...`: local accounts from the command line.

    add NAME [--role trainee|trainer|admin]   a new account; prints a one-time password
    reset NAME                                a new one-time password; signs NAME out
    role NAME ROLE                            change NAME's role
    list                                      names and roles (never a password or hash)

The one-time password goes to stdout once and nowhere else; it must be changed at
first sign-in.  Exit codes: 0 done, 2 bad input or the database out of reach
(the message says which and what to do).
"""

from __future__ import annotations

import argparse
import sys

from classroom.accounts import ROLES, AccountError, Accounts
from classroom.store.errors import StoreError


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m classroom", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    register(p.add_subparsers(dest="command", required=True))
    args = p.parse_args(argv)
    return args.func(args)


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``users`` command to a parent CLI's subparsers; it sets ``func``."""
    p = subparsers.add_parser("users", help="local accounts: add, reset, role, list")
    _fill(p)
    p.set_defaults(func=run)
    return p


def _fill(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db-url", help="database URL (default: CANCEL_DESK_DB_URL, else data/ SQLite)")
    sub = p.add_subparsers(dest="users_command", required=True)
    add = sub.add_parser("add", help="create an account and print its one-time password")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, default="trainee")
    reset = sub.add_parser("reset", help="print a new one-time password for NAME")
    reset.add_argument("name")
    role = sub.add_parser("role", help="change NAME's role")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    sub.add_parser("list", help="every account's name and role")


def run(args: argparse.Namespace) -> int:
    try:
        accounts = Accounts(args.db_url)
        if args.users_command == "add":
            user, once = accounts.add_user(args.name, args.role)
            print(f"Created {user.role} {user.name!r}. One-time password (shown once, change it at sign-in):")
            print(once)
        elif args.users_command == "reset":
            once = accounts.reset_password(args.name)
            print(f"New one-time password for {args.name!r} (shown once, change it at first sign-in):")
            print(once)
        elif args.users_command == "role":
            user = accounts.set_role(args.name, args.role)
            print(f"{user.name!r} is now {user.role}.")
        else:
            for u in accounts.users():
                flag = "  (one-time password not yet changed)" if u.must_change else ""
                print(f"{u.name}\t{u.role}{flag}")
    except (AccountError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
