"""Sub-commands of `python -m simulator` (filled in by its issue)."""


def register(sub) -> None:
    """Add this module's sub-commands to the `python -m simulator` parser."""
