"""The schedule as one row per task: the data model behind the CSV, XLSX and iCalendar writers.

Dates are inclusive calendar days; floats, slip and levelling delay are working days. Slip and
levelling delay are counted on the project calendar; float on the task's own calendar (as the
engine computes it). The baseline compared against is the plan's first (MS Project's Baseline 0)
unless one is named.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from picturelock.adapters.holiday_calendars import day_rules
from picturelock.domain.calendar import WorkingTime, days_from_slots
from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem
from picturelock.domain.plan import Baseline, Plan, Task
from picturelock.domain.schedule.result import Schedule, TaskTimes, finish_date, start_date

HEADERS = (
    "id", "name", "group", "kind", "owner", "resources", "start", "finish",
    "early start", "early finish", "late start", "late finish",
    "total float (days)", "free float (days)", "critical",
)  # fmt: skip
BASELINE_HEADERS = ("baseline start", "baseline finish", "slip (days)")
LEVELLING_HEADER = "levelling delay (days)"


@dataclass(frozen=True, slots=True)
class TaskRow:
    task: Task
    times: TaskTimes
    group: str
    owner: str
    resources: str
    start: date
    finish: date
    early: tuple[date, date]
    late: tuple[date, date]
    baseline: tuple[date, date] | None
    slip_days: float | None
    levelling_delay_days: float


@dataclass(frozen=True, slots=True)
class ScheduleTable:
    headers: tuple[str, ...]
    rows: tuple[TaskRow, ...]
    baseline: Baseline | None

    def values(self, row: TaskRow) -> list[object]:
        """The row's cells in header order: dates as dates, days as numbers, critical as a bool."""
        t = row.times
        cells: list[object] = [
            row.task.id, row.task.name, row.group, row.task.kind, row.owner, row.resources,
            row.start, row.finish, *row.early, *row.late,
            t.total_float_days, t.free_float_days, t.critical,
        ]  # fmt: skip
        if self.baseline is not None:
            first, last = row.baseline or (None, None)
            cells += [first, last, row.slip_days]
        cells.append(row.levelling_delay_days)
        return cells


def units_text(units: Decimal) -> str:
    return "" if units == 1 else f" ×{format(units.normalize(), 'f')}"


def _baseline(plan: Plan, name: str | None) -> Baseline | None:
    if name is None:
        return plan.baselines[0] if plan.baselines else None
    for baseline in plan.baselines:
        if baseline.name == name:
            return baseline
    known = ", ".join(repr(b.name) for b in plan.baselines) or "none"
    raise InvalidInput(
        [Problem("export", "baseline", f"no baseline called {name!r}", expected=f"one of {known}")]
    )


def _slip(calendar: WorkingTime, planned: date, forecast: date) -> float:
    """Working days the finish moved: positive late, negative early."""
    if forecast > planned:
        return calendar.working_days(planned + timedelta(days=1), forecast)
    if forecast < planned:
        return -calendar.working_days(forecast + timedelta(days=1), planned)
    return 0.0


def schedule_table(plan: Plan, schedule: Schedule, baseline: str | None = None) -> ScheduleTable:
    """Every scheduled task of `plan` as a row, in plan order."""
    chosen = _baseline(plan, baseline)
    rules = day_rules(plan.calendars, plan.production)
    calendar = WorkingTime(plan.project_calendar, schedule.origin, rules[plan.project_calendar])
    names = _names(plan)
    rows = [_row(task, schedule, names, calendar, chosen) for task in plan.tasks if task.id in schedule.tasks]
    headers = HEADERS + (BASELINE_HEADERS if chosen else ()) + (LEVELLING_HEADER,)
    return ScheduleTable(headers, tuple(rows), chosen)


def _names(plan: Plan) -> dict[str, str]:
    names = {p.id: p.name for p in plan.people}
    names.update({f"group:{g.id}": g.name for g in plan.groups})
    names.update({f"resource:{r.id}": r.name for r in plan.resources})
    return names


def _row(
    task: Task, schedule: Schedule, names: Mapping[str, str], calendar: WorkingTime, baseline: Baseline | None
) -> TaskRow:
    times, origin = schedule.tasks[task.id], schedule.origin
    start, finish = schedule.start_date(task.id), schedule.finish_date(task.id)
    entry = baseline.tasks.get(task.id) if baseline else None
    delay = calendar.work_between(times.early_start, times.start) if times.start > times.early_start else 0
    return TaskRow(
        task=task,
        times=times,
        group=names.get(f"group:{task.group}", task.group or ""),
        owner=names.get(task.owner or "", task.owner or ""),
        resources="; ".join(
            names.get(f"resource:{a.resource}", a.resource) + units_text(a.units) for a in task.assignments
        ),
        start=start,
        finish=finish,
        early=(start_date(origin, times.early_start, times.early_finish),
               finish_date(origin, times.early_start, times.early_finish)),
        late=(start_date(origin, times.late_start, times.late_finish),
              finish_date(origin, times.late_start, times.late_finish)),
        baseline=(entry.start, entry.finish) if entry else None,
        slip_days=_slip(calendar, entry.finish, finish) if entry else None,
        levelling_delay_days=days_from_slots(delay),
    )  # fmt: skip
