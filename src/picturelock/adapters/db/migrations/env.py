"""Alembic environment for Picture Lock's database (SQLite or PostgreSQL, same migrations).

Run through `picturelock.adapters.db.migrate` (which builds the configuration, so no alembic.ini
is needed); the database URL comes from the connection it hands over, else from the
configuration's `sqlalchemy.url`. Batch mode is on so SQLite can alter tables.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext

from picturelock.adapters.db.engine import make_engine
from picturelock.adapters.db.tables import DecimalText, metadata

config = context.config


def _render_item(kind: str, item: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Migrations spell our column types in plain SQLAlchemy, so old ones never import new code."""
    if kind == "type" and isinstance(item, DecimalText):
        return "sa.String()"
    return False


def _configure(**options: Any) -> None:
    context.configure(
        target_metadata=metadata, render_as_batch=True, compare_type=True, render_item=_render_item, **options
    )


def run_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as connection:
            _configure(connection=connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
