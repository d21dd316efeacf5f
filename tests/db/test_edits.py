"""Editing a task through the service: the edit is checked like a plan file, or refused whole."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from picturelock.domain.errors import InvalidInput, NotFound, UnsupportedFormat
from picturelock.domain.plan import Assignment
from picturelock.services.productions import export_plan, get_production, import_plan, update_task


def test_an_edit_naming_an_unknown_person_is_refused_and_nothing_changes(
    small_plan_path: Path, db: str
) -> None:
    production_id = import_plan(small_plan_path, db)
    with pytest.raises(InvalidInput) as caught:
        update_task(production_id, "ep1-grade", {"owner": "ghost", "notes": "x"}, 1, db)
    assert [p.field for p in caught.value.problems] == ["tasks[3].owner"]
    held = get_production(production_id, db)
    assert held.version == 1 and held.tasks["ep1-grade"].version == 1
    assert held.plan.task("ep1-grade").notes == ""


def test_an_edit_of_a_field_a_task_does_not_have_is_refused(small_plan_path: Path, db: str) -> None:
    production_id = import_plan(small_plan_path, db)
    with pytest.raises(InvalidInput) as caught:
        update_task(production_id, "ep1-grade", {"id": "renamed", "colour": "red"}, 1, db)
    assert [p.field for p in caught.value.problems] == ["colour", "id"]


def test_an_edit_of_assignments_replaces_them(small_plan_path: Path, db: str) -> None:
    production_id = import_plan(small_plan_path, db)
    new = (Assignment("assistant", Decimal("0.5")),)
    assert update_task(production_id, "ep1-offline", {"assignments": new, "priority": 800}, 1, db) == 2
    task = get_production(production_id, db).plan.task("ep1-offline")
    assert (task.assignments, task.priority) == (new, 800)


def test_an_edit_of_a_task_that_is_not_there_says_so(small_plan_path: Path, db: str) -> None:
    production_id = import_plan(small_plan_path, db)
    with pytest.raises(NotFound, match="task 'nope'"):
        update_task(production_id, "nope", {"notes": "x"}, 1, db)
    with pytest.raises(NotFound, match=f"production {production_id + 1}"):
        get_production(production_id + 1, db)


def test_a_production_exports_only_as_a_plan_file(small_plan_path: Path, db: str, tmp_path: Path) -> None:
    production_id = import_plan(small_plan_path, db)
    with pytest.raises(UnsupportedFormat, match=r"\.yaml or \.yml"):
        export_plan(production_id, tmp_path / "plan.xml", db)
    assert not (tmp_path / "plan.xml").exists()
