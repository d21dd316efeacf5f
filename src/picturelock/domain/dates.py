"""How far from a production's start a date may lie and still mean something.

A start in year 9999 or a status date in year 13 is a typing mistake, and the schedule's date
arithmetic would overflow on it. One window, used by the plan checks (every date a plan holds) and
by the services (dates typed on the command line or in a query)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from picturelock.domain.findings import Problem
from picturelock.domain.plan import Plan

FIRST_YEAR, LAST_YEAR = 1900, 2200  # a production's first day of post
YEARS_AROUND = 50  # any other date, either side of that first day


def window(start: date) -> tuple[date, date]:
    """The first and last day a date of a production starting on `start` may fall on."""
    return (
        start.replace(year=max(1, start.year - YEARS_AROUND), day=1),
        start.replace(year=min(9999, start.year + YEARS_AROUND), day=1),
    )


def far_dates(start: date, place: str, dates: Iterator[tuple[str, date | None]]) -> list[Problem]:
    """A problem for each named date outside the window around `start`."""
    low, high = window(start)
    return [
        Problem(place, name, f"{value.isoformat()} is far from the plan's start ({start.isoformat()})",
                expected=f"a date from {low.isoformat()} to {high.isoformat()}")
        for name, value in dates
        if value is not None and not low <= value <= high
    ]  # fmt: skip


def _plan_dates(plan: Plan) -> Iterator[tuple[str, date | None]]:
    yield "status_date", plan.status_date
    for i, task in enumerate(plan.tasks):
        here = f"tasks[{i}]"
        for j, constraint in enumerate(task.constraints):
            yield f"{here}.constraints[{j}]", constraint.on
        yield f"{here}.pinned_start", task.pinned_start
        yield f"{here}.progress.actual_start", task.progress.actual_start
        yield f"{here}.progress.actual_finish", task.progress.actual_finish


def plan_date_problems(plan: Plan, place: str) -> list[Problem]:
    """A production start outside FIRST_YEAR..LAST_YEAR, and any plan date far from it."""
    start = plan.production.start
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        return [Problem(place, "production.start", f"{start.isoformat()} is out of range",
                        expected=f"a day from {FIRST_YEAR} to {LAST_YEAR}")]  # fmt: skip
    return far_dates(start, place, _plan_dates(plan))
