"""Databases for the persistence tests: a real SQLite file always; PostgreSQL when
PICTURELOCK_TEST_POSTGRES_URL names a server (scripts/postgres-for-tests.sh starts one).

With PostgreSQL, each test session (each xdist worker) gets a fresh database, dropped at the end,
and each test its own schema in it, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from picturelock.adapters.db.engine import database_url
from picturelock.services.productions import upgrade_database

POSTGRES_ENV = "PICTURELOCK_TEST_POSTGRES_URL"


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this session, or the test is skipped with the reason."""
    server = os.environ.get(POSTGRES_ENV)
    if not server:
        pytest.skip(f"{POSTGRES_ENV} is not set (scripts/postgres-for-tests.sh starts a server)")
    admin = sa.create_engine(database_url(server), isolation_level="AUTOCOMMIT")
    name = f"picturelock_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(database_url(server)).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_url(postgres_database: str) -> str:
    """A URL whose connections work in a schema of their own (created here, empty)."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(postgres_database)
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return str(
        sa.make_url(postgres_database)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file, then (where a server is given) PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "picturelock.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def db(empty_db: str) -> str:
    """A database at the newest schema."""
    upgrade_database(empty_db)
    return empty_db
