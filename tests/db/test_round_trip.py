"""A plan imported into the database exports back unchanged: the same Plan, the same file text."""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings

from picturelock.adapters.db import tables
from picturelock.adapters.db.engine import make_engine
from picturelock.adapters.db.uow import UnitOfWork
from picturelock.adapters.planfile import dump_plan, load_plan
from picturelock.domain.errors import InvalidInput
from picturelock.domain.plan import Plan
from picturelock.services.productions import export_plan, get_production, import_plan, list_productions
from planfile.strategies import plans

ROOT = Path(__file__).resolve().parents[2]
PLANS = [
    ROOT / "tests" / "fixtures" / "small_plan.yaml",
    ROOT / "src" / "picturelock" / "data" / "demo" / "plan.yaml",
]


@pytest.mark.parametrize("source", PLANS, ids=lambda p: p.parent.name + "/" + p.name)
def test_a_plan_file_imports_and_exports_back_unchanged(source: Path, db: str, tmp_path: Path) -> None:
    original = load_plan(source)
    production_id = import_plan(source, db, by="maya")
    target = tmp_path / "exported.yaml"
    exported = export_plan(production_id, target, db)
    assert exported == original
    assert load_plan(target) == original
    assert target.read_text(encoding="utf-8") == dump_plan(original)


def test_productions_are_listed_with_their_versions(small_plan_path: Path, db: str) -> None:
    first = import_plan(small_plan_path, db, by="maya")
    second = import_plan(load_plan(small_plan_path), db, by="tom")
    listed = list_productions(db)
    assert [(p.id, p.title, p.version, p.updated_by) for p in listed] == [
        (first, "Harbour Lights", 1, "maya"),
        (second, "Harbour Lights", 1, "tom"),
    ]
    held = get_production(second, db)
    assert set(held.tasks) == {t.id for t in held.plan.tasks}
    assert {s.version for s in held.tasks.values()} == {1}


def _without_nul(value: Any) -> Any:
    """The same value with NUL characters taken out of its text (the databases refuse them)."""
    if type(value) is str:  # not the plan's enums, which are text too
        return value.replace("\x00", "")
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _without_nul(getattr(value, f.name)) for f in fields(value)})
    if isinstance(value, tuple):
        return tuple(_without_nul(item) for item in value)
    if isinstance(value, dict):
        return {key: _without_nul(item) for key, item in value.items()}
    return value


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plan=plans().map(_without_nul))
def test_any_valid_plan_comes_back_from_the_database_equal(plan: Plan, db: str) -> None:
    engine = make_engine(db)
    try:
        with UnitOfWork(engine) as uow:
            production_id = uow.productions.add(plan)
            held = uow.productions.get(production_id)
            # nothing committed: every example leaves the database as it found it
        assert held.plan == plan
        assert dump_plan(held.plan) == dump_plan(plan)
    finally:
        engine.dispose()


def test_text_with_a_nul_character_is_refused_where_it_is(small_plan_path: Path, db: str) -> None:
    plan = load_plan(small_plan_path)
    tasks = tuple(replace(t, notes="cut\x00") if t.id == "ep1-grade" else t for t in plan.tasks)
    with pytest.raises(InvalidInput) as caught:
        import_plan(replace(plan, tasks=tasks), db)
    assert [p.field for p in caught.value.problems] == ["tasks[3].notes"]
    assert list_productions(db) == []


def test_a_failed_import_writes_nothing(small_plan_path: Path, db: str, tmp_path: Path) -> None:
    plan = load_plan(small_plan_path)
    broken = replace(plan, tasks=(*plan.tasks, plan.tasks[0]))  # the same task id twice
    with pytest.raises(InvalidInput):
        import_plan(broken, db)
    bad_file = tmp_path / "bad.yaml"
    bad_file.write_text(small_plan_path.read_text(encoding="utf-8").replace("duration: 15", "duration: -1"))
    with pytest.raises(InvalidInput):
        import_plan(bad_file, db)
    engine = make_engine(db)
    try:
        with pytest.raises(sa.exc.IntegrityError), UnitOfWork(engine) as uow:
            # past the checks, the database refuses the second task halfway through the writing
            uow.productions.add(broken)
        counts = _row_counts(engine)
    finally:
        engine.dispose()
    assert list_productions(db) == []
    assert counts == dict.fromkeys(counts, 0)


def _row_counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in (tables.productions, *tables.PLAN_TABLES)
        }
