"""A post plan built in code, and a schedule for it written out by hand (dates as a planner would
work them out), for the exchange formats' tests. Two episodes, nested groups, every link type,
an elapsed lag, a half-day task, a pinned task, progress, two baselines and resource leave."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from picturelock.domain.calendar import DateSpan, WorkingTime, slot_of, weekday_rule
from picturelock.domain.plan import (
    Assignment,
    Baseline,
    BaselineEntry,
    CalendarSpec,
    Constraint,
    ConstraintKind,
    Group,
    Link,
    LinkType,
    Person,
    Plan,
    Production,
    Progress,
    Resource,
    ResourceKind,
    Task,
)
from picturelock.domain.schedule.result import Driver, Schedule, TaskTimes

ORIGIN = date(2027, 1, 4)  # a Monday


def sample_plan() -> Plan:
    production = Production("Harbour Lights", "drama-series", 2, 60, "GBP", "GB", "ENG", ORIGIN)
    calendars = (
        CalendarSpec(
            "standard", "Standard week", frozenset(range(5)),
            shutdowns=(DateSpan(date(2027, 4, 1), date(2027, 4, 2), "Easter closure"),),
            extra_working_days=frozenset({date(2027, 1, 16)}),
        ),
        CalendarSpec("dub-week", "Dubbing theatre (six days)", frozenset(range(6)), base="standard"),
    )  # fmt: skip
    resources = (
        Resource("editor", "Editor (Sam Reid)", ResourceKind.PERSON, person="sam",
                 leave=(DateSpan(date(2027, 2, 15), date(2027, 2, 19), "half-term"),)),
        Resource("assistant", "Assistant editor", ResourceKind.PERSON, capacity=Decimal(2)),
        Resource("grade-1", "Grading Suite 1", ResourceKind.ROOM),
        Resource("dub-a", "Dubbing Theatre A", ResourceKind.ROOM, calendar="dub-week"),
        Resource("drive", "Shuttle drive", ResourceKind.KIT, capacity=Decimal("0.5")),
    )  # fmt: skip
    groups = (
        Group("ep1", "Episode 1"),
        Group("ep1-finish", "Ep 1 finishing", "ep1"),
        Group("ep2", "Episode 2"),
    )
    return Plan(
        production=production,
        calendars=calendars,
        resources=resources,
        tasks=_tasks(),
        links=_links(),
        people=(Person("sam", "Sam Reid", "Editor"), Person("maya", "Maya Okafor", "Post supervisor")),
        groups=groups,
        baselines=(
            Baseline("Agreed schedule v1", ORIGIN, {
                "ep1-offline": BaselineEntry(date(2027, 1, 4), date(2027, 1, 22)),
                "ep1-grade": BaselineEntry(date(2027, 1, 27), date(2027, 1, 29)),
            }),
            Baseline("Re-plan after notes", date(2027, 1, 11), {
                "ep1-offline": BaselineEntry(date(2027, 1, 4), date(2027, 1, 26)),
            }),
        ),
        status_date=date(2027, 1, 8),
    )  # fmt: skip


def _tasks() -> tuple[Task, ...]:
    d = Decimal
    return (
        Task("wrap", "Shoot wrap", d(0), milestone=True,
             constraints=(Constraint(ConstraintKind.SNET, ORIGIN),),
             progress=Progress(actual_start=ORIGIN, actual_finish=ORIGIN)),
        Task("ep1-offline", "Ep 1 offline edit", d(15), owner="maya", group="ep1", kind="offline",
             assignments=(Assignment("editor"), Assignment("assistant", d("0.5"))),
             progress=Progress(actual_start=ORIGIN, remaining_days=d(11)), priority=800,
             notes="Director's cut due at the end"),
        Task("ep1-lock", "Ep 1 picture lock", d(0), milestone=True, group="ep1"),
        Task("ep1-grade", "Ep 1 grade", d("2.5"), group="ep1-finish", assignments=(Assignment("grade-1"),)),
        Task("ep1-mix", "Ep 1 final mix", d(2), group="ep1-finish", assignments=(Assignment("dub-a"),),
             calendar="dub-week"),
        Task("ep1-delivery", "Ep 1 delivered", d(0), milestone=True, group="ep1",
             constraints=(Constraint(ConstraintKind.MFO, date(2027, 3, 5)),)),
        Task("ep2-offline", "Ep 2 offline edit", d(15), group="ep2", assignments=(Assignment("editor"),)),
        Task("ep2-spotting", "Ep 2 music spotting", d(1), group="ep2", pinned_start=date(2027, 2, 8),
             assignments=(Assignment("drive", d("0.5")),)),
        Task("ep2-grade", "Ep 2 grade", d(2), group="ep2", assignments=(Assignment("grade-1"),)),
        Task("ep2-delivery", "Ep 2 delivered", d(0), milestone=True, group="ep2",
             constraints=(Constraint(ConstraintKind.SNET, date(2027, 3, 1)),
                          Constraint(ConstraintKind.FNLT, date(2027, 3, 26)))),
    )  # fmt: skip


def _links() -> tuple[Link, ...]:
    d = Decimal
    return (
        Link("wrap", "ep1-offline"),
        Link("ep1-offline", "ep1-lock"),
        Link("ep1-lock", "ep1-grade", LinkType.FS, d(2)),
        Link("ep1-lock", "ep1-mix", LinkType.FS, d(3), lag_elapsed=True),
        Link("ep1-grade", "ep1-delivery"),
        Link("ep1-mix", "ep1-delivery", LinkType.FF),
        Link("ep1-offline", "ep2-offline", LinkType.SS, d(5)),
        Link("ep2-offline", "ep2-grade", LinkType.FS, d("-0.5")),
        Link("ep2-spotting", "ep2-grade", LinkType.SF),
        Link("ep2-grade", "ep2-delivery"),
    )


def _times(task_id: str, first: date, last: date, total: float = 0, free: float = 0, *,
           milestone: bool = False, half_start: bool = False, half_finish: bool = False,
           resources: tuple[str, ...] = (), calendar: str = "standard",
           delay: int = 0) -> TaskTimes:  # fmt: skip
    """Times for a task worked from `first` to `last` inclusive (a milestone: at the end of `last`).
    `delay` slots of levelling put the early dates that much before the scheduled ones."""
    finish = slot_of(ORIGIN, last) + (1 if half_finish else 2)
    start = finish if milestone else slot_of(ORIGIN, first) + (1 if half_start else 0)
    total_slots, free_slots = round(total * 2), round(free * 2)
    critical = total_slots <= 0
    week = WorkingTime("mon-fri", ORIGIN, weekday_rule(range(5), ()))
    late_start = week.start_of_count(week.work_before(start) + total_slots)
    late_finish = week.finish_of_count(week.work_before(finish) + total_slots)
    if milestone:
        late_start = late_finish
    return TaskTimes(
        task_id=task_id, calendar=calendar, early_start=start - delay, early_finish=finish - delay,
        late_start=late_start, late_finish=late_finish, start=start, finish=finish,
        total_float=total_slots, free_float=free_slots, critical=critical,
        start_driver=Driver("project start", "starts at the project start"),
        late_driver=Driver("project end", "the project's finish"), resources=resources,
    )  # fmt: skip


def sample_schedule() -> Schedule:
    d = date
    rows = [
        _times("wrap", d(2027, 1, 3), d(2027, 1, 3), milestone=True),
        _times("ep1-offline", d(2027, 1, 4), d(2027, 1, 22), resources=("editor", "assistant")),
        _times("ep1-lock", d(2027, 1, 22), d(2027, 1, 22), milestone=True),
        _times("ep1-grade", d(2027, 1, 27), d(2027, 1, 29), 1.5, 1.5, half_finish=True,
               resources=("grade-1",)),
        _times("ep1-mix", d(2027, 1, 26), d(2027, 1, 27), 3, 3, resources=("dub-a",), calendar="dub-week"),
        _times("ep1-delivery", d(2027, 3, 5), d(2027, 3, 5), milestone=True),
        _times("ep2-offline", d(2027, 1, 11), d(2027, 1, 29), 2, 0, resources=("editor",)),
        _times("ep2-spotting", d(2027, 2, 8), d(2027, 2, 8), 10, 10, resources=("drive",)),
        _times("ep2-grade", d(2027, 1, 29), d(2027, 2, 2), 2, 0, half_start=True, half_finish=True,
               resources=("grade-1",), delay=2),
        _times("ep2-delivery", d(2027, 3, 1), d(2027, 3, 1), -1, 0, milestone=True),
    ]  # fmt: skip
    tasks = {t.task_id: t for t in rows}
    return Schedule(
        origin=ORIGIN,
        tasks=tasks,
        start=0,
        finish=max(t.finish for t in rows),
        working_days=45.0,
        critical_path=tuple(t.task_id for t in rows if t.critical),
        levelled=True,
        as_of=date(2027, 1, 8),
    )
