"""ProductionRepository: plans in the database, with optimistic concurrency.

Every change names the version it was based on. A production's `version` goes up with every
change to anything in it; a task's, link's or resource's own `version` goes up when that item
changes. An edit based on a stale version raises `EditConflict` naming what changed, who changed
it and when, and writes nothing. The repository works on a connection inside a transaction that
a `UnitOfWork` owns: it never commits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, NoReturn

import sqlalchemy as sa

from picturelock.adapters.db import tables as t
from picturelock.adapters.db.mapping import Row, from_domain, task_row, text_problems, to_domain
from picturelock.domain.errors import DomainError, EditConflict, InvalidInput, NotFound
from picturelock.domain.plan import Link, Plan, Production, Resource, Task

Clock = Callable[[], datetime]
READ_ATTEMPTS = 10  # a read that overlapped a commit is read again, this many times at most


@dataclass(frozen=True, slots=True)
class Stamp:
    """An item's version and who changed it last, when (None where unknown)."""

    version: int
    updated_by: str | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StoredProduction:
    """A production as held: its plan, its version and the versions of its editable items."""

    id: int
    plan: Plan
    stamp: Stamp
    tasks: Mapping[str, Stamp] = field(default_factory=dict)
    links: Mapping[tuple[str, str], Stamp] = field(default_factory=dict)
    resources: Mapping[str, Stamp] = field(default_factory=dict)

    @property
    def version(self) -> int:
        return self.stamp.version


@dataclass(frozen=True, slots=True)
class ProductionSummary:
    id: int
    title: str
    format: str
    start: date
    version: int
    updated_by: str | None
    updated_at: datetime | None


def _utc_now() -> datetime:
    return datetime.now(UTC)


