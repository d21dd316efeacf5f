"""Productions in the database: import a plan, export it back, list, edit a task safely.

`db` is a database URL (`postgresql://user@host/db`), a SQLite file path (`picturelock.db`), or an
engine the caller owns (the API keeps one). Every use case runs in one unit of work: it writes
everything or nothing. An edit names the version it was based on; a stale one raises
`EditConflict` and changes nothing.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from picturelock.adapters.db import migrate
from picturelock.adapters.db.engine import make_engine
from picturelock.adapters.db.repository import ProductionSummary, Stamp, StoredProduction
from picturelock.adapters.db.uow import UnitOfWork
from picturelock.domain.errors import DomainError, InvalidInput, NotFound, UnsupportedFormat
from picturelock.domain.findings import Problem
from picturelock.domain.plan import Plan, Task
from picturelock.domain.validation import plan_problems
from picturelock.services.plans import load_plan

Database = str | Path | sa.Engine
DATABASE_ENV = "PICTURELOCK_DATABASE_URL"
DEFAULT_DATABASE = "picturelock.db"  # a SQLite file in the current folder
EDITABLE_TASK_FIELDS = tuple(f.name for f in fields(Task) if f.name != "id")


class DatabaseNotReady(DomainError):
    """The database has no schema yet, or an older one: `picturelock db upgrade` brings it up."""


def default_database() -> str:
    """The database to use when none is named: $PICTURELOCK_DATABASE_URL, else ./picturelock.db."""
    return os.environ.get(DATABASE_ENV) or DEFAULT_DATABASE


def upgrade_database(db: Database) -> str | None:
    """Bring the database to the newest schema (creating it when empty); the revision it is at."""
    with _engine(db, check=False) as engine:
        with engine.begin() as connection:
            migrate.upgrade_on(connection)
        return _revision(engine)


def import_plan(source: Path | Plan, db: Database, *, by: str | None = None) -> int:
    """Hold the plan in `source` (a plan file, MS Project XML or a Plan) as a new production; its id."""
    plan = load_plan(Path(source)) if isinstance(source, str | Path) else _checked(source, "plan")
    with _engine(db) as engine, UnitOfWork(engine, by=by) as uow:
        production_id = uow.productions.add(plan)
        uow.commit()
    return production_id


def export_plan(production_id: int, path: Path, db: Database) -> Plan:
    """Write the production's plan to `path` as a plan file (written whole or not at all)."""
    from picturelock.adapters.planfile.writer import write_plan

    path = Path(path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise UnsupportedFormat(f"{path}: a production exports as a plan file (.yaml or .yml)")
    plan = get_production(production_id, db).plan
    write_plan(plan, path)
    return plan


def get_production(production_id: int, db: Database) -> StoredProduction:
    """The production's plan with its version and the versions of its tasks, links and resources."""
    with _engine(db) as engine, UnitOfWork(engine) as uow:
        return _held(uow, db, production_id)


_LAST_READ: OrderedDict[tuple[Any, int], StoredProduction] = OrderedDict()  # per process, newest read
_LAST_READ_KEPT = 8
_last_read_lock = threading.Lock()


def _held(uow: UnitOfWork, db: Database, production_id: int) -> StoredProduction:
    """The production as `uow` sees it: the one read last in this process when its stamp now (one
    small read) is the same (every change raises the version and stamps who and when); else read whole."""
    key = (db if isinstance(db, sa.Engine) else str(db), production_id)
    with _last_read_lock:
        last = _LAST_READ.get(key)
    if last is not None and uow.productions.stamp(production_id) == last.stamp:  # version, by whom, when
        return last
    stored = uow.productions.get(production_id)
    with _last_read_lock:
        _LAST_READ[key] = stored
        _LAST_READ.move_to_end(key)
        while len(_LAST_READ) > _LAST_READ_KEPT:
            _LAST_READ.popitem(last=False)
    return stored


def production_version(production_id: int, db: Database) -> int:
    """The production's version (every edit raises it); NotFound if it does not exist."""
    with _engine(db) as engine, UnitOfWork(engine) as uow:
        return uow.productions.stamp(production_id).version


def production_stamp(production_id: int, db: Database) -> Stamp:
    """The production's version and who changed it last, when; NotFound if it does not exist."""
    with _engine(db) as engine, UnitOfWork(engine) as uow:
        return uow.productions.stamp(production_id)


def list_productions(db: Database) -> list[ProductionSummary]:
    with _engine(db) as engine, UnitOfWork(engine) as uow:
        return uow.productions.list()


def update_plan(
    production_id: int, plan: Plan, expected_version: int, db: Database, *, by: str | None = None
) -> int:
    """Replace the production's plan if it is still at `expected_version`; the new version."""
    _checked(plan, "plan")
    with _engine(db) as engine, UnitOfWork(engine, by=by) as uow:
        version = uow.productions.update(production_id, plan, expected_version)
        uow.commit()
    return version


def update_task(
    production_id: int,
    task_id: str,
    changes: Mapping[str, Any],
    expected_version: int,
    db: Database,
    *,
    by: str | None = None,
) -> int:
    """Change fields of one task (`{"duration_days": Decimal("3")}`) if the task is still at
    `expected_version`; the task's new version. The changed plan must pass every check."""
    unknown = sorted(set(changes) - set(EDITABLE_TASK_FIELDS))
    if unknown:
        expected = "one of " + ", ".join(EDITABLE_TASK_FIELDS)
        raise InvalidInput(
            [
                Problem("edit", name, "is not a field of a task one can edit", expected=expected)
                for name in unknown
            ]
        )
    with _engine(db) as engine, UnitOfWork(engine, by=by) as uow:
        stored = _held(uow, db, production_id)
        if task_id not in stored.tasks:
            raise NotFound(f"task {task_id!r} of production {production_id}")
        task = replace(stored.plan.task(task_id), **changes)
        _checked(
            replace(stored.plan, tasks=tuple(task if t.id == task_id else t for t in stored.plan.tasks)),
            "edit",
        )
        version = uow.productions.update_task(production_id, task, expected_version)
        uow.commit()
    return version


def delete_production(production_id: int, expected_version: int, db: Database) -> None:
    with _engine(db) as engine, UnitOfWork(engine) as uow:
        uow.productions.delete(production_id, expected_version)
        uow.commit()


def _checked(plan: Plan, place: str) -> Plan:
    problems = plan_problems(plan, place)
    if problems:
        raise InvalidInput(problems)
    return plan


@contextmanager
def _engine(db: Database, *, check: bool = True) -> Iterator[sa.Engine]:
    """The caller's engine as it is, or one made for a URL or path and disposed of afterwards.
    With `check`, a database whose schema is not the newest is refused (nothing is written)."""
    engine = db if isinstance(db, sa.Engine) else make_engine(db)
    try:
        if check:
            _require_newest(engine)
        yield engine
    finally:
        if engine is not db:
            engine.dispose()


def _revision(engine: sa.Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


_NEWEST: weakref.WeakSet[sa.Engine] = weakref.WeakSet()  # engines already found at the newest schema


def _require_newest(engine: sa.Engine) -> None:
    """Refuse a database not at the newest schema. A long-lived engine (the API's) is checked once:
    upgrading only ever moves it forward while the program runs."""
    if engine in _NEWEST:
        return
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        at, newest = None, migrate.head()  # not connected: that would create the file
    else:
        at, newest = _revision(engine), migrate.head()
    if at != newest:
        where = engine.url.render_as_string(hide_password=True)
        state = (
            "has no Picture Lock tables" if at is None else f"is at schema {at}, not the newest ({newest})"
        )
        raise DatabaseNotReady(f"the database {where} {state}: run `picturelock db upgrade` first")
    _NEWEST.add(engine)
