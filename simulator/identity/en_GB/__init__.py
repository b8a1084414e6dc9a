"""United Kingdom: order ids start 20x or 026."""

from simulator.identity.base import Provider as BaseIdentityProvider


class Provider(BaseIdentityProvider):
    order_prefixes = ("202", "203", "204", "205", "206", "026")
