"""Identities people read (order ids, products, messages): a Faker provider."""
