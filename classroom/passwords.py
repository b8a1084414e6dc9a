"""Password rules after NIST SP 800-63B (5.1.1.2): a minimum length, no common password, no
run of one character or of a keyboard/alphabet sequence, the account's name refused, and no
composition rules (no "one digit, one capital").

The common passwords are ``common_passwords.txt``, shipped beside this module: every entry of
8 or more characters in zxcvbn's list of 30,000 leaked passwords, casefolded.  Nothing is
downloaded at run time; ``python -m classroom.passwords --regenerate`` rebuilds the file from
an installed ``zxcvbn`` (a dev requirement only).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

MIN_PASSWORD = 10
_LIST = Path(__file__).resolve().parent / "common_passwords.txt"
_SEQUENCES = ("abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
HINT = "Choose a longer phrase of a few unrelated words; spaces are welcome."


@cache
def common_passwords() -> frozenset[str]:
    lines = _LIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _is_sequence(low: str) -> bool:
    """One character repeated, or a run along the alphabet, the digits or a keyboard row."""
    if len(set(low)) <= 2:
        return True
    return any(low in seq or low in seq[::-1] for seq in _SEQUENCES)


def password_problem(password: str, name_key: str = "") -> str | None:
    """Why ``password`` is refused, in words with a hint; ``None`` when it is fine."""
    pw = password or ""
    if len(pw) < MIN_PASSWORD:
        return f"A password needs at least {MIN_PASSWORD} characters. {HINT}"
    low = pw.casefold()
    if name_key and " ".join(low.split()) == name_key:
        return "A password must not be the account's name."
    if _is_sequence(low):
        return f"A password must not be one character repeated or a run like 1234567890. {HINT}"
    if low in common_passwords():
        return f"That password is on a list of common passwords that attackers try first. {HINT}"
    return None


def regenerate() -> int:
    """Rewrite ``common_passwords.txt`` from zxcvbn's list; returns how many entries it has."""
    # deferred: zxcvbn is a dev requirement, needed only to rebuild the shipped list
    from importlib.metadata import version  # deferred: with the one below

    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # deferred: see above

    words = list(dict.fromkeys(w.casefold() for w in FREQUENCY_LISTS["passwords"] if len(w) >= 8))
    head = [
        f"# Common passwords of 8 or more characters, most common first: the {len(words)} such entries of",
        f"# zxcvbn {version('zxcvbn')}'s 'passwords' frequency list (30,000 leaked passwords), casefolded.",
        "# Regenerate: pip install zxcvbn && python -m classroom.passwords --regenerate",
    ]
    _LIST.write_text("\n".join(head + words) + "\n", encoding="utf-8")
    return len(words)


if __name__ == "__main__" and sys.argv[1:] == ["--regenerate"]:
    print(regenerate())
