"""Write a plan and its schedule as MS Project XML (MSPDI), for MS Project and ProjectLibre.

Groups become summary tasks (OutlineLevel/OutlineNumber), plan tasks keep their ids in the custom
field Text1 (alias "Picture Lock id") so the file reads back with the same ids (organisations
of tasks and resources in Text2, alias "Picture Lock organisation", when the plan names any), and every
computed date and float of the schedule is written where MSPDI keeps it. Public holidays, which
MSPDI cannot name by country, are written as calendar exceptions for the years the plan spans.
Elements follow the order of Microsoft's MSPDI schema (it is a sequence).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from picturelock.adapters.exports._atomic import write_bytes_atomic
from picturelock.adapters.holiday_calendars import public_holidays
from picturelock.adapters.msproject import codes
from picturelock.domain.calendar import DateSpan, day_of
from picturelock.domain.plan import CalendarSpec, ConstraintKind, Link, Plan, Resource, Task
from picturelock.domain.schedule.result import Schedule, TaskTimes

_MPD = codes.DEFAULT_MINUTES_PER_DAY
_SUNDAY_FIRST = {1: 6, 2: 0, 3: 1, 4: 2, 5: 3, 6: 4, 7: 5}  # MSPDI DayType -> Python weekday


def _add(parent: ET.Element, tag: str, value: object = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if value is not None:
        element.text = value if isinstance(value, str) else _text(value)
    return element


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _minutes(days: Decimal) -> Decimal:
    return days * _MPD


@dataclass(slots=True)
class _Uids:
    calendars: dict[str, int] = field(default_factory=dict)
    resource_calendars: dict[str, int] = field(default_factory=dict)
    tasks: dict[str, int] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)
    resources: dict[str, int] = field(default_factory=dict)


# -- calendars ------------------------------------------------------------------------------------
def _years(plan: Plan, schedule: Schedule) -> range:
    last = max(day_of(schedule.origin, schedule.finish), plan.production.start)
    return range(plan.production.start.year, last.year + 2)


def _holidays(spec: CalendarSpec, plan: Plan, years: range) -> list[DateSpan]:
    """The calendar's own public holidays as one-day spans, for the years the plan spans."""
    country = spec.country if spec.country is not None else plan.production.country
    region = spec.region if spec.country is not None else plan.production.region
    table = public_holidays(country, region)
    found: list[DateSpan] = []
    for year in years:
        day = date(year, 1, 1)
        while day.year == year:
            name = table.get(day)
            if name:
                found.append(DateSpan(day, day, str(name)))
            day += timedelta(days=1)
    return found


def _closures(spec: CalendarSpec, plan: Plan, years: range) -> list[DateSpan]:
    """Shutdowns and holidays of the calendar and of its base chain, without overlaps.

    MSPDI base calendars cannot derive from one another, so a calendar with a base is written
    as a base calendar of its own carrying its base's closures too: the same working days.
    """
    specs = {c.id: c for c in plan.calendars}
    spans: list[DateSpan] = []
    seen: set[str] = set()
    current: CalendarSpec | None = spec
    while current is not None and current.id not in seen:
        seen.add(current.id)
        spans.extend(current.shutdowns)
        spans.extend(_holidays(current, plan, years))
        current = specs.get(current.base) if current.base else None
    covered: set[date] = set()
    result: list[DateSpan] = []
    for span in spans:
        run: list[date] = []
        for day in [*span.days(), None]:
            if day is not None and day not in covered:
                run.append(day)
                continue
            if run:
                result.append(DateSpan(run[0], run[-1], span.reason))
                run = []
        covered.update(span.days())
    return result


def _working_times(parent: ET.Element) -> None:
    times = _add(parent, "WorkingTimes")
    for start, finish in (codes.MORNING, codes.AFTERNOON):
        slot = _add(times, "WorkingTime")
        _add(slot, "FromTime", start.strftime("%H:%M:%S"))
        _add(slot, "ToTime", finish.strftime("%H:%M:%S"))


def _week_days(parent: ET.Element, weekdays: frozenset[int]) -> None:
    days = _add(parent, "WeekDays")
    for day_type in range(1, 8):
        day = _add(days, "WeekDay")
        _add(day, "DayType", day_type)
        working = _SUNDAY_FIRST[day_type] in weekdays
        _add(day, "DayWorking", working)
        if working:
            _working_times(day)


