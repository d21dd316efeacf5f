"""Writing an edited plan over the one held, touching only the rows that changed.

An edit changes one item of a plan that may hold tens of thousands. `revise` compares the rows
of the plan held with the rows of the edited plan and writes only the difference: a changed
task is one UPDATE of its row (with its version raised) and its assignments and constraints
written again; an added one is inserted after the last; a removed one is deleted. Tables of
other things (baselines, briefs...) are rewritten whole when their rows differ, which edits of
tasks, links and resources seldom cause. Items unchanged keep their version and stamp: only
what an edit changed goes up a version, so nobody else's edit of another item is made stale.
Positions only order the rows (a removal leaves a gap; reading sorts by them).

The caller holds the production's row (`ProductionRepository.take`) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from picturelock.adapters.db import tables as t
from picturelock.adapters.db.mapping import Row, from_domain
from picturelock.adapters.db.repository import Stamp, StoredProduction
from picturelock.domain.plan import Plan

Rows = Mapping[sa.Table, Sequence[Row]]
Children = tuple[tuple[sa.Table, str], ...]  # (table, the column naming the item the row belongs to)

# The versioned items: their key columns and the tables of rows that belong to each of them.
ITEMS: Mapping[sa.Table, tuple[tuple[str, ...], Children]] = {
    t.tasks: (("key",), ((t.assignments, "task"), (t.constraints, "task"))),
    t.links: (("predecessor", "successor"), ()),
    t.resources: (("key",), ((t.leave, "resource"),)),
}
_CHILDREN = frozenset(child for _, children in ITEMS.values() for child, _ in children)


def revise(connection: sa.Connection, held: StoredProduction, plan: Plan, fresh: Stamp) -> StoredProduction:
    """Write `plan` over `held`; `fresh` is the stamp of a new or changed item (its version is
    1 for a new one, one up for a changed one). The production as now held."""
    head_before, before = from_domain(held.plan)
    head, after = from_domain(plan)
    if head != head_before:
        connection.execute(sa.update(t.productions).where(t.productions.c.id == held.id).values(head))
    writer = _Writer(connection, held.id, fresh)
    held_stamps: Mapping[sa.Table, Mapping[Any, Stamp]] = {
        t.tasks: held.tasks,
        t.links: held.links,
        t.resources: held.resources,
    }
    stamps = {table: writer.items(table, before, after, held_stamps[table]) for table in ITEMS}
    writer.others(before, after)
    return StoredProduction(
        held.id, plan, held.stamp, tasks=stamps[t.tasks], links=stamps[t.links], resources=stamps[t.resources]
    )


def _key_of(columns: tuple[str, ...]) -> Callable[[Mapping[str, Any]], Any]:
    if len(columns) == 1:
        return lambda row: row[columns[0]]
    return lambda row: tuple(row[c] for c in columns)


def _sans_position(row: Row) -> Row:
    return {k: v for k, v in row.items() if k != "position"}


def _by_owner(rows: Iterable[Row], column: str) -> dict[Any, list[Row]]:
    found: dict[Any, list[Row]] = {}
    for row in rows:
        found.setdefault(row[column], []).append(row)
    return found


def _stamp_values(stamp: Stamp) -> Row:
    return {"version": stamp.version, "updated_by": stamp.updated_by, "updated_at": stamp.updated_at}


class _Writer:
    """The writes of one revision of one production."""

    def __init__(self, connection: sa.Connection, production_id: int, fresh: Stamp) -> None:
        self._db = connection
        self._id = production_id
        self._fresh = fresh

    def items(
        self, table: sa.Table, before: Rows, after: Rows, held: Mapping[Any, Stamp]
    ) -> dict[Any, Stamp]:
        """Write the versioned items of `table` that changed; every item's stamp after."""
        columns, children = ITEMS[table]
        key = _key_of(columns)
        old = {key(r): r for r in before.get(table, [])}
        new = {key(r): r for r in after.get(table, [])}
        old_kids = {child: _by_owner(before.get(child, []), column) for child, column in children}
        new_kids = {child: _by_owner(after.get(child, []), column) for child, column in children}

        def same(k: Any) -> bool:
            return _sans_position(old[k]) == _sans_position(new[k]) and all(
                old_kids[child].get(k, []) == new_kids[child].get(k, []) for child, _ in children
            )

        changed = [k for k in new if k in old and not same(k)]
        added = [k for k in new if k not in old]
        stamps = {k: held[k] for k in new if k in old}
        stamps |= {
            k: Stamp(held[k].version + 1, self._fresh.updated_by, self._fresh.updated_at) for k in changed
        }
        stamps |= dict.fromkeys(added, self._fresh)
        if list(new) != [k for k in old if k in new] + added:  # reordered: write the table again
            self._rewrite(table, children, after, key, stamps)
            return stamps
        for k in (k for k in old if k not in new):
            self._delete(table, columns, children, k)
        for k in changed:
            self._update(table, columns, new[k], stamps[k])
            self._replace_children(children, k, new_kids)
        self._append(table, [new[k] for k in added], [stamps[k] for k in added])
        for k in added:
            self._insert_children(children, k, new_kids)
        return stamps

    def others(self, before: Rows, after: Rows) -> None:
        """Rewrite the unversioned tables whose rows differ (and those whose rows belong to them)."""
        changed: set[sa.Table] = set()
        for table in reversed(t.PLAN_TABLES):  # parents before children
            if table in ITEMS or table in _CHILDREN:
                continue
            parents = {fk.column.table for fk in table.foreign_keys}
            if before.get(table, []) != after.get(table, []) or parents & changed:
                changed.add(table)
        for table in t.PLAN_TABLES:  # children before parents
            if table in changed:
                self._db.execute(sa.delete(table).where(table.c.production_id == self._id))
        for table in reversed(t.PLAN_TABLES):
            if table in changed:
                self._insert(table, after.get(table, []))

    # --- rows ----------------------------------------------------------------------------------

    def _where(self, table: sa.Table, columns: tuple[str, ...], k: Any) -> list[Any]:
        values = (k,) if len(columns) == 1 else k
        return [
            table.c.production_id == self._id,
            *(table.c[c] == v for c, v in zip(columns, values, strict=True)),
        ]

    def _delete(self, table: sa.Table, columns: tuple[str, ...], children: Children, k: Any) -> None:
        for child, column in children:
            self._db.execute(sa.delete(child).where(child.c.production_id == self._id, child.c[column] == k))
        self._db.execute(sa.delete(table).where(*self._where(table, columns, k)))

    def _update(self, table: sa.Table, columns: tuple[str, ...], row: Row, stamp: Stamp) -> None:
        values = {c: v for c, v in row.items() if c not in columns and c != "position"}
        self._db.execute(
            sa.update(table)
            .where(*self._where(table, columns, row_key(row, columns)))
            .values(values | _stamp_values(stamp))
        )

    def _replace_children(
        self, children: Children, k: Any, rows: Mapping[sa.Table, Mapping[Any, list[Row]]]
    ) -> None:
        for child, column in children:
            self._db.execute(sa.delete(child).where(child.c.production_id == self._id, child.c[column] == k))
        self._insert_children(children, k, rows)

    def _insert_children(
        self, children: Children, k: Any, rows: Mapping[sa.Table, Mapping[Any, list[Row]]]
    ) -> None:
        for child, _ in children:
            self._insert(child, rows[child].get(k, []))

    def _append(self, table: sa.Table, rows: Sequence[Row], stamps: Sequence[Stamp]) -> None:
        """Insert new items after the last one held (positions may have gaps)."""
        if not rows:
            return
        last = self._db.execute(
            sa.select(sa.func.max(table.c.position)).where(table.c.production_id == self._id)
        ).scalar_one()
        first = 0 if last is None else int(last) + 1
        self._insert(
            table,
            [
                row | {"position": first + i} | _stamp_values(s)
                for i, (row, s) in enumerate(zip(rows, stamps, strict=True))
            ],
        )

    def _rewrite(
        self,
        table: sa.Table,
        children: Children,
        after: Rows,
        key: Callable[[Row], Any],
        stamps: Mapping[Any, Stamp],
    ) -> None:
        for child, _ in children:
            self._db.execute(sa.delete(child).where(child.c.production_id == self._id))
        self._db.execute(sa.delete(table).where(table.c.production_id == self._id))
        self._insert(table, [row | _stamp_values(stamps[key(row)]) for row in after.get(table, [])])
        for child, _ in children:
            self._insert(child, after.get(child, []))

    def _insert(self, table: sa.Table, rows: Sequence[Row]) -> None:
        if rows:
            self._db.execute(sa.insert(table), [row | {"production_id": self._id} for row in rows])


def row_key(row: Row, columns: tuple[str, ...]) -> Any:
    return row[columns[0]] if len(columns) == 1 else tuple(row[c] for c in columns)
