"""calendar.fast_counters, the engine's direct reads of a WorkingTime, agree with its methods."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from picturelock.domain.calendar import WorkingTime, fast_counters, weekday_rule

HOLIDAYS = [date(2027, 1, 1), date(2027, 4, 2), date(2026, 12, 25), date(2031, 12, 25)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(-6000, 6000), min_size=1, max_size=40))
def test_fast_counters_match_the_methods_as_the_calendar_grows(points: list[int]) -> None:
    fast = WorkingTime("fast", date(2027, 1, 4), weekday_rule(range(5), HOLIDAYS))
    slow = WorkingTime("slow", date(2027, 1, 4), weekday_rule(range(5), HOLIDAYS))
    work_before, slot_at = fast_counters(fast)
    for point in points:  # far points in both directions make the arrays grow on the fly
        assert work_before(point) == slow.work_before(point)
        assert slot_at(point // 2) == slow.slot_at(point // 2)


def test_a_view_left_behind_by_growth_elsewhere_stays_right() -> None:
    calendar = WorkingTime("shared", date(2027, 1, 4), weekday_rule(range(5), HOLIDAYS))
    first = fast_counters(calendar)
    second = fast_counters(calendar)
    assert second[0](-5000) == calendar.work_before(-5000)  # grows backwards: new arrays
    for point in (-3, 0, 7, 700, 9000):
        assert first[0](point) == calendar.work_before(point)
        assert first[1](point) == calendar.slot_at(point)