def _exception(parent: ET.Element, span: DateSpan, working: bool) -> None:
    exception = _add(parent, "Exception")
    _add(exception, "EnteredByOccurrences", False)
    period = _add(exception, "TimePeriod")
    _add(period, "FromDate", codes.stamp(datetime.combine(span.first, datetime.min.time())))
    _add(
        period,
        "ToDate",
        codes.stamp(datetime.combine(span.last, datetime.min.time()).replace(hour=23, minute=59)),
    )
    _add(exception, "Occurrences", 1)
    _add(exception, "Name", span.reason or ("Working day" if working else "Closed"))
    _add(exception, "Type", 1)  # daily
    _add(exception, "DayWorking", working)
    if working:
        _working_times(exception)


def _runs(span: DateSpan, skip: frozenset[date]) -> list[DateSpan]:
    """`span` split around the days in `skip` (an extra working day wins over a closure)."""
    runs: list[DateSpan] = []
    run: list[date] = []
    for day in [*span.days(), None]:
        if day is not None and day not in skip:
            run.append(day)
        elif run:
            runs.append(DateSpan(run[0], run[-1], span.reason))
            run = []
    return runs


def _exceptions(parent: ET.Element, closed: list[DateSpan], extra: frozenset[date]) -> None:
    if not closed and not extra:
        return
    exceptions = _add(parent, "Exceptions")
    runs = [run for shut in closed for run in _runs(shut, extra)]
    for run in sorted(runs, key=lambda s: s.first):
        _exception(exceptions, run, working=False)
    for day in sorted(extra):
        _exception(exceptions, DateSpan(day, day, "Working day"), working=True)


def _calendar(parent: ET.Element, uid: int, name: str, base_uid: int | None) -> ET.Element:
    calendar = _add(parent, "Calendar")
    _add(calendar, "UID", uid)
    _add(calendar, "Name", name)
    _add(calendar, "IsBaseCalendar", base_uid is None)
    _add(calendar, "BaseCalendarUID", -1 if base_uid is None else base_uid)
    return calendar


def _calendars(root: ET.Element, plan: Plan, schedule: Schedule, uids: _Uids) -> None:
    calendars = _add(root, "Calendars")
    for number, spec in enumerate(plan.calendars, start=1):
        uids.calendars[spec.id] = number
    years = _years(plan, schedule)
    for spec in plan.calendars:
        calendar = _calendar(calendars, uids.calendars[spec.id], spec.name, None)
        _week_days(calendar, spec.working_weekdays)
        _exceptions(calendar, _closures(spec, plan, years), spec.extra_working_days)
    next_uid = len(plan.calendars) + 1
    for resource in plan.resources:
        base_id = resource.calendar or plan.project_calendar
        calendar = _calendar(calendars, next_uid, resource.name, uids.calendars[base_id])
        _exceptions(calendar, list(resource.leave), frozenset())
        uids.resource_calendars[resource.id] = next_uid
        next_uid += 1


# -- tasks ----------------------------------------------------------------------------------------
def _outline(plan: Plan) -> list[tuple[str, str, int, str]]:
    """Rows in outline order: (kind "group"/"task", id, outline level, outline number)."""
    position: dict[str, int] = {}
    parents = {g.id: g.parent for g in plan.groups}
    for index, task in enumerate(plan.tasks):
        group = task.group
        while group is not None and group not in position:
            position[group] = index
            group = parents.get(group)
    late = len(plan.tasks)
    items: dict[str | None, list[tuple[int, str, str]]] = {}
    for order, summary in enumerate(plan.groups):
        items.setdefault(summary.parent, []).append(
            (position.get(summary.id, late + order), "group", summary.id)
        )
    for index, task in enumerate(plan.tasks):
        items.setdefault(task.group, []).append((index, "task", task.id))
    rows: list[tuple[str, str, int, str]] = []

    def walk(parent: str | None, level: int, prefix: str) -> None:
        for number, (_, kind, item) in enumerate(sorted(items.get(parent, [])), start=1):
            outline = f"{prefix}{number}"
            rows.append((kind, item, level, outline))
            if kind == "group":
                walk(item, level + 1, outline + ".")

    walk(None, 1, "")
    return rows


def _id_attribute(parent: ET.Element, field_id: int, value: str) -> None:
    attribute = _add(parent, "ExtendedAttribute")
    _add(attribute, "FieldID", field_id)
    _add(attribute, "Value", value)


