"""Persistence: productions in SQLite (default, one file, WAL) or PostgreSQL, same code.

    from picturelock.adapters.db.engine import make_engine
    from picturelock.adapters.db.uow import UnitOfWork

Tables in `tables`, Plan <-> rows in `mapping`, optimistic concurrency in `repository`, the
transaction in `uow`, the schema's history in `migrations` (Alembic; see `migrate`).
"""
