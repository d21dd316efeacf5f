"""The schedule as an iCalendar file: one all-day event per task, for a diary or a room's calendar.

Events are all-day (DTEND is exclusive: the inclusive finish plus one day); a milestone is a
one-day event. UIDs are stable (task id @ production slug), so re-importing an updated file
moves events instead of duplicating them. Critical tasks carry the category "Critical". The file
can be filtered to one person (tasks they own, or booked through a resource that is them) or to
one resource (a room's bookings).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event

from picturelock.adapters.exports._atomic import write_bytes_atomic
from picturelock.adapters.exports.rows import TaskRow, schedule_table
from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem
from picturelock.domain.plan import Plan, Task
from picturelock.domain.schedule.result import Schedule

PRODID = "-//Picture Lock//Post schedule//EN"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "production"


def _unknown(field: str, value: str, known: list[str]) -> InvalidInput:
    listed = ", ".join(known) or "none in this plan"
    return InvalidInput([Problem("export", field, f"no {field} {value!r}", expected=f"one of {listed}")])


def _wanted(plan: Plan, person: str | None, resource: str | None) -> set[str]:
    """The ids of the tasks to write: all, or those of one person and/or one resource."""
    wanted = {t.id for t in plan.tasks}
    if person is not None:
        if person not in {p.id for p in plan.people}:
            raise _unknown("person", person, [p.id for p in plan.people])
        theirs = {r.id for r in plan.resources if r.person == person}
        wanted &= {
            t.id for t in plan.tasks if t.owner == person or any(a.resource in theirs for a in t.assignments)
        }
    if resource is not None:
        if resource not in {r.id for r in plan.resources}:
            raise _unknown("resource", resource, [r.id for r in plan.resources])
        wanted &= {t.id for t in plan.tasks if any(a.resource == resource for a in t.assignments)}
    return wanted


def _description(row: TaskRow) -> str:
    lines = []
    if row.group:
        lines.append(f"Group: {row.group}")
    if row.owner:
        lines.append(f"Owner: {row.owner}")
    if row.resources:
        lines.append(f"Resources: {row.resources}")
    lines.append(f"Total float: {row.times.total_float_days:g} working days")
    if row.task.notes:
        lines.append(row.task.notes)
    return "\n".join(lines)


def _event(row: TaskRow, production: str, stamp: datetime) -> Event:
    task: Task = row.task
    event = Event()
    event.add("uid", f"{task.id}@{production}.picturelock")
    event.add("dtstamp", stamp)
    event.add("summary", f"◆ {task.name}" if task.milestone or task.duration_days == 0 else task.name)
    event.add("dtstart", row.start)
    event.add("dtend", row.finish + timedelta(days=1))
    event.add("description", _description(row))
    categories = [c for c in ("Critical" if row.times.critical else "", "Milestone" if task.milestone else "",
                              task.kind) if c]  # fmt: skip
    if categories:
        event.add("categories", categories)
    event.add("transp", "OPAQUE")
    return event


def ics_bytes(
    plan: Plan, schedule: Schedule, *, person: str | None = None, resource: str | None = None,
    stamp: datetime | None = None,
) -> bytes:  # fmt: skip
    wanted = _wanted(plan, person, resource)
    production = _slug(plan.production.title)
    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    title = plan.production.title
    who = next((p.name for p in plan.people if p.id == person), None) if person else None
    where = next((r.name for r in plan.resources if r.id == resource), None) if resource else None
    calendar.add("x-wr-calname", " — ".join(x for x in (title, who, where) if x))
    for row in schedule_table(plan, schedule).rows:
        if row.task.id in wanted:
            calendar.add_component(_event(row, production, stamp))
    data: bytes = calendar.to_ical()
    return data


def write_ics(
    plan: Plan, schedule: Schedule, path: Path, *, person: str | None = None, resource: str | None = None,
    **_: Any,
) -> None:  # fmt: skip
    """All-day events per task, optionally only one person's or one resource's."""
    write_bytes_atomic(Path(path), ics_bytes(plan, schedule, person=person, resource=resource))