def _times(task: ET.Element, origin: date, times: TaskTimes, milestone: bool) -> None:
    def start(point: int) -> str:
        return (
            codes.point_finish(origin, point) if milestone and point > 0 else codes.point_start(origin, point)
        )

    _add(task, "Critical", times.critical)
    _add(task, "EarlyStart", start(times.early_start))
    _add(
        task,
        "EarlyFinish",
        codes.point_finish(origin, times.early_finish) if times.early_finish > 0 else start(0),
    )
    _add(task, "LateStart", start(times.late_start))
    _add(
        task,
        "LateFinish",
        codes.point_finish(origin, times.late_finish) if times.late_finish > 0 else start(0),
    )
    _add(task, "FreeSlack", codes.slack_tenths(times.free_float))
    _add(task, "TotalSlack", codes.slack_tenths(times.total_float))


def _progress(element: ET.Element, task: Task) -> None:
    progress = task.progress
    if progress.actual_start:
        _add(element, "ActualStart", codes.start_stamp(progress.actual_start))
    if progress.actual_finish:
        _add(element, "ActualFinish", codes.finish_stamp(progress.actual_finish))
    if progress.actual_finish is not None:
        remaining = Decimal(0)
    elif progress.remaining_days is not None:
        remaining = progress.remaining_days
    else:
        remaining = task.duration_days
    done = max(task.duration_days - remaining, Decimal(0)) if progress.actual_start else Decimal(0)
    _add(element, "ActualDuration", codes.iso_duration(_minutes(done)))
    _add(element, "RemainingDuration", codes.iso_duration(_minutes(remaining)))


def _constraints(element: ET.Element, task: Task) -> None:
    """One ConstraintType (MFO before SNET before FNLT); a further FNLT becomes the Deadline."""
    by_kind = {c.kind: c.on for c in task.constraints}
    chosen = next(
        (k for k in (ConstraintKind.MFO, ConstraintKind.SNET, ConstraintKind.FNLT) if k in by_kind), None
    )
    _add(element, "ConstraintType", codes.CONSTRAINT_CODES[chosen] if chosen else 0)
    _add(element, "CalendarUID", -1)  # replaced below when the task has its own calendar
    if chosen is not None:
        on = by_kind[chosen]
        _add(
            element,
            "ConstraintDate",
            codes.start_stamp(on) if chosen is ConstraintKind.SNET else codes.finish_stamp(on),
        )
    if chosen is not ConstraintKind.FNLT and ConstraintKind.FNLT in by_kind:
        _add(element, "Deadline", codes.finish_stamp(by_kind[ConstraintKind.FNLT]))


def _link(element: ET.Element, link: Link, uids: _Uids) -> None:
    node = _add(element, "PredecessorLink")
    _add(node, "PredecessorUID", uids.tasks[link.predecessor])
    _add(node, "Type", codes.LINK_CODES[link.type])
    _add(node, "CrossProject", False)
    per_day = codes.ELAPSED_MINUTES_PER_DAY if link.lag_elapsed else _MPD
    _add(node, "LinkLag", int(link.lag_days * per_day * 10))
    _add(node, "LagFormat", codes.FORMAT_ELAPSED_DAYS if link.lag_elapsed else codes.FORMAT_DAYS)


def _baselines(element: ET.Element, plan: Plan, task_id: str) -> None:
    for number, baseline in enumerate(plan.baselines[:11]):
        entry = baseline.tasks.get(task_id)
        if entry is None:
            continue
        node = _add(element, "Baseline")
        _add(node, "Number", number)
        _add(node, "Start", codes.start_stamp(entry.start))
        _add(node, "Finish", codes.finish_stamp(entry.finish))


