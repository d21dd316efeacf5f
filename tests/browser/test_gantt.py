"""Moving a task on the Gantt, by dragging its bar and by the keyboard, changes the critical path.

The task is chosen from the services, not written down: a task not yet started, off the critical path,
whose move past its late start provably changes the critical path (the schedule service says so for
the date it is moved to). After the move the test reads the date the server recorded and checks the
Gantt and the dashboard show the critical path the schedule service computes for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from picturelock.domain import editing
from picturelock.domain.access import Role
from picturelock.domain.plan import ConstraintKind, Plan
from picturelock.domain.schedule.result import Schedule, start_date
from picturelock.services import editing as editing_service
from picturelock.services import productions, scheduling, snapshots

from .harness import SUPERVISOR, Site

PAST_LATE_START = timedelta(days=7)  # how far past its late start the task is moved
# The chart's days in screen pixels: its drawn scale (data-px-per-day) times how much CSS scales it.
SCREEN_PX_PER_DAY = (
    "s => s.getAttribute('data-px-per-day') * s.getBoundingClientRect().width / s.width.baseVal.value"
)


@dataclass(frozen=True)
class Move:
    task: str
    start: date  # where it starts now
    target: date  # a start that changes the critical path
    before: tuple[str, ...]  # the critical path now


def critical_path_if_moved(plan: Plan, task: str, start: date) -> tuple[str, ...]:
    return scheduling.schedule(editing.move_task(plan, task, start)).critical_path


def a_move_that_changes_the_critical_path(plan: Plan) -> Move:
    """The not-yet-started task with the least float whose move past its late start puts it on the
    critical path (and so changes the path)."""
    schedule = scheduling.schedule(plan)
    candidates = sorted(
        (times.total_float, task.id)
        for task in plan.tasks
        if (times := schedule.tasks[task.id])
        and not task.milestone
        and task.progress.actual_start is None
        and task.id not in schedule.critical_path
        and times.total_float > 0
    )
    for _, task in candidates:
        target = late_start_date(schedule, task) + PAST_LATE_START
        after = critical_path_if_moved(plan, task, target)
        if task in after and after != schedule.critical_path:
            return Move(task, schedule.start_date(task), target, schedule.critical_path)
    raise AssertionError("no task of the demo moves the critical path")


def late_start_date(schedule: Schedule, task: str) -> date:
    times = schedule.tasks[task]
    return start_date(schedule.origin, times.late_start, times.late_finish)


def recorded_start(site: Site, production_id: int, task: str) -> date:
    held = productions.get_production(production_id, str(site.db)).plan
    (found,) = [t for t in held.tasks if t.id == task]
    starts = [c.on for c in found.constraints if c.kind is ConstraintKind.SNET]
    assert starts, f"{task} was not moved"
    return max(starts)


def critical_bars(page: Any) -> set[str]:
    bars = page.locator("#gantt svg [data-task].critical")
    return {bars.nth(i).get_attribute("data-task") for i in range(bars.count())}


@pytest.fixture
def gantt(signed_in: Callable[..., Any], site: Site) -> tuple[Any, int, Move]:
    """The supervisor on the Gantt of a fresh copy of the demo (day zoom), and the move to make."""
    production_id = site.fresh_production({SUPERVISOR: Role.POST_SUPERVISOR})
    move = a_move_that_changes_the_critical_path(snapshots.current(production_id, str(site.db)).plan)
    page = signed_in(SUPERVISOR)
    page.goto(f"/productions/{production_id}/gantt?zoom=day")
    expect(page.locator("button[data-zoom=day]")).to_have_attribute("aria-pressed", "true")
    page.locator(f"#gantt svg [data-task='{move.task}']").first.wait_for()
    assert critical_bars(page) == set(move.before)
    return page, production_id, move


def check_moved(page: Any, site: Site, production_id: int, move: Move) -> date:
    """The server recorded a start at or past the target; the Gantt, its status line and the dashboard
    show the critical path the schedule service gives for it, which is not the one before. The start."""
    bar = page.locator(f"#gantt svg [data-task='{move.task}']").first
    expect(bar).to_have_class(re.compile(r"\bcritical\b"))  # redrawn with the task now critical
    status = page.locator("#gantt-status")
    expect(status).to_have_attribute("data-outcome", "moved")
    plan = productions.get_production(production_id, str(site.db)).plan
    assert task_name(plan, move.task) in status.inner_text()
    started = recorded_start(site, production_id, move.task)
    expected = scheduling.schedule(plan).critical_path
    assert started >= move.target
    assert move.task in expected and expected != move.before
    assert critical_bars(page) == set(expected)
    page.goto(f"/productions/{production_id}")
    items = page.locator("#critical-path li[data-task]")
    assert [items.nth(i).get_attribute("data-task") for i in range(items.count())] == list(expected)
    return started


def task_name(plan: Plan, task: str) -> str:
    return next(t.name for t in plan.tasks if t.id == task)


def drag_bar(page: Any, task: str, days: int) -> None:
    """Drag the task's bar sideways by `days` calendar days of the chart, with the mouse."""
    bar = page.locator(f"#gantt svg [data-task='{task}']").first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    per_day = page.locator("#gantt svg.gantt-chart").evaluate(SCREEN_PX_PER_DAY)
    x, y = box["x"] + min(box["width"] / 2, 2 * per_day), box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + days * per_day, y, steps=12)
    page.mouse.up()


