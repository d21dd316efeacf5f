"""The Gantt layout: rows in plan order under their groups, bars at their days, marks in place."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from picturelock.domain.errors import InvalidInput
from picturelock.domain.gantt import RowKind, Span, layout
from picturelock.domain.plan import Group, Progress
from picturelock.domain.schedule.result import Driver

from .builders import end, forward_schedule, generated_plan, point, small_plan, small_schedule, times


def rows_by_id(chart):
    return {row.id: row for row in chart.rows}


def test_rows_follow_plan_order_under_their_group_summaries():
    chart = layout(small_plan(), small_schedule())
    assert [(row.kind, row.id, row.depth) for row in chart.rows] == [
        (RowKind.MILESTONE, "wrap", 0),
        (RowKind.SUMMARY, "ep1", 0),
        (RowKind.TASK, "ep1-offline", 1),
        (RowKind.MILESTONE, "ep1-lock", 1),
        (RowKind.TASK, "ep1-grade", 1),
        (RowKind.TASK, "ep1-mix", 1),
        (RowKind.MILESTONE, "ep1-delivery", 1),
        (RowKind.SUMMARY, "ep2", 0),
        (RowKind.TASK, "ep2-offline", 1),
        (RowKind.TASK, "ep2-grade", 1),
        (RowKind.MILESTONE, "ep2-delivery", 1),
    ]
    assert [row.index for row in chart.rows] == list(range(len(chart.rows)))
    assert rows_by_id(chart)["ep1"].name == "Episode 1"


def test_bars_sit_on_their_inclusive_days_with_half_days():
    chart = layout(small_plan(), small_schedule())
    assert chart.first_day == date(2027, 1, 4)  # the Monday of the earliest start
    rows = rows_by_id(chart)
    offline = rows["ep1-offline"]
    assert (offline.start, offline.finish) == (date(2027, 1, 4), date(2027, 1, 22))
    assert offline.bar == Span(0.0, 19.0)  # Mon 4 Jan to the end of Fri 22 Jan
    grade = rows["ep1-grade"]
    assert grade.bar == Span(23.0, 25.5)  # Wed 27 Jan to noon on Fri 29 Jan
    assert grade.finish == date(2027, 1, 29)


def test_milestones_are_points_in_the_middle_of_their_day():
    rows = rows_by_id(layout(small_plan(), small_schedule()))
    lock = rows["ep1-lock"]
    assert lock.kind is RowKind.MILESTONE
    assert lock.bar == Span(18.5, 18.5)  # Fri 22 Jan, when the offline finishes
    assert lock.start == lock.finish == date(2027, 1, 22)


def test_critical_flags_come_from_the_schedule():
    schedule = small_schedule()
    rows = rows_by_id(layout(small_plan(), schedule))
    for task_id, task_times in schedule.tasks.items():
        assert rows[task_id].critical is task_times.critical
    assert rows["ep2-offline"].critical and not rows["ep1-grade"].critical


def test_float_is_a_tail_from_the_bar_to_the_late_finish():
    rows = rows_by_id(layout(small_plan(), small_schedule()))
    grade = rows["ep1-grade"]
    assert grade.float_tail == Span(25.5, 61.0)  # to the end of Fri 5 Mar
    assert grade.total_float_days == 25.5
    assert rows["ep2-grade"].float_tail is None  # critical: no float


def test_negative_float_marks_the_row_late_without_a_tail():
    schedule = small_schedule()
    late = times("ep2-grade", point(date(2027, 2, 1)), end(date(2027, 2, 2)), total_float=-4)
    schedule = dataclasses.replace(schedule, tasks={**schedule.tasks, "ep2-grade": late})
    row = rows_by_id(layout(small_plan(), schedule))["ep2-grade"]
    assert row.late and row.critical and row.float_tail is None
    assert any(line.startswith("LATE") for line in row.details)


def test_baseline_bars_come_from_the_first_baseline():
    chart = layout(small_plan(), small_schedule())
    rows = rows_by_id(chart)
    assert chart.baseline_name == "Agreed schedule v1"
    assert rows["ep1-grade"].baseline == Span(23.0, 26.0)  # Wed 27 to Fri 29 Jan inclusive
    assert rows["ep1-mix"].baseline is None
    assert rows["ep1"].baseline == Span(0.0, 26.0)  # rolled up from its members' baselines


def test_an_unknown_baseline_name_is_reported_with_the_names_there_are():
    with pytest.raises(InvalidInput) as raised:
        layout(small_plan(), small_schedule(), baseline_name="v9")
    assert "Agreed schedule v1" in raised.value.problems[0].expected


def test_today_line_is_at_the_start_of_the_given_day():
    chart = layout(small_plan(), small_schedule(), today=date(2027, 2, 10))
    assert chart.today == 37.0
    assert layout(small_plan(), small_schedule()).today is None


def test_a_today_after_the_plan_widens_the_axis():
    chart = layout(small_plan(), small_schedule(), today=date(2027, 4, 14))
    assert chart.today is not None and chart.today < chart.days


def test_group_summaries_roll_up_their_members():
    rows = rows_by_id(layout(small_plan(), small_schedule()))
    ep1 = rows["ep1"]
    members = [r for r in rows.values() if r.id.startswith("ep1-")]
    assert ep1.bar == Span(min(r.bar.x0 for r in members), max(r.bar.x1 for r in members))
    assert ep1.start == date(2027, 1, 4) and ep1.finish == date(2027, 3, 5)
    assert ep1.critical  # its offline is on the critical path


def test_nested_groups_indent_and_roll_up_to_their_parents():
    plan = small_plan()
    groups = (Group("ep1", "Episode 1", parent="block"), Group("ep2", "Episode 2"), Group("block", "Block 1"))
    plan = dataclasses.replace(plan, groups=groups)
    chart = layout(plan, small_schedule())
    rows = rows_by_id(chart)
    assert [r.id for r in chart.rows[:3]] == ["wrap", "block", "ep1"]
    assert (rows["block"].depth, rows["ep1"].depth, rows["ep1-grade"].depth) == (0, 1, 2)
    assert rows["block"].bar == rows["ep1"].bar


def test_time_scale_has_months_and_monday_ticks():
    chart = layout(small_plan(), small_schedule())
    assert [m.label for m in chart.months] == ["Jan 2027", "Feb 2027", "Mar 2027"]
    assert chart.months[0].x0 == 0 and chart.months[1].x0 == 28
    assert all(tick.day.weekday() == 0 for tick in chart.weeks)
    assert [t.x for t in chart.weeks[:3]] == [0.0, 7.0, 14.0]
    assert chart.weeks[1].label == "11"


def test_weekends_and_shutdowns_are_shaded():
    chart = layout(small_plan(), small_schedule(), today=date(2027, 4, 7))
    closed = {(band.x0, band.x1) for band in chart.closed}
    assert (5.0, 7.0) in closed  # Sat 9 and Sun 10 Jan
    assert (87.0, 91.0) in closed  # Easter closure Thu 1 Apr to Sun 4 Apr


def test_a_given_day_rule_decides_the_shading():
    chart = layout(small_plan(), small_schedule(), working_day=lambda day: day != date(2027, 1, 6))
    assert [(band.x0, band.x1) for band in chart.closed] == [(2.0, 3.0)]


def test_levelled_delays_are_drawn_from_early_start_to_start():
    schedule = small_schedule()
    wait = Driver("resource", "waited 2 days for Grading Suite 1, booked by Ep 1 grade", "ep1-grade")
    moved = times("ep2-grade", point(date(2027, 2, 3)), end(date(2027, 2, 4)),
                  early_start=point(date(2027, 2, 1)), delays=(wait,))  # fmt: skip
    schedule = dataclasses.replace(schedule, tasks={**schedule.tasks, "ep2-grade": moved}, levelled=True)
    chart = layout(small_plan(), schedule)
    row = rows_by_id(chart)["ep2-grade"]
    assert row.delay == Span(28.0, 30.0)
    assert chart.levelled
    assert f"Levelled: {wait.text}" in row.details


def test_a_levelled_task_is_flagged_even_where_its_early_start_moved_with_it():
    schedule = small_schedule()
    wait = Driver("resource", "waited 2 days for Grading Suite 1, booked by Ep 1 grade", "ep1-grade")
    moved = times("ep2-grade", point(date(2027, 2, 3)), end(date(2027, 2, 4)), delays=(wait,))
    schedule = dataclasses.replace(schedule, tasks={**schedule.tasks, "ep2-grade": moved}, levelled=True)
    rows = rows_by_id(layout(small_plan(), schedule))
    assert rows["ep2-grade"].levelled and rows["ep2-grade"].delay is None
    assert not rows["ep1-grade"].levelled


def test_progress_fills_the_worked_part_to_the_status_date():
    plan = small_plan()
    progress = Progress(actual_start=date(2027, 1, 4), remaining_days=Decimal(5))
    started = dataclasses.replace(plan.task("ep1-offline"), progress=progress)
    plan = dataclasses.replace(plan, tasks=tuple(started if t.id == started.id else t for t in plan.tasks))
    schedule = dataclasses.replace(small_schedule(), as_of=date(2027, 1, 13))
    assert rows_by_id(layout(plan, schedule))["ep1-offline"].done == Span(0.0, 9.0)


def test_tooltip_details_name_dates_float_driver_owner_and_baseline():
    details = rows_by_id(layout(small_plan(), small_schedule()))["ep1-grade"].details
    assert details[0] == "Ep 1 grade (ep1-grade)"
    assert details[1] == "Wed 27 Jan 2027 – Fri 29 Jan 2027, 2.5 working days"
    assert "total float 25.5 working days, free float 25.5" in details[2]
    assert "Driven by: FS + 2d after ep1-lock (Ep 1 picture lock)" in details
    assert "Owner: Maya Okafor" in details
    assert "Resources: Grading Suite 1, Colourist (Ines Duarte)" in details
    assert any(line.startswith("Baseline (Agreed schedule v1)") and "on baseline" in line for line in details)


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=120), st.integers(min_value=2, max_value=12))
def test_every_mark_lies_on_the_axis_and_summaries_cover_their_members(rows, per_group):
    plan = generated_plan(rows, per_group=per_group)
    chart = layout(plan, forward_schedule(plan))
    for row in chart.rows:
        for span in (row.bar, row.float_tail, row.baseline, row.delay, row.done):
            if span is not None:
                assert 0 <= span.x0 <= span.x1 <= chart.days
    summaries = [row for row in chart.rows if row.kind is RowKind.SUMMARY]
    for summary in summaries:
        members = [r for r in chart.rows if r.id.startswith(summary.id + "-")]
        assert all(summary.bar.x0 <= m.bar.x0 and m.bar.x1 <= summary.bar.x1 for m in members)
    assert len(chart.rows) == len(plan.tasks) + len(summaries)
