"""The demo production: a realistic series that loads, schedules and shows what went wrong."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from picturelock.domain.calendar import DateSpan
from picturelock.domain.errors import InvalidInput
from picturelock.domain.plan import ConstraintKind, Plan
from picturelock.services import demo, plans
from picturelock.services.scheduling import schedule


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return demo.write_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def plan(written: list[Path]) -> Plan:
    return plans.load_plan(next(p for p in written if p.name == "plan.yaml"))


def test_the_demo_folder_holds_the_plan_and_its_readme(written: list[Path]) -> None:
    assert [p.name for p in written] == ["plan.yaml", "README.md"]
    assert next(f.name for f in demo.demo_files()) == "plan.yaml"


def test_a_six_part_series_of_realistic_size(plan: Plan) -> None:
    assert plan.production.episodes == 6 and plan.production.runtime_minutes == 60
    assert 150 <= len(plan.tasks) <= 250
    assert {f"ep{e}" for e in range(1, 7)} <= {g.id for g in plan.groups}
    assert plan.status_date is not None and plan.production.start < plan.status_date


def test_crew_rooms_and_suppliers(plan: Plan) -> None:
    names = " ".join(r.name for r in plan.resources)
    rooms = ("Grade 1", "Online", "Dubbing Theatre", "VFX")
    for needle in ("Editor A", "Editor B", "Assistant editors", *rooms):
        assert needle in names
    roles = " ".join(p.role for p in plan.people)
    for role in ("Producer", "Post supervisor", "Post coordinator", "Albion One", "Northlight+", "Director"):
        assert role in roles
    for role in ("Editor", "Colourist", "Re-recording mixer", "Composer"):
        assert role in roles


def test_editors_alternate_blocks(plan: Plan) -> None:
    cutters = {e: {a.resource for a in plan.task(f"ep{e}-directors-cut").assignments} for e in range(1, 7)}
    assert all("editor-a" in cutters[e] for e in (1, 2, 5, 6))
    assert all("editor-b" in cutters[e] for e in (3, 4))


def test_english_holidays_and_a_christmas_shutdown(plan: Plan) -> None:
    assert (plan.production.country, plan.production.region) == ("GB", "ENG")
    standard = next(c for c in plan.calendars if c.id == plan.project_calendar)
    assert any(date(2026, 12, 29) in span for span in standard.shutdowns)
    assert all(isinstance(span, DateSpan) for span in standard.shutdowns)


def test_something_has_slipped_against_the_baseline(plan: Plan) -> None:
    baseline = plan.baselines[0].tasks
    assert set(baseline) == {t.id for t in plan.tasks}
    late = [
        t.id
        for t in plan.tasks
        if t.progress.actual_finish and t.progress.actual_finish > baseline[t.id].finish
    ]
    assert "ep1-directors-cut" in late
    started = [t for t in plan.tasks if t.progress.actual_start and not t.progress.actual_finish]
    assert started and all(t.progress.remaining_days is not None for t in started)


def test_a_buyers_date_is_missed_and_others_are_tight(plan: Plan) -> None:
    sched = schedule(plan)
    due = [t.id for t in plan.tasks if any(c.kind is ConstraintKind.FNLT for c in t.constraints)]
    floats = {task_id: sched.tasks[task_id].total_float_days for task_id in due}
    assert floats["ep1-tx-master"] < 0
    warn = float(plan.escalation.warn_float_days)
    assert sum(0 <= f < warn for f in floats.values()) >= 2
    assert any("streamer" in task_id for task_id in due) and any("tx-master" in task_id for task_id in due)


def test_paperwork_has_its_gaps(plan: Plan) -> None:
    assert plan.status_date is not None
    assert any(s.signed_on is None for a in plan.agreements for s in a.sign_offs)
    assert {b.kind for b in plan.briefs} >= {"creative", "script", "grade", "sound", "vfx", "titles", "music"}
    assert {c.party_kind for c in plan.confirmations} == {"crew", "supplier", "talent", "executive"}
    assert any(c.confirmed_on is None for c in plan.confirmations)
    unreceived = [n for n in plan.notes_rounds if n.received_on is None]
    finished = {t.id: t.progress.actual_finish for t in plan.tasks}
    assert any(finished[n.after] is not None and finished[n.after] < plan.status_date for n in unreceived)


def test_write_demo_keeps_identical_files_and_refuses_different_ones(tmp_path: Path) -> None:
    first = demo.write_demo(tmp_path)
    assert demo.write_demo(tmp_path) == first
    (tmp_path / "README.md").write_text("my notes", encoding="utf-8")
    (tmp_path / "plan.yaml").unlink()
    with pytest.raises(InvalidInput, match="differs"):
        demo.write_demo(tmp_path)
    assert not (tmp_path / "plan.yaml").exists()  # a refused write writes nothing
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "my notes"
    demo.write_demo(tmp_path, overwrite=True)
    assert (tmp_path / "README.md").read_bytes() == demo.demo_folder().joinpath("README.md").read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_write_demo_into_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(InvalidInput, match="is a file"):
        demo.write_demo(target)


def test_every_task_kind_is_a_process_of_the_glossary(plan: Plan) -> None:
    from picturelock.services.templates import glossary

    known = {entry.id for entry in glossary()}
    kinds = {task.kind for task in plan.tasks if task.kind}
    assert kinds <= known, kinds - known
    assert len(kinds) >= 20
