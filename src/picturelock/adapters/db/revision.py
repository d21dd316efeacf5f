"""Writing an edited plan over the one held, touching only what changed.

An edit changes one item of a plan that may hold tens of thousands. `revise` compares the plan
held with the edited plan value by value (the pure edits keep every unchanged value as it was,
so most comparisons are by identity) and writes only the difference: a changed task is one
UPDATE of its row, with its version raised and its assignments and constraints written again;
an added one is inserted after the last; a removed one is deleted. Any other section (calendars,
baselines, briefs...) is rewritten whole when it differs, which edits of tasks, links and
resources seldom cause. Items unchanged keep their version and stamp: only what an edit changed
goes up a version, so nobody else's edit of another item is made stale. Positions only order
the rows (a removal leaves a gap; reading sorts by them). Only the text of what changed is
checked for what the databases cannot hold (the rest was checked when it was stored).

The caller holds the production's row (`ProductionRepository.take`) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa

from picturelock.adapters.db import tables as t
from picturelock.adapters.db.mapping import Row, from_domain, text_problems
from picturelock.adapters.db.repository import Stamp, StoredProduction
from picturelock.domain.errors import InvalidInput
from picturelock.domain.plan import Plan

Rows = Mapping[sa.Table, Sequence[Row]]


@dataclass(frozen=True, slots=True)
class Items:
    """A section of versioned items: its table, key columns, the key of an item, the tables of
    rows that belong to each item (with the column naming it), and how an item is named."""

    table: sa.Table
    columns: tuple[str, ...]
    key: Callable[[Any], Any]
    children: tuple[tuple[sa.Table, str], ...]
    name: Callable[[Any], str]


ITEMS: Mapping[str, Items] = {
    "tasks": Items(
        t.tasks,
        ("key",),
        lambda x: x.id,
        ((t.assignments, "task"), (t.constraints, "task")),
        lambda k: f"task {k!r}",
    ),
    "links": Items(
        t.links,
        ("predecessor", "successor"),
        lambda x: (x.predecessor, x.successor),
        (),
        lambda k: f"link {k[0]!r} -> {k[1]!r}",
    ),
    "resources": Items(
        t.resources, ("key",), lambda x: x.id, ((t.leave, "resource"),), lambda k: f"resource {k!r}"
    ),
}
# Every other section of a plan, with its tables (parents first).
SECTIONS: Mapping[str, tuple[sa.Table, ...]] = {
    "calendars": (t.calendars, t.shutdowns, t.extra_working_days),
    "people": (t.people,),
    "groups": (t.groups,),
    "baselines": (t.baselines, t.baseline_entries),
    "agreements": (t.agreements, t.sign_offs),
    "briefs": (t.briefs, t.brief_tasks, t.acknowledgements),
    "confirmations": (t.confirmations,),
    "notes_rounds": (t.notes_rounds,),
}
HEAD = ("production", "project_calendar", "status_date", "escalation")


def revise(connection: sa.Connection, held: StoredProduction, plan: Plan, fresh: Stamp) -> StoredProduction:
    """Write `plan` over `held`; `fresh` is the stamp of a new item (a changed one goes one
    version up with fresh's who and when). The production as now held."""
    before = held.plan
    deltas = {name: _delta(spec, getattr(before, name), getattr(plan, name)) for name, spec in ITEMS.items()}
    changed_sections = [s for s in SECTIONS if getattr(before, s) != getattr(plan, s)]
    _check_text(plan, deltas, changed_sections)
    writer = _Writer(connection, held.id, fresh)
    if any(getattr(before, h) != getattr(plan, h) for h in HEAD):
        head, _ = from_domain(_bare(plan))
        connection.execute(sa.update(t.productions).where(t.productions.c.id == held.id).values(head))
    stamps = {
        name: writer.items(spec, deltas[name], getattr(held, name), plan, getattr(plan, name))
        for name, spec in ITEMS.items()
    }
    for section in changed_sections:
        writer.section(SECTIONS[section], _rows(plan, section, getattr(plan, section)))
    return StoredProduction(
        held.id, plan, held.stamp, tasks=stamps["tasks"], links=stamps["links"], resources=stamps["resources"]
    )


@dataclass(frozen=True, slots=True)
class _Delta:
    new: Mapping[Any, Any]  # every item after, by key, in order
    changed: list[Any]
    added: list[Any]
    removed: list[Any]
    reordered: bool


def _delta(spec: Items, old_items: Sequence[Any], new_items: Sequence[Any]) -> _Delta:
    old = {spec.key(x): x for x in old_items}
    new = {spec.key(x): x for x in new_items}
    changed = [k for k, x in new.items() if k in old and old[k] is not x and old[k] != x]
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    reordered = list(new) != [k for k in old if k in new] + added
    return _Delta(new, changed, added, removed, reordered)


def _bare(plan: Plan) -> Plan:
    """The plan with no items: its production row alone."""
    empty: dict[str, Any] = dict.fromkeys((*ITEMS, *SECTIONS), ())
    return replace(plan, **empty)


def _rows(plan: Plan, section: str, items: Sequence[Any]) -> dict[sa.Table, list[Row]]:
    """The rows of `items` of one section (positions as in `items`)."""
    only: dict[str, Any] = {section: tuple(items)}
    _, rows = from_domain(replace(_bare(plan), **only))
    return {table: list(found) for table, found in rows.items()}


def _check_text(plan: Plan, deltas: Mapping[str, _Delta], sections: Sequence[str]) -> None:
    """Refuse text the databases cannot hold, in what changed: each item named by its id."""
    problems = []
    for name, delta in deltas.items():
        keys = delta.changed + delta.added
        only: dict[str, Any] = {name: tuple(delta.new[k] for k in keys)}
        found = text_problems(replace(_bare(plan), **only), "database")
        for problem in found:
            index = int(problem.field.split("[", 1)[1].split("]", 1)[0])
            where = ITEMS[name].name(keys[index])
            problems.append(replace(problem, field=problem.field.replace(f"{name}[{index}]", where, 1)))
    whole: dict[str, Any] = {section: getattr(plan, section) for section in sections}
    problems += text_problems(replace(_bare(plan), **whole), "database")
    if problems:
        raise InvalidInput(problems)


def _stamp_values(stamp: Stamp) -> Row:
    return {"version": stamp.version, "updated_by": stamp.updated_by, "updated_at": stamp.updated_at}


def _by_owner(rows: Iterable[Row], column: str) -> dict[Any, list[Row]]:
    found: dict[Any, list[Row]] = {}
    for row in rows:
        found.setdefault(row[column], []).append(row)
    return found


class _Writer:
    """The writes of one revision of one production."""

    def __init__(self, connection: sa.Connection, production_id: int, fresh: Stamp) -> None:
        self._db = connection
        self._id = production_id
        self._fresh = fresh

    def items(
        self, spec: Items, delta: _Delta, held: Mapping[Any, Stamp], plan: Plan, section: Sequence[Any]
    ) -> Mapping[Any, Stamp]:
        """Write the items of one section that changed; every item's stamp after."""
        if not (delta.changed or delta.added or delta.removed or delta.reordered):
            return held
        moved_up = Stamp(0, self._fresh.updated_by, self._fresh.updated_at)
        stamps = {k: held[k] for k in delta.new if k not in delta.added}
        stamps |= {k: replace(moved_up, version=held[k].version + 1) for k in delta.changed}
        stamps |= dict.fromkeys(delta.added, self._fresh)
        name = next(n for n, s in ITEMS.items() if s is spec)
        if delta.reordered:  # write the whole section again, in its new order
            self._rewrite(spec, _rows(plan, name, section), stamps)
            return stamps
        for k in delta.removed:
            self._delete_children(spec, k)
            self._db.execute(sa.delete(spec.table).where(*self._where(spec, k)))
        keys = delta.changed + delta.added
        rows = _rows(plan, name, [delta.new[k] for k in keys])
        by_key = {spec.key(delta.new[k]): row for k, row in zip(keys, rows.get(spec.table, []), strict=True)}
        kids = {child: _by_owner(rows.get(child, []), column) for child, column in spec.children}
        for k in delta.changed:
            values = {c: v for c, v in by_key[k].items() if c not in spec.columns and c != "position"}
            self._db.execute(
                sa.update(spec.table).where(*self._where(spec, k)).values(values | _stamp_values(stamps[k]))
            )
            self._delete_children(spec, k)
        self._append(spec.table, [by_key[k] for k in delta.added], [stamps[k] for k in delta.added])
        for child, _ in spec.children:
            self._insert(child, [row for k in keys for row in kids[child].get(k, [])])
        return stamps

    def section(self, tables: Sequence[sa.Table], rows: Rows) -> None:
        """Write one unversioned section again, whole."""
        for table in reversed(tables):  # rows that belong to others first
            self._db.execute(sa.delete(table).where(table.c.production_id == self._id))
        for table in tables:
            self._insert(table, rows.get(table, []))

    # --- rows ----------------------------------------------------------------------------------

    def _where(self, spec: Items, k: Any) -> list[Any]:
        values = (k,) if len(spec.columns) == 1 else k
        columns = zip(spec.columns, values, strict=True)
        return [spec.table.c.production_id == self._id, *(spec.table.c[c] == v for c, v in columns)]

    def _delete_children(self, spec: Items, k: Any) -> None:
        for child, column in spec.children:
            self._db.execute(sa.delete(child).where(child.c.production_id == self._id, child.c[column] == k))

    def _append(self, table: sa.Table, rows: Sequence[Row], stamps: Sequence[Stamp]) -> None:
        """Insert new items after the last one held (positions may have gaps)."""
        if not rows:
            return
        last = self._db.execute(
            sa.select(sa.func.max(table.c.position)).where(table.c.production_id == self._id)
        ).scalar_one()
        first = 0 if last is None else int(last) + 1
        pairs = enumerate(zip(rows, stamps, strict=True))
        self._insert(table, [row | {"position": first + i} | _stamp_values(s) for i, (row, s) in pairs])

    def _rewrite(self, spec: Items, rows: Rows, stamps: Mapping[Any, Stamp]) -> None:
        for child, _ in spec.children:
            self._db.execute(sa.delete(child).where(child.c.production_id == self._id))
        self._db.execute(sa.delete(spec.table).where(spec.table.c.production_id == self._id))
        key = _row_key(spec.columns)
        self._insert(spec.table, [row | _stamp_values(stamps[key(row)]) for row in rows.get(spec.table, [])])
        for child, _ in spec.children:
            self._insert(child, rows.get(child, []))

    def _insert(self, table: sa.Table, rows: Sequence[Row]) -> None:
        if rows:
            self._db.execute(sa.insert(table), [row | {"production_id": self._id} for row in rows])


def _row_key(columns: tuple[str, ...]) -> Callable[[Row], Any]:
    if len(columns) == 1:
        return lambda row: row[columns[0]]
    return lambda row: tuple(row[c] for c in columns)
