"""India: order ids start 171 or 40x."""

from simulator.identity.base import Provider as BaseIdentityProvider


class Provider(BaseIdentityProvider):
    order_prefixes = ("171", "402", "403", "404", "405", "406", "407", "408")
