"""Engines from a database URL, made by a factory (never at import).

SQLite (the default: one file) gets write-ahead logging, foreign keys on and a busy timeout on
every connection; PostgreSQL URLs (`postgresql://...`) use the psycopg 3 driver. A plain path is
taken as a SQLite file: `picturelock.db` -> `sqlite:///picturelock.db`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

BUSY_TIMEOUT_MS = 10_000  # how long a SQLite writer waits for another writer before giving up


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL for `target`: a URL as given (postgresql:// gets psycopg), a path as SQLite."""
    text = str(target)
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser()}"
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    return text


def make_engine(target: str | Path, **options: Any) -> sa.Engine:
    """An engine for `target` (a URL or a SQLite file path), set up for Picture Lock."""
    url = sa.make_url(database_url(target))
    if url.get_backend_name() == "sqlite":
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **options)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, **options)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    try:
        if _is_file(connection):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _is_file(connection: Any) -> bool:
    """False for an in-memory database, where WAL does not apply."""
    rows = connection.execute("PRAGMA database_list").fetchall()
    return any(row[1] == "main" and row[2] for row in rows)
