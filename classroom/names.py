"""The key two account names are compared by: "Аlice" with a Cyrillic А is "Alice".

``name_key`` takes NFKC (full-width and compatibility forms become plain letters), casefolds,
maps the common Cyrillic and Greek look-alikes of Latin letters to those letters (a small fixed
subset of Unicode's confusables.txt, written out below so the key never changes under a
package upgrade), and collapses spaces.  The display name is kept as typed.
"""

from __future__ import annotations

import unicodedata

# lower-case look-alike -> Latin letter (the keys are what casefold() leaves)
_LOOK_ALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k",
    "ӏ": "l", "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s", "т": "t", "υ": "u",
    "ѵ": "v", "ԝ": "w", "х": "x", "у": "y", "ү": "y", "ё": "e", "ї": "i",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "χ": "x", "γ": "y", "ζ": "z", "μ": "u", "ω": "w",
    # Latin look-alikes of other Latin letters (digits stay digits: "Trainee 01" is not "Trainee ol")
    "ı": "i", "ɩ": "i", "ℓ": "l",
}  # fmt: skip
_TABLE = str.maketrans(_LOOK_ALIKES)


def name_key(name: str) -> str:
    """What makes two names the same account: spelling, case, width and script look-alikes aside."""
    folded = unicodedata.normalize("NFKC", name or "").casefold()
    return " ".join(folded.translate(_TABLE).split())
