"""Suite-wide hooks."""

from __future__ import annotations

from pathlib import Path

import pytest

E2E = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every browser test ``e2e`` so ``-m "not e2e"`` leaves them out.

    A ``pytestmark`` in tests/e2e/conftest.py would mark nothing: pytest applies
    ``pytestmark`` only from test modules and classes.
    """
    for item in items:
        if E2E in item.path.parents:
            item.add_marker(pytest.mark.e2e)
