"""Small post plans for the monitoring tests, written the way a supervisor would say them.

`build_plan` takes tasks and links as short tuples; `scheduled` computes the schedule with the
real critical path engine (`domain.schedule.cpm.critical_path`) when it is there, else with a
minimal finish-to-start pass below that follows the same documented semantics (forward/backward
pass, MFO as FNET forward and FNLT backward, progress as of a status date, drivers).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
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
from picturelock.domain.schedule.network import DayRule, Network, compile_network
from picturelock.domain.schedule.result import Driver, Schedule, TaskTimes
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
    try:
        from picturelock.domain.schedule.cpm import critical_path
    except ImportError:
        critical_path = _fs_critical_path
    schedule = critical_path(net)
    if as_of is not None and schedule.as_of is None:
        from dataclasses import replace

        schedule = replace(schedule, as_of=as_of)
    return schedule, WorkingCalendars.of_network(net)


def day(text: str) -> date:
    return date.fromisoformat(text)


def days_after(first: date, n: int) -> date:
    return first + timedelta(days=n)


# -- a minimal finish-to-start critical path, only until the real engine lands ---------------
def _topological(net: Network) -> list[int]:
    remaining = [len(p) for p in net.preds]
    ready = [i for i, r in enumerate(remaining) if r == 0]
    order = []
    while ready:
        i = ready.pop(0)
        order.append(i)
        for s, *_ in net.succs[i]:
            remaining[s] -= 1
            if remaining[s] == 0:
                ready.append(s)
    return order


def _forward(net: Network, i: int, ef: Mapping[int, int]) -> tuple[int, int, Driver]:
    cal, dur = net.calendar[i], net.duration[i]
    if net.actual_start[i] is not None:
        start = net.actual_start[i]
        assert start is not None
        finish = net.actual_finish[i]
        if finish is None:
            finish = cal.add_work(max(start, net.status_point or start), dur)
        return start, finish, Driver("actual", "actual start")
    bound, driver = 0, Driver("project start", "project start")
    if net.status_point is not None and net.status_point > bound:
        bound, driver = net.status_point, Driver("status date", "status date")
    for p, _type, lag, _elapsed in net.preds[i]:
        b = net.calendar[p].add_work(ef[p], lag) if lag else ef[p]
        if b > bound:
            bound, driver = b, Driver("link", f"FS after {net.ids[p]}", task=net.ids[p])
    snet = net.snet[i]
    if snet is not None and snet > bound:
        bound, driver = snet, Driver("constraint", "start no earlier than")
    start = bound if net.milestone[i] else cal.next_start(bound)
    finish = cal.add_work(start, dur)
    mfo = net.mfo[i]
    if mfo is not None and finish < mfo:
        finish = mfo
        start = mfo if net.milestone[i] else cal.start_for_finish(mfo, dur)
        driver = Driver("constraint", "must finish on")
    return start, finish, driver


def _fs_critical_path(net: Network) -> Schedule:
    order = _topological(net)
    es: dict[int, int] = {}
    ef: dict[int, int] = {}
    drivers: dict[int, Driver] = {}
    for i in order:
        es[i], ef[i], drivers[i] = _forward(net, i, ef)
    end = max(ef.values())
    ls: dict[int, int] = {}
    lf: dict[int, int] = {}
    late: dict[int, Driver] = {}
    for i in reversed(order):
        cal = net.calendar[i]
        bound, driver = end, Driver("project finish", "project finish")
        for s, _type, lag, _elapsed in net.succs[i]:
            b = cal.start_for_finish(ls[s], lag) if lag else ls[s]
            if b < bound or (b == bound and driver.kind == "project finish"):
                bound, driver = b, Driver("link", f"FS before {net.ids[s]}", task=net.ids[s])
        for c in (net.fnlt[i], net.mfo[i]):
            if c is not None and c < bound:
                bound, driver = c, Driver("constraint", "due date")
        lf[i], late[i] = bound, driver
        ls[i] = bound if net.milestone[i] else cal.start_for_finish(bound, net.duration[i])
    times = {}
    for i, task_id in enumerate(net.ids):
        tf = net.calendar[i].work_between(es[i], ls[i])
        times[task_id] = TaskTimes(
            task_id,
            net.calendar[i].name,
            es[i],
            ef[i],
            ls[i],
            lf[i],
            es[i],
            ef[i],
            tf,
            tf,
            tf <= 0,
            drivers[i],
            late[i],
        )
    critical = tuple(t for t in net.ids if times[t].critical)
    return Schedule(net.origin, times, min(es.values()), end, 0.0, critical)