def when(moment: datetime | None) -> str | None:
    """A stored time as users read it (UTC; SQLite gives it back without its zone)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class ProductionRepository:
    """Productions held in the database behind `connection` (a transaction is open on it)."""

    def __init__(self, connection: sa.Connection, *, by: str | None = None, clock: Clock = _utc_now) -> None:
        self._db = connection
        self._by = by
        self._clock = clock

    # --- reading ---------------------------------------------------------------------------

    def list(self) -> list[ProductionSummary]:
        p = t.productions.c
        query = sa.select(p.id, p.title, p.format, p.start, p.version, p.updated_by, p.updated_at)
        return [ProductionSummary(*row) for row in self._db.execute(query.order_by(p.id))]

    def get(self, production_id: int) -> StoredProduction:
        """The production, read whole; a read that overlapped someone's commit is read again."""
        for _ in range(READ_ATTEMPTS):
            stored = self._read(production_id)
            if self._stamp(production_id).version == stored.version:
                return stored
        raise DomainError(f"production {production_id} kept changing while it was read: try again")

    def stamp(self, production_id: int) -> Stamp:
        """The production's version and who changed it last (one small read)."""
        return self._stamp(production_id)

    def _stamp(self, production_id: int) -> Stamp:
        p = t.productions.c
        row = self._db.execute(
            sa.select(p.version, p.updated_by, p.updated_at).where(p.id == production_id)
        ).one_or_none()
        if row is None:
            raise NotFound(f"production {production_id}")
        return Stamp(*row)

    def _read(self, production_id: int) -> StoredProduction:
        production = self._db.execute(
            sa.select(t.productions).where(t.productions.c.id == production_id)
        ).one_or_none()
        if production is None:
            raise NotFound(f"production {production_id}")
        rows = {
            table: self._rows(sa.select(table).where(table.c.production_id == production_id))
            for table in t.PLAN_TABLES
        }
        head = production._asdict()
        return StoredProduction(
            id=production_id,
            plan=to_domain(head, rows),
            stamp=_stamp_of(head),
            tasks={r["key"]: _stamp_of(r) for r in rows[t.tasks]},
            links={(r["predecessor"], r["successor"]): _stamp_of(r) for r in rows[t.links]},
            resources={r["key"]: _stamp_of(r) for r in rows[t.resources]},
        )

    def _rows(self, query: sa.Select[Any]) -> Sequence[Row]:
        """The rows as dicts (a season is tens of thousands: Row._asdict costs several times more)."""
        result = self._db.execute(query)
        keys = tuple(result.keys())
        return [dict(zip(keys, row, strict=True)) for row in result.fetchall()]

    # --- writing ---------------------------------------------------------------------------

    def add(self, plan: Plan) -> int:
        """Hold a new production for `plan`; its id. Text the databases cannot hold is refused."""
        _check_text(plan)
        head, rows = from_domain(plan)
        now = self._clock()
        head |= {"created_at": now, "version": 1, "updated_by": self._by, "updated_at": now}
        insert = sa.insert(t.productions).values(head).returning(t.productions.c.id)
        production_id = int(self._db.execute(insert).scalar_one())
        stamp = Stamp(1, self._by, now)
        self._insert(production_id, rows, lambda table, row: stamp)
        return production_id

    def update(self, production_id: int, plan: Plan, expected_version: int) -> int:
        """Replace the production's plan, if it is still at `expected_version`; the new version.

        Tasks, links and resources that did not change keep their version and stamp."""
        _check_text(plan)
        old = self.get(production_id)
        if old.version != expected_version:
            self._conflict(f"production {production_id}", expected_version, old.stamp)
        head, rows = from_domain(plan)
        now = self._clock()
        new_version = self._bump_production(production_id, expected_version, head, now)
        for table in t.PLAN_TABLES:
            self._db.execute(sa.delete(table).where(table.c.production_id == production_id))
        fresh = Stamp(1, self._by, now)
        stamps = _kept_stamps(old, plan, fresh)
        self._insert(production_id, rows, lambda table, row: stamps(table, row))
        return new_version

    def update_task(self, production_id: int, task: Task, expected_version: int) -> int:
        """Write `task` over the task with its id, if that is still at `expected_version`; the
        task's new version. The production's version goes up too, first: every writer takes the
        production's row before any other, so two writers never wait on each other in a circle."""
        _check_text_of(task)
        now = self._clock()
        self._bump_production(production_id, None, {}, now)
        c = t.tasks.c
        changed = self._db.execute(
            sa.update(t.tasks)
            .where(c.production_id == production_id, c.key == task.id, c.version == expected_version)
            .values(
                _task_values(task) | {"version": c.version + 1, "updated_by": self._by, "updated_at": now}
            )
        )
        if changed.rowcount != 1:
            self._task_conflict(production_id, task.id, expected_version)
        for table in (t.assignments, t.constraints):
            self._db.execute(
                sa.delete(table).where(table.c.production_id == production_id, table.c.task == task.id)
            )
        _, rows = from_domain(_only(task))
        self._insert(production_id, {k: rows.get(k, []) for k in (t.assignments, t.constraints)}, _no_stamp)
        return expected_version + 1

    def take(self, production_id: int, expected_version: int | None = None) -> StoredProduction:
        """Hold the production for an edit: its version goes up first (so edits of one production
        queue up on its row rather than interleave), then it is read as it now stands, with the
        stamps its items hold now; an item's version is checked against this read. With
        `expected_version`, the production itself must still be at it (else EditConflict)."""
        self._bump_production(production_id, expected_version, {}, self._clock())
        return self._read(production_id)

    def revise(self, held: StoredProduction, plan: Plan) -> StoredProduction:
        """Write `plan` over `held` (taken by `take` in this transaction), touching only the rows
        that changed and checking only their text (`revision.revise`); items unchanged keep their
        stamps, changed ones go up a version. The production as now held."""
        from picturelock.adapters.db.revision import revise

        return revise(self._db, held, plan, Stamp(1, self._by, self._clock()))

    def delete(self, production_id: int, expected_version: int) -> None:
        """Remove the production and everything in it, if it is still at `expected_version`."""
        p = t.productions.c
        gone = self._db.execute(
            sa.delete(t.productions).where(p.id == production_id, p.version == expected_version)
        )
        if gone.rowcount != 1:
            self._conflict(f"production {production_id}", expected_version, self._stamp(production_id))

    # --- helpers ---------------------------------------------------------------------------

    def _bump_production(self, production_id: int, expected: int | None, values: Row, now: datetime) -> int:
        p = t.productions.c
        where = [p.id == production_id] + ([p.version == expected] if expected is not None else [])
        result = self._db.execute(
            sa.update(t.productions)
            .where(*where)
            .values(values | {"version": p.version + 1, "updated_by": self._by, "updated_at": now})
            .returning(p.version)
        ).one_or_none()
        if result is None:
            self._conflict(f"production {production_id}", expected or 0, self._stamp(production_id))
        return int(result[0])

    def _insert(self, production_id: int, rows: Mapping[sa.Table, Sequence[Row]], stamp: StampFor) -> None:
        for table in reversed(t.PLAN_TABLES):
            items = rows.get(table, ())
            if not items:
                continue
            versioned = "version" in table.c
            values = [
                row
                | {"production_id": production_id}
                | (_stamp_values(stamp(table, row)) if versioned else {})
                for row in items
            ]
            self._db.execute(sa.insert(table), values)

    def _task_conflict(self, production_id: int, task_id: str, expected: int) -> NoReturn:
        c = t.tasks.c
        row = self._db.execute(
            sa.select(c.version, c.updated_by, c.updated_at).where(
                c.production_id == production_id, c.key == task_id
            )
        ).one_or_none()
        what = f"task {task_id!r} of production {production_id}"
        if row is None:
            self._stamp(production_id)  # NotFound when the production itself is gone
        self._conflict(what, expected, None if row is None else Stamp(*row))

    @staticmethod
    def _conflict(what: str, expected: int, current: Stamp | None) -> NoReturn:
        if current is None:
            raise EditConflict(what, expected, None)
        raise EditConflict(what, expected, current.version, current.updated_by, when(current.updated_at))


