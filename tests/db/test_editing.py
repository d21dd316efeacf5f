"""Editing a held production item by item (services.editing), on SQLite and PostgreSQL: each edit
round trip, the second of two edits to one item told who got there first, edits to different
items both standing, refusals naming their places, and nothing written by a refused edit."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from picturelock.adapters.db.accounts import ACCOUNTS_CHAIN, AuditRepository
from picturelock.adapters.db.engine import make_engine
from picturelock.domain.calendar import DateSpan
from picturelock.domain.errors import EditConflict, InvalidInput, NotFound
from picturelock.domain.plan import (
    Constraint,
    ConstraintKind,
    Link,
    LinkType,
    Progress,
    Resource,
    ResourceKind,
    Task,
)
from picturelock.services import editing
from picturelock.services.productions import get_production, import_plan

SNET = ConstraintKind.SNET


@pytest.fixture
def held(small_plan_path: Path, db: str) -> int:
    return import_plan(small_plan_path, db, by="setup")


def test_moving_a_task_sets_its_start_no_earlier_than_and_only_it_goes_up_a_version(
    held: int, db: str
) -> None:
    version = editing.move_task(held, "ep1-grade", date(2027, 3, 1), 1, db, by="maya")
    after = get_production(held, db)
    assert version == after.tasks["ep1-grade"].version == 2
    assert after.plan.task("ep1-grade").constraints == (Constraint(SNET, date(2027, 3, 1)),)
    assert after.tasks["ep1-grade"].updated_by == "maya"
    assert {k for k, s in after.tasks.items() if s.version != 1} == {"ep1-grade"}
    assert {s.version for s in after.links.values()} == {1} and after.version == 2
    editing.move_task(held, "ep1-grade", date(2027, 2, 1), 2, db, by="maya")
    moved = get_production(held, db).plan.task("ep1-grade")
    assert moved.constraints == (Constraint(SNET, date(2027, 2, 1)),), "the earlier SNET is replaced"


def test_moving_keeps_the_other_constraints(held: int, db: str) -> None:
    editing.move_task(held, "wrap", date(2027, 1, 6), 1, db, by="maya")
    assert get_production(held, db).plan.task("wrap").constraints == (Constraint(SNET, date(2027, 1, 6)),)
    editing.move_task(held, "ep1-delivery", date(2027, 2, 1), 1, db, by="maya")
    kinds = [c.kind for c in get_production(held, db).plan.task("ep1-delivery").constraints]
    assert kinds == [SNET, ConstraintKind.MFO]


def test_the_second_of_two_edits_to_one_task_is_told_who_and_writes_nothing(held: int, db: str) -> None:
    editing.move_task(held, "ep1-grade", date(2027, 3, 1), 1, db, by="maya")
    before = get_production(held, db)
    with pytest.raises(EditConflict) as caught:
        editing.record_progress(
            held,
            "ep1-grade",
            actual_start=date(2027, 3, 1),
            actual_finish=None,
            remaining_days=Decimal(1),
            expected_version=1,
            db=db,
            by="tom",
        )
    conflict = caught.value
    assert (conflict.expected_version, conflict.current_version, conflict.changed_by) == (1, 2, "maya")
    assert f"task 'ep1-grade' of production {held}" in str(conflict) and conflict.changed_at
    after = get_production(held, db)
    assert after == before, "maya's move stands; nothing of tom's was written, not even a version"


def test_edits_to_different_items_by_two_people_both_stand(held: int, db: str) -> None:
    editing.move_task(held, "ep1-grade", date(2027, 3, 1), 1, db, by="maya")
    editing.save_link(held, Link("ep1-lock", "ep1-mix", LinkType.FS, Decimal(5)), 1, db, by="tom")
    resource = replace(get_production(held, db).plan.resource("grade-1"), capacity=Decimal(2))
    editing.save_resource(held, resource, 1, db, by="ines")
    after = get_production(held, db)
    assert after.plan.task("ep1-grade").constraints[0].on == date(2027, 3, 1)
    link = next(k for k in after.plan.links if (k.predecessor, k.successor) == ("ep1-lock", "ep1-mix"))
    assert (link.lag_days, link.lag_elapsed) == (Decimal(5), False)
    assert after.plan.resource("grade-1").capacity == 2
    stamps = (after.tasks["ep1-grade"], after.links[("ep1-lock", "ep1-mix")], after.resources["grade-1"])
    assert [(s.version, s.updated_by) for s in stamps] == [(2, "maya"), (2, "tom"), (2, "ines")]
    assert after.version == 4


def test_recording_progress_round_trips_and_bad_progress_names_its_place(held: int, db: str) -> None:
    version = editing.record_progress(
        held,
        "ep1-offline",
        actual_start=date(2027, 1, 4),
        actual_finish=None,
        remaining_days=Decimal("7.5"),
        expected_version=1,
        db=db,
        by="sam",
    )
    assert version == 2
    held_plan = get_production(held, db).plan
    assert held_plan.task("ep1-offline").progress == Progress(date(2027, 1, 4), None, Decimal("7.5"))
    with pytest.raises(InvalidInput) as caught:
        editing.record_progress(
            held,
            "ep1-offline",
            actual_start=date(2027, 1, 8),
            actual_finish=date(2027, 1, 5),
            remaining_days=None,
            expected_version=2,
            db=db,
            by="sam",
        )
    [problem] = caught.value.problems
    assert (problem.place, problem.field) == ("edit", "tasks[1].progress.actual_finish")
    assert get_production(held, db).tasks["ep1-offline"].version == 2


def test_a_started_task_cannot_be_moved(held: int, db: str) -> None:
    editing.record_progress(
        held,
        "wrap",
        actual_start=date(2027, 1, 4),
        actual_finish=date(2027, 1, 4),
        remaining_days=None,
        expected_version=1,
        db=db,
        by="sam",
    )
    with pytest.raises(InvalidInput, match="started on 2027-01-04"):
        editing.move_task(held, "wrap", date(2027, 1, 11), 2, db, by="maya")


def test_a_link_closing_a_loop_is_refused_naming_the_loop(held: int, db: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        editing.save_link(held, Link("ep1-delivery", "wrap"), None, db, by="maya")
    assert any("dependency loop" in p.message for p in caught.value.problems)
    after = get_production(held, db)
    assert after.version == 1 and ("ep1-delivery", "wrap") not in after.links


def test_a_link_added_twice_is_a_conflict_for_the_second(held: int, db: str) -> None:
    assert editing.save_link(held, Link("wrap", "ep1-mix"), None, db, by="maya") == 1
    with pytest.raises(EditConflict) as caught:
        editing.save_link(held, Link("wrap", "ep1-mix", lag_days=Decimal(2)), None, db, by="tom")
    assert caught.value.changed_by == "maya"
    assert f"link 'wrap' -> 'ep1-mix' of production {held} was added by maya at " in str(caught.value)
    assert "change that one instead" in str(caught.value)
    link = next(
        k for k in get_production(held, db).plan.links if k.successor == "ep1-mix" and k.predecessor == "wrap"
    )
    assert link.lag_days == 0


def test_removing_a_link_and_a_link_not_held(held: int, db: str) -> None:
    editing.remove_link(held, "ep1-offline", "ep2-offline", 1, db, by="maya")
    assert ("ep1-offline", "ep2-offline") not in get_production(held, db).links
    with pytest.raises(NotFound, match=r"link 'ep1-offline' -> 'ep2-offline' of production"):
        editing.remove_link(held, "ep1-offline", "ep2-offline", 1, db, by="maya")


def test_a_resource_still_assigned_is_not_removed_and_its_tasks_are_named(held: int, db: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        editing.remove_resource(held, "colourist", 1, db, by="maya")
    assert [p.field for p in caught.value.problems] == ["tasks[3] (ep1-grade)", "tasks[7] (ep2-grade)"]
    assert "colourist" in get_production(held, db).resources
    spare = Resource(
        "spare-suite",
        "Spare suite",
        ResourceKind.ROOM,
        leave=(DateSpan(date(2027, 2, 1), date(2027, 2, 5), "works"),),
    )
    assert editing.save_resource(held, spare, None, db, by="maya") == 1
    assert get_production(held, db).plan.resource("spare-suite") == spare
    production_version = editing.remove_resource(held, "spare-suite", 1, db, by="maya")
    after = get_production(held, db)
    assert "spare-suite" not in after.resources and after.version == production_version


def test_a_task_is_added_and_removed_with_its_links(held: int, db: str) -> None:
    task = Task("ep1-titles", "Ep 1 titles", Decimal(2), constraints=(Constraint(SNET, date(2027, 2, 1)),))
    assert editing.add_task(held, task, db, by="maya") == 1
    editing.save_link(held, Link("ep1-titles", "ep1-delivery"), None, db, by="maya")
    assert get_production(held, db).plan.task("ep1-titles") == task
    with pytest.raises(EditConflict):
        editing.add_task(held, replace(task, name="again"), db, by="tom")
    editing.remove_task(held, "ep1-titles", 1, db, by="maya")
    after = get_production(held, db)
    assert "ep1-titles" not in after.tasks
    assert all("ep1-titles" not in pair for pair in after.links)


def test_a_task_the_paperwork_names_is_not_removed(held: int, db: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        editing.remove_task(held, "ep1-grade", 1, db, by="maya")
    assert [p.field for p in caught.value.problems] == [
        "briefs[0] (grade-brief)",
        "notes_rounds[0] (ep1-dc-notes)",
    ]
    assert "ep1-grade" in get_production(held, db).tasks


def test_removing_a_task_takes_its_baseline_entries(held: int, db: str) -> None:
    plan = get_production(held, db).plan
    editing.replace_plan(held, replace(plan, notes_rounds=()), 1, db, by="maya")
    editing.remove_task(held, "ep1-offline", 1, db, by="maya")
    plan = get_production(held, db).plan
    assert "ep1-offline" not in {t.id for t in plan.tasks}
    assert plan.baselines[0].tasks.keys() == {"ep1-grade"}
    assert not [k for k in plan.links if "ep1-offline" in (k.predecessor, k.successor)]


def test_what_is_not_held_is_not_found(held: int, db: str) -> None:
    with pytest.raises(NotFound, match=f"task 'nope' of production {held}"):
        editing.move_task(held, "nope", date(2027, 3, 1), 1, db, by="maya")
    with pytest.raises(NotFound, match="production 999"):
        editing.move_task(999, "wrap", date(2027, 3, 1), 1, db, by="maya")
    with pytest.raises(NotFound, match="resource 'nope'"):
        editing.remove_resource(held, "nope", 1, db, by="maya")


def test_deleting_a_production_is_kept_in_the_accounts_wide_audit_log(held: int, db: str) -> None:
    with pytest.raises(EditConflict):
        editing.delete_production(held, 7, db, by="maya")
    editing.delete_production(held, 1, db, by="maya")
    with pytest.raises(NotFound):
        get_production(held, db)
    engine = make_engine(db)
    try:
        with engine.connect() as connection:
            entries = AuditRepository(connection, key=b"").entries(ACCOUNTS_CHAIN)
    finally:
        engine.dispose()
    [entry] = entries
    assert (entry.who, entry.production, entry.action.value) == ("maya", held, "delete_production")
    assert entry.detail == "'Harbour Lights' deleted at version 1"


def test_an_edit_rewrites_only_the_tables_it_changes(held: int, db: str) -> None:
    """A link edit leaves every task row as it was (their stamps, to the microsecond)."""
    before = get_production(held, db)
    editing.save_link(held, Link("ep1-lock", "ep1-grade", LinkType.FS, Decimal(1)), 1, db, by="tom")
    after = get_production(held, db)
    assert after.tasks == before.tasks and after.resources == before.resources
    engine = make_engine(db)
    try:
        with engine.connect() as connection:
            count = connection.execute(sa.text("select count(*) from links")).scalar_one()
    finally:
        engine.dispose()
    assert count == len(after.plan.links)


def _at_once(*edits: Callable[[], object]) -> list[object]:
    """Run the edits in threads released together; what each returned or raised."""
    ready = threading.Barrier(len(edits))
    outcomes: list[object] = [None] * len(edits)

    def run(i: int) -> None:
        ready.wait()
        try:
            outcomes[i] = edits[i]()
        except Exception as error:
            outcomes[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(edits))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_two_people_moving_one_task_at_once_one_wins_one_is_told(held: int, db: str) -> None:
    engine = make_engine(db)
    try:
        days = {"maya": date(2027, 3, 1), "tom": date(2027, 3, 8)}
        outcomes = _at_once(
            *(
                lambda who=who: editing.move_task(held, "ep1-grade", days[who], 1, engine, by=who)
                for who in days
            )
        )
    finally:
        engine.dispose()
    winners = [who for who, outcome in zip(days, outcomes, strict=True) if outcome == 2]
    conflicts = [outcome for outcome in outcomes if isinstance(outcome, EditConflict)]
    assert len(winners) == 1 and len(conflicts) == 1, outcomes
    assert conflicts[0].changed_by == winners[0]
    assert get_production(held, db).plan.task("ep1-grade").constraints[0].on == days[winners[0]]


def test_many_people_editing_different_items_at_once_all_stand(held: int, db: str) -> None:
    engine = make_engine(db)
    task_ids = ["ep1-offline", "ep1-grade", "ep1-mix", "ep2-offline", "ep2-grade"]
    try:
        start = time.monotonic()
        outcomes = _at_once(
            *(
                lambda t=t, i=i: editing.move_task(held, t, date(2027, 1, 11 + i), 1, engine, by=f"user{i}")
                for i, t in enumerate(task_ids)
            ),
            lambda: editing.save_link(held, Link("wrap", "ep1-mix"), None, engine, by="links"),
        )
        assert time.monotonic() - start < 30
    finally:
        engine.dispose()
    assert outcomes == [2, 2, 2, 2, 2, 1], outcomes
    after = get_production(held, db)
    assert after.version == 1 + len(outcomes)
    for i, t in enumerate(task_ids):
        assert after.plan.task(t).constraints[0] == Constraint(SNET, date(2027, 1, 11 + i))
        assert after.tasks[t].updated_by == f"user{i}"


def test_replacing_the_whole_plan_keeps_the_versions_of_what_did_not_change(held: int, db: str) -> None:
    editing.move_task(held, "ep2-grade", date(2027, 3, 1), 1, db, by="maya")
    before = get_production(held, db)
    plan = replace(before.plan, notes_rounds=(), confirmations=())
    plan = replace(plan, tasks=tuple(t for t in plan.tasks if t.id != "ep1-lock"))
    plan = replace(plan, links=tuple(k for k in plan.links if "ep1-lock" not in (k.predecessor, k.successor)))
    with pytest.raises(EditConflict) as caught:
        editing.replace_plan(held, plan, 1, db, by="tom")
    assert (caught.value.current_version, caught.value.changed_by) == (2, "maya")
    assert editing.replace_plan(held, plan, 2, db, by="tom") == 3
    after = get_production(held, db)
    assert after.plan == plan
    assert after.tasks["ep2-grade"] == before.tasks["ep2-grade"], "maya's task as she left it"
    assert {k: s.version for k, s in after.tasks.items()} == {
        k: 1 if k != "ep2-grade" else 2 for k in after.tasks
    }
