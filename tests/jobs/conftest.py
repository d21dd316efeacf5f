"""Databases for the jobs tests (SQLite always, PostgreSQL where PICTURELOCK_TEST_POSTGRES_URL names a
server: the persistence tests' fixtures), a production of the small plan in each, and plans big
enough that a job takes a few seconds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from db.conftest import db, empty_db, postgres_database, postgres_url  # noqa: F401  (fixtures)
from picturelock.adapters.db.engine import make_engine
from picturelock.domain.plan import Plan
from picturelock.services.productions import import_plan
from picturelock.services.templates import new_plan

SMALL_PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "small_plan.yaml"


@pytest.fixture
def engine(db: str) -> Iterator[sa.Engine]:  # noqa: F811
    made = make_engine(db)
    yield made
    made.dispose()


@pytest.fixture
def production(engine: sa.Engine) -> int:
    return import_plan(SMALL_PLAN, engine, by="tests")


def drama(episodes: int) -> Plan:
    """A drama series: shared suites make levelling and the optimiser work for a while."""
    return new_plan("drama-series", episodes=episodes, title=f"Drama of {episodes}")
