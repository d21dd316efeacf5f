"""Any sequence of edits, written row by row (adapters.db.revision), reads back as the plan the
pure edits give, and raises the version of exactly the items it changed (an edit that changes
nothing raises none)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from picturelock.adapters.db.engine import make_engine
from picturelock.domain import editing as pure
from picturelock.domain.errors import DomainError
from picturelock.domain.plan import Assignment, Link, LinkType, Plan, Resource, ResourceKind, Task
from picturelock.domain.validation import plan_problems
from picturelock.services import editing
from picturelock.services.plans import load_plan
from picturelock.services.productions import get_production, import_plan, upgrade_database

SMALL_PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "small_plan.yaml"
START = date(2027, 1, 4)


@dataclass(frozen=True)
class Edit:
    """One edit: what it does to a plan (pure), how the service does it, the item it names."""

    name: str
    pure: Callable[[Plan], Plan]
    service: Callable[[int, Any, dict[Any, int]], object]  # (production, db, versions of its kind)
    item: tuple[str, Any]


def _pick(plan_items: tuple[Any, ...], index: int) -> Any:
    return plan_items[index % len(plan_items)] if plan_items else None


@st.composite
def edits(draw: st.DrawFn, plan: Plan) -> Edit | None:
    kind = draw(
        st.sampled_from(
            [
                "move",
                "progress",
                "lag",
                "link",
                "unlink",
                "task",
                "untask",
                "capacity",
                "resource",
                "unresource",
            ]
        )
    )
    i, j = draw(st.integers(0, 50)), draw(st.integers(0, 50))
    day = START + timedelta(days=draw(st.integers(0, 90)))
    task, other = _pick(plan.tasks, i), _pick(plan.tasks, j)
    link, resource = _pick(plan.links, i), _pick(plan.resources, i)
    new_id = f"new-{draw(st.integers(0, 10**6))}"
    if kind == "move" and task:
        return Edit(
            kind,
            lambda p: pure.move_task(p, task.id, day),
            lambda pid, db, vs: editing.move_task(pid, task.id, day, vs[task.id], db, by="x"),
            ("tasks", task.id),
        )
    if kind == "progress" and task:
        return Edit(
            kind,
            lambda p: pure.record_progress(
                p, task.id, actual_start=START, actual_finish=None, remaining_days=Decimal(1)
            ),
            lambda pid, db, vs: editing.record_progress(
                pid,
                task.id,
                actual_start=START,
                actual_finish=None,
                remaining_days=Decimal(1),
                expected_version=vs[task.id],
                db=db,
                by="x",
            ),
            ("tasks", task.id),
        )
    if kind == "lag" and link:
        changed = replace(
            link, lag_days=Decimal(draw(st.integers(0, 4))), type=draw(st.sampled_from(list(LinkType)))
        )
        key = (link.predecessor, link.successor)
        return Edit(
            kind,
            lambda p: pure.save_link(p, changed),
            lambda pid, db, vs: editing.save_link(pid, changed, vs[key], db, by="x"),
            ("links", key),
        )
    if kind == "link" and task and other:
        new = Link(task.id, other.id)
        return Edit(
            kind,
            lambda p: pure.save_link(p, new),
            lambda pid, db, vs: editing.save_link(pid, new, None, db, by="x"),
            ("links", (task.id, other.id)),
        )
    if kind == "unlink" and link:
        key = (link.predecessor, link.successor)
        return Edit(
            kind,
            lambda p: pure.remove_link(p, *key),
            lambda pid, db, vs: editing.remove_link(pid, *key, vs[key], db, by="x"),
            ("links", key),
        )
    if kind == "task":
        assign = (Assignment(resource.id),) if resource else ()
        new_task = Task(new_id, "New", Decimal(draw(st.integers(0, 5))), assignments=assign)
        return Edit(
            kind,
            lambda p: pure.add_task(p, new_task),
            lambda pid, db, vs: editing.add_task(pid, new_task, db, by="x"),
            ("tasks", new_id),
        )
    if kind == "untask" and task:
        return Edit(
            kind,
            lambda p: pure.remove_task(p, task.id),
            lambda pid, db, vs: editing.remove_task(pid, task.id, vs[task.id], db, by="x"),
            ("tasks", task.id),
        )
    if kind == "capacity" and resource:
        changed_r = replace(resource, capacity=Decimal(draw(st.integers(1, 3))))
        return Edit(
            kind,
            lambda p: pure.save_resource(p, changed_r),
            lambda pid, db, vs: editing.save_resource(pid, changed_r, vs[resource.id], db, by="x"),
            ("resources", resource.id),
        )
    if kind == "resource":
        new_r = Resource(new_id, "New", ResourceKind.KIT)
        return Edit(
            kind,
            lambda p: pure.save_resource(p, new_r),
            lambda pid, db, vs: editing.save_resource(pid, new_r, None, db, by="x"),
            ("resources", new_id),
        )
    if kind == "unresource" and resource:
        return Edit(
            kind,
            lambda p: pure.remove_resource(p, resource.id),
            lambda pid, db, vs: editing.remove_resource(pid, resource.id, vs[resource.id], db, by="x"),
            ("resources", resource.id),
        )
    return None


def _versions(stored: Any) -> dict[str, dict[Any, int]]:
    return {
        kind: {k: s.version for k, s in getattr(stored, kind).items()}
        for kind in ("tasks", "links", "resources")
    }


@pytest.fixture(scope="module")
def small_plan() -> Plan:
    return load_plan(SMALL_PLAN)


@pytest.fixture(scope="module")
def revision_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sa.Engine]:
    """One SQLite file and one engine for every example (each example imports its own production)."""
    db = str(tmp_path_factory.mktemp("revision") / "p.db")
    upgrade_database(db)
    engine = make_engine(db)
    yield engine
    engine.dispose()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def test_edits_written_row_by_row_read_back_as_the_pure_edits_give(
    revision_db: sa.Engine, small_plan: Plan, data: st.DataObject
) -> None:
    db = revision_db
    production = import_plan(small_plan, db)
    expected = get_production(production, db).plan
    for _ in range(data.draw(st.integers(1, 6))):
        before = get_production(production, db)
        edit = data.draw(edits(expected))
        if edit is None:
            continue
        try:
            wanted = edit.pure(expected)
            problems = plan_problems(wanted, "edit")
        except DomainError:
            wanted, problems = None, ["refused"]
        kind, key = edit.item
        versions = {k: s.version for k, s in getattr(before, kind).items()}
        try:
            edit.service(production, db, versions)
            done = True
        except DomainError:
            done = False
        after = get_production(production, db)
        adds = edit.name in ("link", "task", "resource")
        assert done == (not problems and not (adds and key in getattr(before, kind))), (edit.name, problems)
        if not done:
            assert after == before, "a refused edit writes nothing"
            continue
        assert after.plan == wanted
        old, new = _versions(before), _versions(after)
        for section in ("tasks", "links", "resources"):
            for item, version in new[section].items():
                if item not in old[section]:
                    assert version == 1, (edit.name, section, item)
                    continue
                changed = _item(before.plan, section, item) != _item(after.plan, section, item)
                assert version == old[section][item] + (1 if changed else 0), (edit.name, section, item)
        expected = wanted


def _item(plan: Plan, section: str, key: Any) -> Any:
    if section == "tasks":
        return plan.task(key)
    if section == "resources":
        return plan.resource(key)
    return pure.find_link(plan, *key)


def test_every_table_of_a_plan_is_written_by_one_section() -> None:
    from picturelock.adapters.db import tables
    from picturelock.adapters.db.revision import ITEMS, SECTIONS

    written = [spec.table for spec in ITEMS.values()]
    written += [child for spec in ITEMS.values() for child, _ in spec.children]
    written += [table for section in SECTIONS.values() for table in section]
    assert sorted(t.name for t in written) == sorted(t.name for t in tables.PLAN_TABLES)
    assert set(SECTIONS) | set(ITEMS) == {
        f.name
        for f in fields(Plan)
        if isinstance(getattr(Plan, f.name, None), property) or f.type.startswith("tuple")
    }


def test_text_a_database_cannot_hold_is_refused_in_what_changed_named_by_its_id(
    revision_db: sa.Engine, small_plan: Plan
) -> None:
    production = import_plan(small_plan, revision_db)
    bad = Task("titles", "Titles\x00", Decimal(1))
    with pytest.raises(DomainError) as caught:
        editing.add_task(production, bad, revision_db, by="x")
    assert [p.field for p in caught.value.problems] == ["task 'titles'.name"]  # type: ignore[attr-defined]
    assert "titles" not in get_production(production, revision_db).tasks