def _task_element(ctx: _Context, task: Task, level: int, outline: str) -> None:
    origin, uids = ctx.schedule.origin, ctx.uids
    times = ctx.schedule.tasks.get(task.id)
    element = _add(ctx.tasks, "Task")
    _add(element, "UID", uids.tasks[task.id])
    _add(element, "ID", uids.tasks[task.id])
    _add(element, "Name", task.name)
    _add(element, "Manual", task.pinned_start is not None)
    _add(element, "Type", 1)  # fixed duration: a booking of a room or a person for so many days
    _add(element, "IsNull", False)
    _add(element, "OutlineNumber", outline)
    _add(element, "OutlineLevel", level)
    _add(element, "Priority", task.priority)
    milestone = task.milestone or task.duration_days == 0
    if task.pinned_start is not None and times is None:
        _add(element, "Start", codes.start_stamp(task.pinned_start))
    elif times is not None:
        if milestone and times.start == times.finish:
            at = (
                codes.point_finish(origin, times.finish) if times.finish > 0 else codes.point_start(origin, 0)
            )
            _add(element, "Start", at)
            _add(element, "Finish", at)
        else:
            _add(element, "Start", codes.point_start(origin, times.start))
            _add(element, "Finish", codes.point_finish(origin, times.finish))
    _add(element, "Duration", codes.iso_duration(_minutes(task.duration_days)))
    _add(element, "DurationFormat", codes.FORMAT_DAYS)
    _add(element, "Milestone", task.milestone)
    _add(element, "Summary", False)
    if times is not None:
        _times(element, origin, times, milestone)
    _progress(element, task)
    _constraints(element, task)
    if task.calendar:
        element.find("CalendarUID").text = str(uids.calendars[task.calendar])  # type: ignore[union-attr]
    if times is not None and ctx.schedule.levelled and times.start > times.early_start:
        _add(element, "LevelingDelay", (times.start - times.early_start) * codes.ELAPSED_MINUTES_PER_DAY * 5)
        _add(element, "LevelingDelayFormat", codes.FORMAT_ELAPSED_DAYS)
    if task.notes:
        _add(element, "Notes", task.notes)
    for link in ctx.preds.get(task.id, []):
        _link(element, link, uids)
    _id_attribute(element, codes.TASK_TEXT1, task.id)
    if task.organisation is not None:
        _id_attribute(element, codes.TASK_TEXT2, task.organisation)
    _baselines(element, ctx.plan, task.id)


def _summary_element(ctx: _Context, group_id: str, level: int, outline: str) -> None:
    group = next(g for g in ctx.plan.groups if g.id == group_id)
    members = [ctx.schedule.tasks[t] for t in ctx.members.get(group_id, ()) if t in ctx.schedule.tasks]
    element = _add(ctx.tasks, "Task")
    _add(element, "UID", ctx.uids.groups[group_id])
    _add(element, "ID", ctx.uids.groups[group_id])
    _add(element, "Name", group.name)
    _add(element, "Type", 1)
    _add(element, "IsNull", False)
    _add(element, "OutlineNumber", outline)
    _add(element, "OutlineLevel", level)
    if members:
        _add(element, "Start", codes.point_start(ctx.schedule.origin, min(t.start for t in members)))
        _add(element, "Finish", codes.point_finish(ctx.schedule.origin, max(t.finish for t in members)))
    _add(element, "Milestone", False)
    _add(element, "Summary", True)
    _add(element, "Critical", any(t.critical for t in members))
    _id_attribute(element, codes.TASK_TEXT1, group_id)


def _members(plan: Plan) -> dict[str, list[str]]:
    """Each group's tasks, its subgroups' included."""
    parent = {g.id: g.parent for g in plan.groups}
    members: dict[str, list[str]] = {}
    for task in plan.tasks:
        group, seen = task.group, set()
        while group is not None and group not in seen:
            seen.add(group)
            members.setdefault(group, []).append(task.id)
            group = parent.get(group)
    return members


@dataclass(slots=True)
class _Context:
    plan: Plan
    schedule: Schedule
    uids: _Uids
    tasks: ET.Element
    preds: dict[str, list[Link]]
    members: dict[str, list[str]]


def _tasks(root: ET.Element, plan: Plan, schedule: Schedule, uids: _Uids) -> None:
    rows = _outline(plan)
    for number, (kind, item, _, _) in enumerate(rows, start=1):
        (uids.groups if kind == "group" else uids.tasks)[item] = number
    preds: dict[str, list[Link]] = {}
    for link in plan.links:
        preds.setdefault(link.successor, []).append(link)
    ctx = _Context(plan, schedule, uids, _add(root, "Tasks"), preds, _members(plan))
    tasks = {t.id: t for t in plan.tasks}
    for kind, item, level, outline in rows:
        if kind == "group":
            _summary_element(ctx, item, level, outline)
        else:
            _task_element(ctx, tasks[item], level, outline)


# -- resources and assignments --------------------------------------------------------------------
def _resource(parent: ET.Element, resource: Resource, uids: _Uids) -> None:
    element = _add(parent, "Resource")
    _add(element, "UID", uids.resources[resource.id])
    _add(element, "ID", uids.resources[resource.id])
    _add(element, "Name", resource.name)
    _add(element, "Type", 1)  # work: people, rooms and kit are all booked by time
    _add(element, "IsNull", False)
    _add(element, "Group", resource.kind.value)
    _add(element, "MaxUnits", resource.capacity)
    _add(element, "CalendarUID", uids.resource_calendars[resource.id])
    _id_attribute(element, codes.RESOURCE_TEXT1, resource.id)
    if resource.organisation is not None:
        _id_attribute(element, codes.RESOURCE_TEXT2, resource.organisation)


