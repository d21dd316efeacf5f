"""The `api` fixture: one real API per test module (see harness.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .harness import Api, start_api


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One API for a test module (accounts and sessions cost argon2 hashes: made once)."""
    found, client = start_api(tmp_path_factory.mktemp("api"))
    with client:
        yield found
