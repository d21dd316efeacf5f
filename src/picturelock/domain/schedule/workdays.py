"""Working days for monitoring: which calendar counts a slip, a due date or an idle day.

Forecast, follow-ups, notes and escalations all count in working days, each on the calendar of
whoever the days belong to: a task's slip on the task's calendar (its resources' calendars and
leave), an editor's idle days on the editor's calendar, a sign-off's lateness on the project
calendar. `WorkingCalendars` holds those `WorkingTime`s, usually taken from the compiled
`Network`, so the domain stays pure: the service resolves holidays, the domain only counts.

Dates here are inclusive calendar days; "the end of a day" is the point after its afternoon.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from picturelock.domain.calendar import SLOTS_PER_DAY, WorkingTime, day_of, days_from_slots, slot_of
from picturelock.domain.schedule.network import Network


@dataclass(frozen=True, slots=True)
class WorkingCalendars:
    """The working time of the project, of each task and of each resource."""

    project: WorkingTime
    tasks: Mapping[str, WorkingTime]
    resources: Mapping[str, WorkingTime]

    @classmethod
    def of_network(cls, net: Network) -> WorkingCalendars:
        return cls(
            project=net.project_calendar,
            tasks=dict(zip(net.ids, net.calendar, strict=True)),
            resources=dict(zip(net.resource_ids, net.resource_calendar, strict=True)),
        )

    def for_task(self, task_id: str) -> WorkingTime:
        return self.tasks.get(task_id, self.project)

    def for_resource(self, resource_id: str) -> WorkingTime:
        return self.resources.get(resource_id, self.project)


def day_start(calendar: WorkingTime, day: date) -> int:
    """The point at which `day` begins (its morning slot)."""
    return slot_of(calendar.origin, day)


def day_end(calendar: WorkingTime, day: date) -> int:
    """The point at which `day` ends: where a task finishing on `day` has its exclusive finish."""
    return slot_of(calendar.origin, day) + SLOTS_PER_DAY


def working_days_between(calendar: WorkingTime, start: int, finish: int) -> float:
    """Working days in [start, finish) between two points; negative when finish comes first."""
    return days_from_slots(calendar.work_between(start, finish))


def working_days_after(calendar: WorkingTime, after: date, through: date) -> float:
    """Working days after the day `after` up to and including `through` (0 when none, never < 0).

    A sign-off due on Friday and still missing on Monday is 1 working day overdue.
    """
    if through <= after:
        return 0.0
    return working_days_between(calendar, day_end(calendar, after), day_end(calendar, through))


def working_days_before(calendar: WorkingTime, day: date, days: int) -> date:
    """The working day `days` working days before `day` (a brief due 5 days before a Monday start
    is due on the Monday before). With 0, `day` itself."""
    if days <= 0:
        return day
    k = calendar.work_before(day_start(calendar, day)) - days * SLOTS_PER_DAY
    return day_of(calendar.origin, calendar.slot_at(k))


def working_days_later(calendar: WorkingTime, day: date, days: int) -> date:
    """The working day on which `days` working days after the end of `day` are up (notes due two
    working days after a cut delivered on Friday are due on Tuesday). With 0, `day` itself."""
    if days <= 0:
        return day
    finish = calendar.add_work(day_end(calendar, day), days * SLOTS_PER_DAY)
    return day_of(calendar.origin, finish - 1)


def format_days(days: float) -> str:
    """Working days for people: "1 day", "2.5 days", "-2 days"."""
    text = f"{days:g}"
    return f"{text} day" if abs(days) == 1 else f"{text} days"
