"""Shared fixtures: the small plan, and the public test data in ../shared/testdata."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Speed is proven by benchmarks, not by timed tests: no per-example deadline, so a busy machine
# (two pytest workers, a browser, PostgreSQL) never fails a property for being slow.
settings.register_profile("picturelock", deadline=None)
settings.load_profile("picturelock")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_TESTDATA = ROOT.parent / "shared" / "testdata"


@pytest.fixture
def small_plan_path() -> Path:
    return FIXTURES / "small_plan.yaml"


@pytest.fixture
def testdata() -> Path:
    """../shared/testdata (PSPLIB, timelines); tests that need it are skipped without it."""
    if not SHARED_TESTDATA.is_dir():
        pytest.skip(f"public test data not found at {SHARED_TESTDATA} (CI always has it)")
    return SHARED_TESTDATA
