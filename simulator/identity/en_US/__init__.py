"""United States: order ids start 11x."""

from simulator.identity.base import Provider as BaseIdentityProvider


class Provider(BaseIdentityProvider):
    order_prefixes = ("111", "112", "113", "114")
