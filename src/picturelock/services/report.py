"""The schedule as one plain document: what `--json`, the API and the web pages show."""

from __future__ import annotations

from datetime import date
from typing import Any

from picturelock.domain.calendar import days_from_slots
from picturelock.domain.plan import Plan
from picturelock.domain.schedule.result import Driver, Schedule, TaskTimes, finish_date, start_date


def _driver(driver: Driver) -> dict[str, Any]:
    return {"kind": driver.kind, "text": driver.text, "task": driver.task}


def _task(
    plan_task_owner: str | None, group: str | None, name: str, times: TaskTimes, sched: Schedule
) -> dict[str, Any]:
    origin = sched.origin
    day_start = times.start_driver.at_day_start
    before = sched.float_before_levelling.get(times.task_id)
    return {
        "id": times.task_id,
        "name": name,
        "group": group,
        "owner": plan_task_owner,
        "start": sched.start_date(times.task_id).isoformat(),
        "finish": sched.finish_date(times.task_id).isoformat(),
        "early_start": start_date(origin, times.early_start, times.early_finish, day_start).isoformat(),
        "early_finish": finish_date(origin, times.early_start, times.early_finish, day_start).isoformat(),
        "late_start": start_date(origin, times.late_start, times.late_finish).isoformat(),
        "late_finish": finish_date(origin, times.late_start, times.late_finish).isoformat(),
        "total_float": times.total_float_days,
        "free_float": times.free_float_days,
        "critical": times.critical,
        "resources": list(times.resources),
        "start_driver": _driver(times.start_driver),
        "late_driver": _driver(times.late_driver),
        "float_before_levelling": None if before is None else days_from_slots(before),
        "levelling_delays": [_driver(d) for d in times.levelling_delays],
    }


def span(schedule: Schedule) -> tuple[date, date]:
    """The first start and last finish of the schedule as inclusive days."""
    starts = [schedule.start_date(task_id) for task_id in schedule.tasks]
    finishes = [schedule.finish_date(task_id) for task_id in schedule.tasks]
    return min(starts), max(finishes)


def schedule_document(plan: Plan, schedule: Schedule) -> dict[str, Any]:
    """Top-level start/finish (ISO), working_days on the project calendar, and every task."""
    first, last = span(schedule)
    tasks = {task.id: task for task in plan.tasks}
    return {
        "production": plan.production.title,
        "as_of": schedule.as_of.isoformat() if schedule.as_of else None,
        "start": first.isoformat(),
        "finish": last.isoformat(),
        "working_days": schedule.working_days,
        "levelled": schedule.levelled,
        "optimal": schedule.optimal,
        "critical_path": list(schedule.critical_path),
        "schedule_notes": list(schedule.notes),
        "tasks": [
            _task(tasks[tid].owner, tasks[tid].group, tasks[tid].name, times, schedule)
            for tid, times in schedule.tasks.items()
        ],
    }