StampFor = Callable[[sa.Table, Row], Stamp]


def _no_stamp(table: sa.Table, row: Row) -> Stamp:
    raise AssertionError(f"{table.name} rows carry no version")


def _stamp_of(row: Mapping[str, Any]) -> Stamp:
    return Stamp(row["version"], row["updated_by"], row["updated_at"])


def _stamp_values(stamp: Stamp) -> Row:
    return {"version": stamp.version, "updated_by": stamp.updated_by, "updated_at": stamp.updated_at}


def _kept_stamps(old: StoredProduction, plan: Plan, fresh: Stamp) -> StampFor:
    """Stamps for the rows of `plan` replacing `old`: items unchanged in value and place keep
    theirs, changed ones go one version up, new ones start at 1."""
    before = _editable(old.plan)
    after = _editable(plan)
    stamps: dict[sa.Table, Mapping[Any, Stamp]] = {
        t.tasks: old.tasks,
        t.links: old.links,
        t.resources: old.resources,
    }

    def stamp(table: sa.Table, row: Row) -> Stamp:
        key = (row["predecessor"], row["successor"]) if table is t.links else row["key"]
        if key not in before[table]:
            return fresh
        if before[table][key] == after[table][key]:
            return stamps[table][key]
        return Stamp(stamps[table][key].version + 1, fresh.updated_by, fresh.updated_at)

    return stamp


def _editable(plan: Plan) -> dict[sa.Table, dict[Any, tuple[int, Task | Link | Resource]]]:
    """The plan's tasks, links and resources by key, each with its place in its list."""
    return {
        t.tasks: {x.id: (i, x) for i, x in enumerate(plan.tasks)},
        t.links: {(x.predecessor, x.successor): (i, x) for i, x in enumerate(plan.links)},
        t.resources: {x.id: (i, x) for i, x in enumerate(plan.resources)},
    }


def _task_values(task: Task) -> Row:
    """The columns an edit of the task writes (not its key or its place in the plan)."""
    row = task_row(0, task)
    del row["key"], row["position"]
    return row


def _only(task: Task) -> Plan:
    """A plan holding just `task`, to reuse the mapping of its assignments and constraints."""
    production = Production("", "", 1, 0, "", "", None, date(2000, 1, 1))
    return Plan(production, (), (), (task,), ())


def _check_text(plan: Plan) -> None:
    problems = text_problems(plan, "database")
    if problems:
        raise InvalidInput(problems)


def _check_text_of(task: Task) -> None:
    problems = text_problems(_only(task), "database")
    if problems:
        raise InvalidInput(
            [replace(p, field=p.field.replace("tasks[0]", f"task {task.id!r}", 1)) for p in problems]
        )
