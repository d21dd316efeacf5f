"""Small post plans for the monitoring tests, written the way a supervisor would say them.

`task`, `chain` and `build_plan` write tasks and finish-to-start links briefly; `scheduled`
computes the schedule with the real critical path engine on a Monday-to-Friday week with the
early May bank holiday closed, and gives the working calendars monitoring counts on.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from itertools import pairwise

from picturelock.domain.calendar import weekday_rule
from picturelock.domain.plan import (
    Assignment,
    CalendarSpec,
    Constraint,
    ConstraintKind,
    Link,
    Person,
    Plan,
    Production,
    Progress,
    Resource,
    ResourceKind,
    Task,
)
from picturelock.domain.schedule.cpm import critical_path
from picturelock.domain.schedule.network import DayRule, compile_network
from picturelock.domain.schedule.result import Schedule
from picturelock.domain.schedule.workdays import WorkingCalendars

START = date(2027, 1, 4)  # a Monday: day 1 of post
MAY_DAY = date(2027, 5, 3)  # early May bank holiday (England), a Monday

PEOPLE = (
    Person("maya", "Maya Okafor", "Post supervisor"),
    Person("tom", "Tom Price", "Producer"),
    Person("sam", "Sam Reid", "Editor"),
    Person("ines", "Ines Duarte", "Colourist"),
    Person("exec", "Priya Shah", "Broadcaster executive"),
)
RESOURCES = (
    Resource("editor", "Editor (Sam Reid)", ResourceKind.PERSON, person="sam"),
    Resource("assistant", "Assistant editor", ResourceKind.PERSON),
    Resource("colourist", "Colourist (Ines Duarte)", ResourceKind.PERSON, person="ines"),
    Resource("grade-1", "Grading Suite 1", ResourceKind.ROOM),
)


def task(
    task_id: str,
    name: str,
    days: float = 0,
    *,
    owner: str | None = None,
    assign: Iterable[str | tuple[str, str]] = (),
    due: date | None = None,
    must_finish_on: date | None = None,
    not_before: date | None = None,
    progress: Progress | None = None,
) -> Task:
    constraints = []
    if not_before:
        constraints.append(Constraint(ConstraintKind.SNET, not_before))
    if due:
        constraints.append(Constraint(ConstraintKind.FNLT, due))
    if must_finish_on:
        constraints.append(Constraint(ConstraintKind.MFO, must_finish_on))
    assignments = tuple(
        Assignment(a) if isinstance(a, str) else Assignment(a[0], Decimal(a[1])) for a in assign
    )
    return Task(
        id=task_id,
        name=name,
        duration_days=Decimal(str(days)),
        owner=owner,
        milestone=days == 0,
        assignments=assignments,
        constraints=tuple(constraints),
        progress=progress or Progress(),
    )


def chain(*ids: str) -> tuple[Link, ...]:
    """Finish-to-start links along the ids: chain("a", "b", "c") is a -> b -> c."""
    return tuple(Link(a, b) for a, b in pairwise(ids))


def build_plan(tasks: Iterable[Task], links: Iterable[Link], **more: object) -> Plan:
    production = Production("Harbour Lights", "drama-series", 3, 60, "GBP", "GB", "ENG", START)
    fields: dict[str, object] = {
        "production": production,
        "calendars": (CalendarSpec("standard", "Standard week"),),
        "resources": RESOURCES,
        "tasks": tuple(tasks),
        "links": tuple(links),
        "people": PEOPLE,
    }
    fields.update(more)
    return Plan(**fields)  # type: ignore[arg-type]


def rules(plan: Plan, closed: Iterable[date] = (MAY_DAY,)) -> dict[str, DayRule]:
    """Monday to Friday, closed on `closed`, for every calendar of the plan."""
    rule = weekday_rule(range(5), closed)
    return {spec.id: rule for spec in plan.calendars}


def scheduled(
    plan: Plan, *, as_of: date | None = None, closed: Iterable[date] = (MAY_DAY,)
) -> tuple[Schedule, WorkingCalendars]:
    net = compile_network(plan, rules(plan, closed), as_of=as_of)
    return critical_path(net), WorkingCalendars.of_network(net)


def day(text: str) -> date:
    return date.fromisoformat(text)