def test_dragging_a_bar_past_its_float_puts_the_task_on_the_critical_path(
    gantt: tuple[Any, int, Move], site: Site
) -> None:
    page, production_id, move = gantt
    drag_bar(page, move.task, (move.target - move.start).days)
    assert check_moved(page, site, production_id, move) == move.target  # snapped to the day let go on


def test_moving_a_bar_by_keyboard_puts_the_task_on_the_critical_path(
    gantt: tuple[Any, int, Move], site: Site
) -> None:
    """ArrowRight moves a working day at a time: as many presses as calendar days reach the target."""
    page, production_id, move = gantt
    page.locator(f"#gantt svg [data-task='{move.task}']").first.focus()
    for _ in range((move.target - move.start).days):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    check_moved(page, site, production_id, move)


def test_a_move_after_someone_else_moved_the_task_is_refused_and_says_so(
    gantt: tuple[Any, int, Move], site: Site
) -> None:
    """The chart was drawn before another person moved the task: the drag names the conflict and the
    other person's move stands."""
    page, production_id, move = gantt
    held = productions.get_production(production_id, str(site.db))
    theirs = move.start + timedelta(days=1)
    editing_service.move_task(
        production_id, move.task, theirs, held.tasks[move.task].version, str(site.db), by="demo-coordinator"
    )
    drag_bar(page, move.task, (move.target - move.start).days)
    status = page.locator("#gantt-status")
    expect(status).to_have_attribute("data-outcome", "conflict")
    assert "demo-coordinator" in status.inner_text()
    assert recorded_start(site, production_id, move.task) == theirs


def test_critical_only_shows_the_critical_path_and_zoom_changes_the_scale(
    signed_in: Callable[..., Any], site: Site
) -> None:
    critical = set(snapshots.current(site.demo, str(site.db)).schedule.critical_path)
    page = signed_in(SUPERVISOR)
    page.goto(f"/productions/{site.demo}/gantt")
    chart = page.locator("#gantt svg.gantt-chart")
    scales = {}
    for zoom in ("month", "week", "day"):
        page.locator(f"button[data-zoom={zoom}]").click()
        expect(page.locator(f"button[data-zoom={zoom}]")).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#gantt")).not_to_have_attribute("aria-busy", "true")
        scales[zoom] = float(chart.get_attribute("data-px-per-day"))
    assert scales["month"] < scales["week"] < scales["day"]
    page.locator("input#critical-only").check()
    expect(page.locator("#gantt")).not_to_have_attribute("aria-busy", "true")
    bars = page.locator("#gantt svg [data-task]")
    expect(bars).to_have_count(len(critical))
    assert {bars.nth(i).get_attribute("data-task") for i in range(bars.count())} == critical


def test_a_move_posted_without_the_csrf_header_is_refused_and_with_it_goes_through(
    gantt: tuple[Any, int, Move], site: Site
) -> None:
    """What gantt.js posts, sent from the signed-in browser's cookies: refused without X-CSRF-Token."""
    page, production_id, move = gantt
    url = page.locator("#gantt").get_attribute("data-move-url")
    version = page.locator(f"#gantt svg [data-task='{move.task}']").first.get_attribute("data-version")
    fields = {"task": move.task, "start": move.target.isoformat(), "expected_version": str(version)}
    refused = page.request.post(url, form=fields, headers={"X-Gantt-Fragment": "1"})
    assert refused.status == 403
    assert productions.get_production(production_id, str(site.db)).tasks[move.task].version == int(
        str(version)
    )
    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    moved = page.request.post(url, form=fields, headers={"X-Gantt-Fragment": "1", "X-CSRF-Token": str(token)})
    assert moved.status == 200
    assert recorded_start(site, production_id, move.task) == move.target