def _assignments(root: ET.Element, plan: Plan, schedule: Schedule, uids: _Uids) -> None:
    assignments = _add(root, "Assignments")
    number = 0
    for task in plan.tasks:
        times = schedule.tasks.get(task.id)
        for assignment in task.assignments:
            number += 1
            element = _add(assignments, "Assignment")
            _add(element, "UID", number)
            _add(element, "TaskUID", uids.tasks[task.id])
            _add(element, "ResourceUID", uids.resources[assignment.resource])
            if times is not None and times.finish > times.start:
                _add(element, "Finish", codes.point_finish(schedule.origin, times.finish))
                _add(element, "Start", codes.point_start(schedule.origin, times.start))
            _add(element, "Units", assignment.units)
            _add(element, "Work", codes.iso_duration(_minutes(task.duration_days) * assignment.units))


def _resources(root: ET.Element, plan: Plan, uids: _Uids) -> None:
    resources = _add(root, "Resources")
    for resource in plan.resources:
        _resource(resources, resource, uids)


# -- the project ----------------------------------------------------------------------------------
def _header(root: ET.Element, plan: Plan, schedule: Schedule) -> None:
    production = plan.production
    _add(root, "SaveVersion", 14)
    _add(root, "Name", f"{production.title}.xml")
    _add(root, "Title", production.title)
    _add(root, "ScheduleFromStart", True)
    _add(root, "StartDate", codes.start_stamp(production.start))
    _add(root, "FinishDate", codes.point_finish(schedule.origin, max(schedule.finish, 1)))
    _add(root, "CurrencyCode", production.currency)
    _add(root, "CalendarUID", 0)  # set once the calendars have UIDs
    _add(root, "DefaultStartTime", "08:00:00")
    _add(root, "DefaultFinishTime", "17:00:00")
    _add(root, "MinutesPerDay", _MPD)
    project = next((c for c in plan.calendars if c.id == plan.project_calendar), None)
    _add(root, "MinutesPerWeek", _MPD * len(project.working_weekdays) if project else _MPD * 5)
    _add(root, "DaysPerMonth", 20)
    _add(root, "DurationFormat", codes.FORMAT_DAYS)
    if plan.status_date:
        _add(root, "StatusDate", codes.finish_stamp(plan.status_date))
    attributes = _add(root, "ExtendedAttributes")
    fields = [(codes.TASK_TEXT1, "Text1", codes.ID_ALIAS), (codes.RESOURCE_TEXT1, "Text1", codes.ID_ALIAS)]
    if any(t.organisation is not None for t in plan.tasks):
        fields.append((codes.TASK_TEXT2, "Text2", codes.ORGANISATION_ALIAS))
    if any(r.organisation is not None for r in plan.resources):
        fields.append((codes.RESOURCE_TEXT2, "Text2", codes.ORGANISATION_ALIAS))
    for field_id, name, alias in fields:
        attribute = _add(attributes, "ExtendedAttribute")
        _add(attribute, "FieldID", field_id)
        _add(attribute, "FieldName", name)
        _add(attribute, "Alias", alias)


def project_element(plan: Plan, schedule: Schedule) -> ET.Element:
    """The whole MSPDI document as an element tree (namespace declared on the root)."""
    root = ET.Element("Project", {"xmlns": codes.NAMESPACE})
    uids = _Uids()
    _header(root, plan, schedule)
    _calendars(root, plan, schedule, uids)
    root.find("CalendarUID").text = str(uids.calendars[plan.project_calendar])  # type: ignore[union-attr]
    for number, resource in enumerate(plan.resources, start=1):
        uids.resources[resource.id] = number
    _tasks(root, plan, schedule, uids)
    _resources(root, plan, uids)
    _assignments(root, plan, schedule, uids)
    return root


def mspdi_bytes(plan: Plan, schedule: Schedule) -> bytes:
    root = project_element(plan, schedule)
    ET.indent(root, space="  ")
    body: bytes = ET.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body + b"\n"


def write_mspdi(plan: Plan, schedule: Schedule, path: Path, **_options: Any) -> None:
    """Write `plan` with `schedule` to `path` as MSPDI; nothing is written if anything fails."""
    write_bytes_atomic(Path(path), mspdi_bytes(plan, schedule))
