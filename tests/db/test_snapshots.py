"""A production's snapshot is computed once per version and recomputed after any edit."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from picturelock.adapters.db.engine import make_engine
from picturelock.domain.errors import NotFound
from picturelock.services import productions, report, scheduling, snapshots
from picturelock.services.monitoring import monitor


@pytest.fixture
def held(db: str, small_plan_path: Path) -> tuple[str, int]:
    snapshots.forget()
    return db, productions.import_plan(small_plan_path, db)


def test_the_same_version_is_computed_once(held: tuple[str, int]) -> None:
    db, production_id = held
    first = snapshots.current(production_id, db)
    assert snapshots.current(production_id, db) is first
    assert first.document() == snapshots.current(production_id, db).document()


def test_an_edit_gives_a_new_schedule(held: tuple[str, int]) -> None:
    db, production_id = held
    before = snapshots.current(production_id, db)
    task = next(t for t in before.plan.tasks if not t.milestone)
    longer = task.duration_days + 5
    productions.update_task(
        production_id, task.id, {"duration_days": longer}, before.stored.tasks[task.id].version, db
    )
    after = snapshots.current(production_id, db)
    assert after.version == before.version + 1
    assert after.plan.task(task.id).duration_days == longer
    assert after.schedule.finish >= before.schedule.finish


def test_a_document_handed_out_can_be_changed_without_harm(held: tuple[str, int]) -> None:
    db, production_id = held
    snapshots.current(production_id, db).document().clear()
    assert snapshots.current(production_id, db).document()


def test_a_missing_production_is_not_found(held: tuple[str, int]) -> None:
    db, _ = held
    with pytest.raises(NotFound):
        snapshots.current(999, db)


def test_many_requests_at_once_share_one_computation(held: tuple[str, int]) -> None:
    db, production_id = held
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda _: snapshots.current(production_id, db), range(16)))
    assert all(snap is found[0] for snap in found)


def test_a_memo_is_made_once_per_version_however_many_ask(held: tuple[str, int]) -> None:
    db, production_id = held
    snap = snapshots.current(production_id, db)
    made: list[int] = []

    def make() -> int:
        made.append(1)
        time.sleep(0.05)  # long enough for the other threads to arrive while it is being made
        return len(snap.plan.tasks)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: snap.memo("count", make), range(8)))
    assert answers == [len(snap.plan.tasks)] * 8
    assert made == [1]


def test_the_json_is_the_document(held: tuple[str, int]) -> None:
    db, production_id = held
    snap = snapshots.current(production_id, db)
    assert json.loads(snap.document_json()) == snap.document() == snap.shared_document()
    assert snap.document() is not snap.document()


def test_after_an_edit_the_new_version_replaces_the_old(held: tuple[str, int]) -> None:
    db, production_id = held
    before = snapshots.current(production_id, db)
    before.memo("mine", lambda: "old")
    task = before.plan.tasks[0]
    productions.update_task(
        production_id, task.id, {"notes": "changed"}, before.stored.tasks[task.id].version, db
    )
    after = snapshots.current(production_id, db)
    assert after.version > before.version
    assert after.memo("mine", lambda: "new") == "new"
    assert snapshots.current(production_id, db) is after


@pytest.mark.parametrize("as_of", [None, date(2027, 2, 1)])
def test_the_document_is_what_schedule_json_prints(held: tuple[str, int], as_of: date | None) -> None:
    db, production_id = held
    snap = snapshots.current(production_id, db, as_of=as_of)
    plan = productions.get_production(production_id, db).plan
    schedule = scheduling.schedule(plan, as_of=as_of)
    expected = report.schedule_document(plan, schedule)
    expected.update(monitor(plan, schedule, as_of=as_of or plan.status_date).to_json())
    assert snap.shared_document() == expected


def _edit_notes(db: str, production_id: int, snap: snapshots.Snapshot, by: str) -> None:
    task = snap.plan.tasks[0]
    version = productions.get_production(production_id, db).tasks[task.id].version
    productions.update_task(production_id, task.id, {"notes": f"by {by}"}, version, db, by=by)


def test_others_see_the_version_before_while_the_new_one_is_computed(held: tuple[str, int]) -> None:
    db, production_id = held
    before = snapshots.current(production_id, db)
    _edit_notes(db, production_id, before, by="maya")
    assert snapshots.current(production_id, db, viewer="tom") is before  # computing in the background
    deadline = time.monotonic() + 30
    while snapshots.current(production_id, db, viewer="tom") is before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert snapshots.current(production_id, db, viewer="tom").version == before.version + 1


def test_whoever_made_the_change_sees_it_at_once(held: tuple[str, int]) -> None:
    db, production_id = held
    before = snapshots.current(production_id, db)
    _edit_notes(db, production_id, before, by="maya")
    assert snapshots.current(production_id, db, viewer="maya").version == before.version + 1


def test_a_version_long_superseded_is_never_handed_out(
    held: tuple[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, production_id = held
    before = snapshots.current(production_id, db)
    monkeypatch.setattr(snapshots, "STALE_SECONDS", 0.0)
    _edit_notes(db, production_id, before, by="maya")
    assert snapshots.current(production_id, db, viewer="tom").version == before.version + 1


def test_an_edit_after_someone_elses_builds_on_theirs(held: tuple[str, int]) -> None:
    db, production_id = held
    first = productions.get_production(production_id, db)  # read here: this process remembers it
    task = next(t for t in first.plan.tasks if not t.milestone)
    elsewhere = make_engine(db)  # another program's connection: this process is not told of its edit
    try:
        theirs = productions.update_task(
            production_id, task.id, {"notes": "theirs"}, first.tasks[task.id].version, elsewhere
        )
    finally:
        elsewhere.dispose()
    productions.update_task(production_id, task.id, {"duration_days": Decimal(7)}, theirs, db)
    now = productions.get_production(production_id, db).plan.task(task.id)
    assert (now.notes, now.duration_days) == ("theirs", Decimal(7))
