"""Working-day counting used by monitoring: invariants over any day and any count."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from picturelock.domain.calendar import WorkingTime, weekday_rule
from picturelock.domain.schedule.workdays import (
    format_days,
    working_days_after,
    working_days_before,
    working_days_later,
)

ORIGIN = date(2027, 1, 4)
CLOSED = {date(2027, 4, 2), date(2027, 4, 5), date(2027, 5, 3), date(2027, 5, 31), date(2027, 12, 27)}
WEEK = WorkingTime("standard", ORIGIN, weekday_rule(range(5), CLOSED))
days = st.integers(min_value=-400, max_value=800).map(lambda n: ORIGIN + timedelta(days=n))
counts = st.integers(min_value=0, max_value=60)


def is_working(day: date) -> bool:
    return day.weekday() < 5 and day not in CLOSED


@given(days, counts)
def test_counting_back_then_forward_returns_the_count(day: date, n: int) -> None:
    due = working_days_before(WEEK, day, n)
    assert is_working(due) or n == 0
    if is_working(day):
        assert working_days_after(WEEK, due, day) == n


@given(days, counts)
def test_later_lands_on_a_working_day_that_many_working_days_on(day: date, n: int) -> None:
    later = working_days_later(WEEK, day, n)
    assert working_days_after(WEEK, day, later) == n
    assert n == 0 or is_working(later)


@given(days, days)
def test_days_after_counts_the_working_days_in_the_window(first: date, last: date) -> None:
    expected = sum(1 for k in range(1, (last - first).days + 1) if is_working(first + timedelta(days=k)))
    assert working_days_after(WEEK, first, last) == expected


def test_days_are_written_for_people() -> None:
    assert [format_days(d) for d in (1, 2, 2.5, -2, 0, -1)] == [
        "1 day",
        "2 days",
        "2.5 days",
        "-2 days",
        "0 days",
        "-1 day",
    ]
