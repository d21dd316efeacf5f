"""Engines: SQLite as one file with WAL, foreign keys and a busy timeout; rows go with their production."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from picturelock.adapters.db import tables
from picturelock.adapters.db.engine import BUSY_TIMEOUT_MS, database_url, make_engine
from picturelock.services.productions import delete_production, get_production, import_plan, list_productions


@pytest.mark.parametrize(
    ("given", "url"),
    [
        ("picturelock.db", "sqlite:///picturelock.db"),
        ("/srv/post/plans.db", "sqlite:////srv/post/plans.db"),
        ("postgresql://post@db.example/picturelock", "postgresql+psycopg://post@db.example/picturelock"),
        ("postgres://post@db.example/picturelock", "postgresql+psycopg://post@db.example/picturelock"),
        ("postgresql+psycopg://post@db/x", "postgresql+psycopg://post@db/x"),
        ("sqlite:///other.db", "sqlite:///other.db"),
    ],
)
def test_database_url_from_a_path_or_a_url(given: str, url: str) -> None:
    assert database_url(given) == url


def test_sqlite_connections_use_wal_foreign_keys_and_wait_for_writers(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "plans.db")
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            }
    finally:
        engine.dispose()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": BUSY_TIMEOUT_MS}
    assert (tmp_path / "plans.db").is_file()


def test_deleting_a_production_takes_all_its_rows_and_no_others(small_plan_path: Path, db: str) -> None:
    kept = import_plan(small_plan_path, db)
    gone = import_plan(small_plan_path, db)
    delete_production(gone, 1, db)
    assert [p.id for p in list_productions(db)] == [kept]
    engine = make_engine(db)
    try:
        with engine.connect() as connection:
            for table in tables.PLAN_TABLES:
                owners = set(connection.execute(sa.select(table.c.production_id).distinct()).scalars())
                assert owners <= {kept}, table.name
    finally:
        engine.dispose()
    assert get_production(kept, db).plan.tasks, "the other production is whole"


def test_every_row_belongs_to_a_production() -> None:
    for table in tables.PLAN_TABLES:
        column = table.c.production_id
        assert column.primary_key and not column.nullable, table.name
        assert "productions" in {fk.column.table.name for fk in column.foreign_keys}, table.name


def test_the_default_database_is_a_local_file_unless_the_environment_names_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from picturelock.services.productions import DATABASE_ENV, default_database

    monkeypatch.delenv(DATABASE_ENV, raising=False)
    assert default_database() == "picturelock.db"
    monkeypatch.setenv(DATABASE_ENV, "postgresql://post@db.example/picturelock")
    assert default_database() == "postgresql://post@db.example/picturelock"
