"""A production's snapshot is computed once per version and recomputed after any edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from picturelock.domain.errors import NotFound
from picturelock.services import productions, snapshots


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
