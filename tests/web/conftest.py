"""The `site` fixture: one real web site per test module (see harness.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .harness import Site, start_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site for a test module (accounts and sessions cost argon2 hashes: made once)."""
    found = start_site(tmp_path_factory.mktemp("web"))
    with found.anonymous():
        yield found
    found.app.state.gate.close()
