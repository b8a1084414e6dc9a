"""One seeded Faker per run, with this project's provider for the run's locale.

Locales follow Faker's own layout: ``simulator/identity/<locale>/`` holds a
``Provider`` subclass of :class:`simulator.identity.base.Provider` with that
marketplace's data.  An unknown locale falls back to ``en_US`` data.
"""

from __future__ import annotations

from faker import Faker

from simulator.identity import en_GB, en_IN, en_US
from simulator.identity.base import Provider

PROVIDERS: dict[str, type[Provider]] = {
    "en_US": en_US.Provider,
    "en_GB": en_GB.Provider,
    "en_IN": en_IN.Provider,
}


def seeded_faker(seed: int, locale: str = "en_US") -> Faker:
    """One Faker instance per run, seeded on the instance (never the class-level seed)."""
    fake = Faker(locale)
    fake.add_provider(PROVIDERS.get(locale, en_US.Provider))
    fake.seed_instance(seed)
    return fake
