"""Forecast against baseline: where each task, milestone and the whole post now lands.

A baseline holds the agreed start and finish day of each task. The forecast is the schedule
computed as of a status date (actuals kept, remaining work pushed past the status date). The slip
of a task is counted in working days on the task's own calendar (a task that moved from Friday
to Monday slipped 1 day, not 3); the project's slip on the project calendar. A milestone is
compared on its day only (its start is its finish). Tasks missing from the baseline (added since)
have no slip: they are shown, not judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from picturelock.domain.plan import Baseline, Plan, Task
from picturelock.domain.schedule.result import Schedule, finish_date
from picturelock.domain.schedule.workdays import (
    WorkingCalendars,
    day_end,
    day_start,
    working_days_between,
)


@dataclass(frozen=True, slots=True)
class TaskForecast:
    """One task: baseline days, forecast days, slips in working days (positive = later)."""

    task_id: str
    name: str
    milestone: bool
    start: date
    finish: date
    baseline_start: date | None
    baseline_finish: date | None
    start_slip_days: float | None
    finish_slip_days: float | None
    total_float_days: float
    critical: bool

    @property
    def slipped(self) -> bool:
        return self.finish_slip_days is not None and self.finish_slip_days > 0

    def to_json(self) -> dict[str, object]:
        return {
            "task": self.task_id,
            "name": self.name,
            "milestone": self.milestone,
            "start": self.start.isoformat(),
            "finish": self.finish.isoformat(),
            "baseline_start": _iso(self.baseline_start),
            "baseline_finish": _iso(self.baseline_finish),
            "start_slip_days": self.start_slip_days,
            "finish_slip_days": self.finish_slip_days,
            "total_float_days": self.total_float_days,
            "critical": self.critical,
        }


@dataclass(frozen=True, slots=True)
class Forecast:
    """Every task's forecast in plan order, and the project finish against the baseline's."""

    baseline: str | None  # the baseline's name; None when the plan has none
    as_of: date | None
    tasks: dict[str, TaskForecast]
    finish: date
    baseline_finish: date | None
    finish_slip_days: float | None  # on the project calendar

    def task(self, task_id: str) -> TaskForecast:
        return self.tasks[task_id]

    @property
    def milestones(self) -> tuple[TaskForecast, ...]:
        return tuple(t for t in self.tasks.values() if t.milestone)

    @property
    def slipped(self) -> tuple[TaskForecast, ...]:
        return tuple(t for t in self.tasks.values() if t.slipped)

    def to_json(self) -> dict[str, object]:
        return {
            "baseline": self.baseline,
            "as_of": _iso(self.as_of),
            "finish": self.finish.isoformat(),
            "baseline_finish": _iso(self.baseline_finish),
            "finish_slip_days": self.finish_slip_days,
            "tasks": [t.to_json() for t in self.tasks.values()],
        }


def current_baseline(plan: Plan) -> Baseline | None:
    """The baseline the plan is judged against: the latest taken (the last listed on a tie)."""
    latest: Baseline | None = None
    for baseline in plan.baselines:
        if latest is None or baseline.taken_on >= latest.taken_on:
            latest = baseline
    return latest


def forecast(
    plan: Plan,
    schedule: Schedule,
    *,
    calendars: WorkingCalendars,
    baseline: Baseline | None = None,
) -> Forecast:
    """The schedule against `baseline` (default: the plan's latest), slips in working days."""
    chosen = baseline if baseline is not None else current_baseline(plan)
    tasks = {task.id: _task_forecast(task, schedule, calendars, chosen) for task in plan.tasks}
    finish = finish_date(schedule.origin, schedule.start, schedule.finish)
    baseline_finish = max((e.finish for e in chosen.tasks.values()), default=None) if chosen else None
    slip = None
    if baseline_finish is not None:
        slip = working_days_between(
            calendars.project, day_end(calendars.project, baseline_finish), schedule.finish
        )
    return Forecast(
        baseline=chosen.name if chosen else None,
        as_of=schedule.as_of,
        tasks=tasks,
        finish=finish,
        baseline_finish=baseline_finish,
        finish_slip_days=slip,
    )


def _task_forecast(
    task: Task, schedule: Schedule, calendars: WorkingCalendars, baseline: Baseline | None
) -> TaskForecast:
    task_id = task.id
    times = schedule.tasks[task_id]
    milestone = task.milestone or times.start == times.finish
    entry = baseline.tasks.get(task_id) if baseline else None
    start_slip = finish_slip = None
    if entry is not None:
        calendar = calendars.for_task(task_id)
        finish_slip = working_days_between(calendar, day_end(calendar, entry.finish), times.finish)
        start_slip = (
            finish_slip
            if milestone
            else working_days_between(calendar, day_start(calendar, entry.start), times.start)
        )
    return TaskForecast(
        task_id=task_id,
        name=task.name,
        milestone=milestone,
        start=schedule.start_date(task_id),
        finish=schedule.finish_date(task_id),
        baseline_start=entry.start if entry else None,
        baseline_finish=entry.finish if entry else None,
        start_slip_days=start_slip,
        finish_slip_days=finish_slip,
        total_float_days=times.total_float_days,
        critical=times.critical,
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
