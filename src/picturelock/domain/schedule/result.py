"""A computed schedule: every task's dates, floats and what drives them.

Times are points on the plan's half-day slot axis (see `picturelock.domain.calendar`): starts
are the beginning of a working slot, finishes are exclusive. Floats are counted in working slots
of the task's own calendar. Use `start_date` / `finish_date` to show them as inclusive days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from picturelock.domain.calendar import day_of, days_from_slots


@dataclass(frozen=True, slots=True)
class Driver:
    """Why a date is what it is.

    kind: "project start", "link", "constraint", "actual", "pinned", "status date", "resource".
    text: a sentence for people, e.g. "FS + 2d after EP1-OFF (Ep 1 offline)" or
    "waited 3 days for Grading Suite 1, booked by Ep 2 grade".
    """

    kind: str
    text: str
    task: str | None = None  # the other task involved, if any
    at_day_start: bool = False  # the bound is the start of a day (a start constraint, an SS/SF
    # link, the status date): a milestone it sets falls on that day, not at the end of the one before


@dataclass(frozen=True, slots=True)
class TaskTimes:
    task_id: str
    calendar: str
    early_start: int
    early_finish: int
    late_start: int
    late_finish: int
    start: int  # as scheduled: early dates, or levelled/pinned/actual dates
    finish: int
    total_float: int  # working slots on the task's calendar; negative when a date can't be met
    free_float: int
    critical: bool
    start_driver: Driver
    late_driver: Driver  # what bounds the late finish: a successor, a constraint, project end
    resources: tuple[str, ...] = ()
    levelling_delays: tuple[Driver, ...] = ()  # why levelling moved it, oldest cause first

    @property
    def total_float_days(self) -> float:
        return days_from_slots(self.total_float)

    @property
    def free_float_days(self) -> float:
        return days_from_slots(self.free_float)


@dataclass(frozen=True, slots=True)
class Schedule:
    origin: date
    tasks: dict[str, TaskTimes]  # in plan order
    start: int
    finish: int
    working_days: float  # span on the project calendar
    critical_path: tuple[str, ...]
    levelled: bool = False
    optimal: bool | None = None  # set by the optimiser: proven optimal or not
    float_before_levelling: dict[str, int] = field(default_factory=dict)
    as_of: date | None = None
    notes: tuple[str, ...] = ()  # what levelling or the optimiser wants a user to know

    def start_date(self, task_id: str) -> date:
        times = self.tasks[task_id]
        return start_date(self.origin, times.start, times.finish, times.start_driver.at_day_start)

    def finish_date(self, task_id: str) -> date:
        times = self.tasks[task_id]
        return finish_date(self.origin, times.start, times.finish, times.start_driver.at_day_start)


def start_date(origin: date, start: int, finish: int, at_day_start: bool = False) -> date:
    """The calendar day a task starts. A milestone (start == finish) is dated like its finish."""
    if start == finish:
        return finish_date(origin, start, finish, at_day_start)
    return day_of(origin, start)


def finish_date(origin: date, start: int, finish: int, at_day_start: bool = False) -> date:
    """The inclusive calendar day a task finishes (a one-day task starts and finishes on it).

    A milestone at point t falls at the end of the day before t (delivered "by close of play"),
    unless what sets it is the start of a day (`at_day_start`: a start-no-earlier-than date, an
    SS or SF link, the status date), or t is the very start of the axis: then it is dated on t's day.
    """
    if start == finish and (at_day_start or finish <= 0):
        return day_of(origin, max(finish, 0))
    return day_of(origin, finish - 1)
