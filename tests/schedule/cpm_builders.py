"""Small plans for the critical-path tests, built as domain objects (no plan-file loader).

The plan origin is Monday 2027-01-04. Durations and lags are working days (0.5 steps allowed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from picturelock.domain.calendar import DateSpan, weekday_rule
from picturelock.domain.plan import (
    Assignment,
    CalendarSpec,
    Constraint,
    ConstraintKind,
    Link,
    LinkType,
    Plan,
    Production,
    Progress,
    Resource,
    ResourceKind,
    Task,
)
from picturelock.domain.schedule.cpm import critical_path
from picturelock.domain.schedule.network import Network, compile_network
from picturelock.domain.schedule.result import Schedule

MONDAY = date(2027, 1, 4)
WEEKDAYS = frozenset(range(5))
SIX_DAYS = frozenset(range(6))


def task(
    task_id: str,
    days: float | str = 1,
    *,
    milestone: bool = False,
    snet: date | None = None,
    fnlt: date | None = None,
    mfo: date | None = None,
    pinned: date | None = None,
    calendar: str | None = None,
    assign: Sequence[str] = (),
    progress: Progress | None = None,
) -> Task:
    constraints = [
        Constraint(kind, on)
        for kind, on in (
            (ConstraintKind.SNET, snet),
            (ConstraintKind.FNLT, fnlt),
            (ConstraintKind.MFO, mfo),
        )
        if on is not None
    ]
    return Task(
        id=task_id,
        name=task_id.replace("-", " ").capitalize(),
        duration_days=Decimal(str(days)),
        milestone=milestone,
        calendar=calendar,
        constraints=tuple(constraints),
        pinned_start=pinned,
        assignments=tuple(Assignment(r) for r in assign),
        progress=progress or Progress(),
    )


def link(
    predecessor: str, successor: str, kind: str = "FS", lag: float | str = 0, elapsed: bool = False
) -> Link:
    return Link(predecessor, successor, LinkType(kind), Decimal(str(lag)), elapsed)


def calendar(
    calendar_id: str, weekdays: Iterable[int] = WEEKDAYS, closed: Iterable[date] = ()
) -> CalendarSpec:
    """A calendar spec; `closed` days become a one-day shutdown each (holidays for the tests)."""
    return CalendarSpec(
        id=calendar_id,
        name=calendar_id,
        working_weekdays=frozenset(weekdays),
        shutdowns=tuple(DateSpan(day, day, "closed") for day in closed),
    )


def plan(
    tasks: Sequence[Task],
    links: Sequence[Link] = (),
    *,
    calendars: Sequence[CalendarSpec] = (),
    resources: Sequence[Resource] = (),
    start: date = MONDAY,
) -> Plan:
    production = Production("Test", "feature", 1, 90, "GBP", "GB", None, start)
    specs = tuple(calendars) or (calendar("standard"),)
    return Plan(
        production=production,
        calendars=specs,
        resources=tuple(resources),
        tasks=tuple(tasks),
        links=tuple(links),
        project_calendar=specs[0].id,
    )


def person(
    resource_id: str, *, leave: Sequence[tuple[date, date]] = (), calendar: str | None = None
) -> Resource:
    return Resource(
        id=resource_id,
        name=resource_id.capitalize(),
        kind=ResourceKind.PERSON,
        calendar=calendar,
        leave=tuple(DateSpan(first, last, "leave") for first, last in leave),
    )


def network(the_plan: Plan, as_of: date | None = None) -> Network:
    """The plan compiled with each calendar's weekdays and shutdowns as plain day rules."""
    rules = {
        spec.id: weekday_rule(spec.working_weekdays, [d for span in spec.shutdowns for d in span.days()])
        for spec in the_plan.calendars
    }
    return compile_network(the_plan, rules, as_of=as_of)


def schedule(the_plan: Plan, as_of: date | None = None) -> Schedule:
    return critical_path(network(the_plan, as_of))


def dates(result: Schedule, task_id: str) -> tuple[str, str]:
    """The task's start and finish as inclusive ISO days, as a user sees them."""
    return result.start_date(task_id).isoformat(), result.finish_date(task_id).isoformat()
