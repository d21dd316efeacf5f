"""Editing a held production one item at a time, safely when several people edit at once.

Each edit names the version of the item it was based on (a task's, a link's, a resource's; the
production's for a whole plan). In one transaction it takes the production's row, checks the
item is still at that version, applies the change (`domain.editing`), checks the whole plan
(`plan_problems`) and writes only what changed. A stale version raises `EditConflict` naming who
changed the item and when; bad values raise `InvalidInput` with their places; an id not held
raises `NotFound`. Nothing is written unless everything succeeds. `by` is the login editing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from picturelock.adapters.db.accounts import ACCOUNTS_CHAIN, AuditRepository
from picturelock.adapters.db.repository import ProductionRepository, Stamp, StoredProduction, when
from picturelock.adapters.db.uow import UnitOfWork
from picturelock.domain import editing
from picturelock.domain.audit import AuditAction
from picturelock.domain.errors import EditConflict, NotFound
from picturelock.domain.plan import Link, Plan, Resource, Task
from picturelock.services.productions import Database, _checked, _engine


@dataclass(frozen=True, slots=True)
class _Item:
    """An editable item: where its stamp is held, its key there, and how to name it."""

    kind: str  # "tasks", "links" or "resources"
    key: Any
    name: str

    def stamp(self, held: StoredProduction) -> Stamp | None:
        stamps: Mapping[Any, Stamp] = getattr(held, self.kind)
        return stamps.get(self.key)

    def what(self, production_id: int) -> str:
        return f"{self.name} of production {production_id}"


def _task(task_id: str) -> _Item:
    return _Item("tasks", task_id, f"task {task_id!r}")


def _link(predecessor: str, successor: str) -> _Item:
    return _Item("links", (predecessor, successor), f"link {predecessor!r} -> {successor!r}")


def _resource(resource_id: str) -> _Item:
    return _Item("resources", resource_id, f"resource {resource_id!r}")


def move_task(
    production_id: int, task_id: str, start: date, expected_version: int, db: Database, *, by: str | None
) -> int:
    """Start the task no earlier than `start` (its SNET constraint, replacing any earlier one);
    the task's new version."""
    return _edit(
        production_id,
        _task(task_id),
        expected_version,
        db,
        by,
        lambda p: editing.move_task(p, task_id, start),
    )


def record_progress(
    production_id: int,
    task_id: str,
    *,
    actual_start: date | None,
    actual_finish: date | None,
    remaining_days: Decimal | None,
    expected_version: int,
    db: Database,
    by: str | None,
) -> int:
    """Record what has happened on the task (each value replaces the one held); its new version."""

    def change(plan: Plan) -> Plan:
        return editing.record_progress(
            plan,
            task_id,
            actual_start=actual_start,
            actual_finish=actual_finish,
            remaining_days=remaining_days,
        )

    return _edit(production_id, _task(task_id), expected_version, db, by, change)


def add_task(production_id: int, task: Task, db: Database, *, by: str | None) -> int:
    """Add a task at the end of the plan; its version (1). An id already held is a conflict."""
    return _edit(production_id, _task(task.id), None, db, by, lambda p: editing.add_task(p, task))


def remove_task(
    production_id: int, task_id: str, expected_version: int, db: Database, *, by: str | None
) -> int:
    """Remove the task with its links; the production's new version. Refused while a brief, a
    confirmation or a notes round names it."""
    return _edit(
        production_id, _task(task_id), expected_version, db, by, lambda p: editing.remove_task(p, task_id)
    )


def save_link(
    production_id: int, link: Link, expected_version: int | None, db: Database, *, by: str | None
) -> int:
    """Add the link (`expected_version` None) or change the one between the same two tasks; the
    link's new version."""
    item = _link(link.predecessor, link.successor)
    return _edit(production_id, item, expected_version, db, by, lambda p: editing.save_link(p, link))


def remove_link(
    production_id: int,
    predecessor: str,
    successor: str,
    expected_version: int,
    db: Database,
    *,
    by: str | None,
) -> int:
    """Remove the link between the two tasks; the production's new version."""
    item = _link(predecessor, successor)
    return _edit(
        production_id,
        item,
        expected_version,
        db,
        by,
        lambda p: editing.remove_link(p, predecessor, successor),
    )


def save_resource(
    production_id: int, resource: Resource, expected_version: int | None, db: Database, *, by: str | None
) -> int:
    """Add the resource (`expected_version` None) or change the one with its id; its new version."""
    item = _resource(resource.id)
    return _edit(production_id, item, expected_version, db, by, lambda p: editing.save_resource(p, resource))


def remove_resource(
    production_id: int, resource_id: str, expected_version: int, db: Database, *, by: str | None
) -> int:
    """Remove the resource; the production's new version. Refused while tasks are assigned to it."""
    item = _resource(resource_id)
    return _edit(
        production_id, item, expected_version, db, by, lambda p: editing.remove_resource(p, resource_id)
    )


def replace_plan(
    production_id: int, plan: Plan, expected_version: int, db: Database, *, by: str | None
) -> int:
    """Replace the whole plan if the production is still at `expected_version`; its new version.
    Tasks, links and resources equal to those held keep their versions (wherever they moved to);
    only the rows that changed are written."""
    checked = _checked(plan, "plan")
    with _engine(db) as engine, UnitOfWork(engine, by=by) as uow:
        held = uow.productions.take(production_id, expected_version)
        written = uow.productions.revise(held, checked)
        uow.commit()
    return written.version


def delete_production(
    production_id: int, expected_version: int, db: Database, *, by: str, audit_key: bytes = b""
) -> None:
    """Remove the production with everything in it (its members and its audit log go with it), if
    it is still at `expected_version`. The deletion itself is written to the accounts-wide audit
    log (its chain outlives the production), in the same transaction."""
    with _engine(db) as engine, engine.begin() as connection:
        title = ProductionRepository(connection).get(production_id).plan.production.title
        ProductionRepository(connection, by=by).delete(production_id, expected_version)
        AuditRepository(connection, key=audit_key).append(
            ACCOUNTS_CHAIN,
            when=datetime.now(UTC),
            who=by,
            production=production_id,
            action=AuditAction.DELETE_PRODUCTION,
            subject=f"production {production_id}",
            detail=f"{title!r} deleted at version {expected_version}",
        )


def _edit(
    production_id: int,
    item: _Item,
    expected_version: int | None,
    db: Database,
    by: str | None,
    change: Callable[[Plan], Plan],
) -> int:
    """Apply `change` to the production's plan if `item` is still at `expected_version` (None: the
    item must not exist yet); the item's new version, or the production's when the item is gone."""
    with _engine(db) as engine, UnitOfWork(engine, by=by) as uow:
        held = uow.productions.take(production_id)
        _check_version(held, item, expected_version)
        plan = _checked(change(held.plan), "edit")
        written = uow.productions.revise(held, plan)
        uow.commit()
    stamp = item.stamp(written)
    return written.version if stamp is None else stamp.version


def _check_version(held: StoredProduction, item: _Item, expected: int | None) -> None:
    stamp = item.stamp(held)
    what = item.what(held.id)
    if expected is None:
        if stamp is not None:  # someone added it first
            raise EditConflict(what, 0, stamp.version, stamp.updated_by, when(stamp.updated_at))
        return
    if stamp is None:
        raise NotFound(what)
    if stamp.version != expected:
        raise EditConflict(what, expected, stamp.version, stamp.updated_by, when(stamp.updated_at))
