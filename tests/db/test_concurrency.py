"""Two people editing the same thing: the second gets a clear conflict, and nothing is lost."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from picturelock.adapters.db.engine import make_engine
from picturelock.adapters.db.uow import UnitOfWork
from picturelock.domain.errors import EditConflict, NotFound
from picturelock.services.productions import get_production, import_plan, update_plan, update_task


def test_the_second_of_two_edits_to_a_task_gets_a_conflict_and_writes_nothing(
    small_plan_path: Path, db: str
) -> None:
    production_id = import_plan(small_plan_path, db)
    engine = make_engine(db)
    try:
        with UnitOfWork(engine, by="maya") as first, UnitOfWork(engine, by="tom") as second:
            mine = first.productions.get(production_id)
            theirs = second.productions.get(production_id)
            assert mine.tasks["ep1-grade"].version == theirs.tasks["ep1-grade"].version == 1
            grade = mine.plan.task("ep1-grade")
            first.productions.update_task(production_id, replace(grade, duration_days=Decimal(3)), 1)
            first.commit()
            with pytest.raises(EditConflict) as caught:
                second.productions.update_task(production_id, replace(grade, notes="tom's note"), 1)
    finally:
        engine.dispose()
    conflict = caught.value
    assert (conflict.expected_version, conflict.current_version, conflict.changed_by) == (1, 2, "maya")
    assert conflict.changed_at is not None
    assert "task 'ep1-grade'" in str(conflict) and "maya" in str(conflict)
    held = get_production(production_id, db)
    assert held.plan.task("ep1-grade").duration_days == 3
    assert held.plan.task("ep1-grade").notes == ""
    assert held.tasks["ep1-grade"].version == 2
    assert held.version == 2, "the production went up once, for maya's edit"


def test_edits_to_different_tasks_both_stand(small_plan_path: Path, db: str) -> None:
    production_id = import_plan(small_plan_path, db)
    update_task(production_id, "ep1-grade", {"notes": "look refs in"}, 1, db, by="maya")
    update_task(production_id, "ep1-mix", {"duration_days": Decimal("2.5")}, 1, db, by="tom")
    held = get_production(production_id, db)
    assert held.plan.task("ep1-grade").notes == "look refs in"
    assert held.plan.task("ep1-mix").duration_days == Decimal("2.5")
    assert (held.tasks["ep1-grade"].updated_by, held.tasks["ep1-mix"].updated_by) == ("maya", "tom")
    assert held.version == 3


def test_a_plan_saved_over_a_newer_one_is_refused(small_plan_path: Path, db: str) -> None:
    production_id = import_plan(small_plan_path, db)
    plan = get_production(production_id, db).plan
    update_task(production_id, "wrap", {"notes": "wrap moved"}, 1, db, by="maya")
    stale = replace(plan, status_date=plan.production.start)
    with pytest.raises(EditConflict) as caught:
        update_plan(production_id, stale, 1, db, by="tom")
    assert (caught.value.current_version, caught.value.changed_by) == (2, "maya")
    held = get_production(production_id, db)
    assert held.plan.status_date is None and held.plan.task("wrap").notes == "wrap moved"


def test_saving_a_plan_moves_only_what_changed_up_a_version(small_plan_path: Path, db: str) -> None:
    production_id = import_plan(small_plan_path, db, by="maya")
    plan = get_production(production_id, db).plan
    tasks = tuple(replace(t, priority=900) if t.id == "ep2-grade" else t for t in plan.tasks)
    links = plan.links[:-1]
    new_version = update_plan(production_id, replace(plan, tasks=tasks, links=links), 1, db, by="tom")
    held = get_production(production_id, db)
    assert new_version == held.version == 2
    assert held.plan.links == links and held.plan.task("ep2-grade").priority == 900
    changed = {key: stamp.updated_by for key, stamp in held.tasks.items() if stamp.version == 2}
    assert changed == {"ep2-grade": "tom"}
    assert {s.version for s in held.links.values()} == {1}
    assert {s.version for s in held.resources.values()} == {1}


def test_an_edit_to_a_deleted_task_says_so(small_plan_path: Path, db: str) -> None:
    production_id = import_plan(small_plan_path, db)
    plan = get_production(production_id, db).plan
    engine = make_engine(db)
    try:
        with UnitOfWork(engine) as uow:
            uow.productions.delete(production_id, 1)
            uow.commit()
        with UnitOfWork(engine) as uow, pytest.raises(NotFound) as caught:
            uow.productions.update_task(production_id, plan.task("wrap"), 1)
    finally:
        engine.dispose()
    assert str(caught.value) == f"production {production_id} not found"


def test_two_people_saving_the_same_task_at_once_one_wins_one_is_told(small_plan_path: Path, db: str) -> None:
    """Real contention: two threads, each in its own transaction, save version 1 at the same moment."""
    production_id = import_plan(small_plan_path, db)
    grade = get_production(production_id, db).plan.task("ep1-grade")
    engine = make_engine(db)
    ready = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(person: str) -> None:
        try:
            with UnitOfWork(engine, by=person) as uow:
                ready.wait()
                uow.productions.update_task(production_id, replace(grade, notes=f"{person} was here"), 1)
                time.sleep(0.2)  # hold the transaction open while the other one tries
                uow.commit()
            outcomes[person] = "saved"
        except EditConflict as conflict:
            outcomes[person] = conflict

    try:
        threads = [threading.Thread(target=save, args=(person,)) for person in ("maya", "tom")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        engine.dispose()
    winners = [person for person, outcome in outcomes.items() if outcome == "saved"]
    losers = [outcome for outcome in outcomes.values() if isinstance(outcome, EditConflict)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].changed_by == winners[0]
    held = get_production(production_id, db)
    assert held.plan.task("ep1-grade").notes == f"{winners[0]} was here"
    assert held.tasks["ep1-grade"].version == 2


def test_a_whole_plan_save_and_a_task_edit_at_once_lose_nothing(small_plan_path: Path, db: str) -> None:
    """Whatever the order, no deadlock and no lost update: each save stands or is told it conflicts."""
    production_id = import_plan(small_plan_path, db)
    plan = get_production(production_id, db).plan
    engine = make_engine(db)
    ready = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save_plan() -> None:
        with UnitOfWork(engine, by="maya") as uow:
            ready.wait()
            uow.productions.update(production_id, replace(plan, status_date=plan.production.start), 1)
            time.sleep(0.2)
            uow.commit()

    def edit_task() -> None:
        with UnitOfWork(engine, by="tom") as uow:
            ready.wait()
            uow.productions.update_task(production_id, replace(plan.task("ep1-mix"), notes="stems"), 1)
            time.sleep(0.2)
            uow.commit()

    def run(name: str, work: Callable[[], None]) -> None:
        try:
            work()
            outcomes[name] = "saved"
        except EditConflict as conflict:
            outcomes[name] = conflict

    try:
        threads = [
            threading.Thread(target=run, args=job) for job in (("plan", save_plan), ("task", edit_task))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        engine.dispose()
    assert set(outcomes) == {"plan", "task"}, "both finished: no deadlock, no database error"
    assert "saved" in outcomes.values()
    held = get_production(production_id, db).plan
    assert (held.status_date == plan.production.start) == (outcomes["plan"] == "saved")
    assert (held.task("ep1-mix").notes == "stems") == (outcomes["task"] == "saved")


def test_a_plan_read_while_another_is_saved_is_never_half_old_half_new(
    small_plan_path: Path, db: str
) -> None:
    production_id = import_plan(small_plan_path, db)
    plan = get_production(production_id, db).plan
    engine = make_engine(db)
    stop = threading.Event()
    seen: list[tuple[str, Decimal]] = []

    def save_many() -> None:
        for i in range(1, 25):
            with UnitOfWork(engine) as uow:
                version = uow.productions.get(production_id).version
                tasks = tuple(replace(t, notes=str(i)) if t.id == "ep1-mix" else t for t in plan.tasks)
                links = tuple(
                    replace(x, lag_days=Decimal(i)) if x.successor == "ep1-mix" else x for x in plan.links
                )
                uow.productions.update(production_id, replace(plan, tasks=tasks, links=links), version)
                uow.commit()
        stop.set()

    writer = threading.Thread(target=save_many)
    writer.start()
    try:
        while not stop.is_set():
            with UnitOfWork(engine) as uow:
                held = uow.productions.get(production_id).plan
            lag = next(x.lag_days for x in held.links if x.successor == "ep1-mix")
            seen.append((held.task("ep1-mix").notes, lag))
    finally:
        writer.join(60)
        engine.dispose()
    assert seen, "the reader read while the writer wrote"
    whole = {("", Decimal(3))} | {(str(i), Decimal(i)) for i in range(1, 25)}  # before, after each save
    assert set(seen) <= whole, set(seen) - whole
