"""The web Gantt's chart: the static renderer's SVG (domain.gantt + gantt_scene) drawn for a page.

`chart_svg(snap, view, editable=..., scope=...)` draws what one member may see of a production now:
- only the tasks their scope (services.visibility.view_of) holds: a vendor or client sees their
  organisation's bars, group summaries roll up those bars only, a date driven by another
  organisation's task says "another task", and no owner, resource or group outside theirs is named;
- only the critical ones when `view.critical_only`;
- at the zoom's scale (day, week or month), with or without the baseline;
- each task's bar or milestone diamond carrying `data-task`, its dates, float, driver and tooltip
  lines, focusable (tabindex), and, for a member who may edit, its version and `data-movable`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from picturelock.adapters.exports.gantt_geometry import chart_for
from picturelock.adapters.exports.gantt_svg import render_embedded_svg
from picturelock.domain.gantt import GanttLayout
from picturelock.domain.plan import Plan, Task
from picturelock.domain.schedule.result import Driver, Schedule, TaskTimes
from picturelock.services.snapshots import Snapshot
from picturelock.services.visibility import ANOTHER_TASK, NOT_SHOWN, View

ZOOMS = {"day": 22.0, "week": 6.0, "month": 1.6}  # pixels per calendar day
DEFAULT_ZOOM = "week"
_ON = frozenset({"1", "true", "on", "yes"})


@dataclass(frozen=True, slots=True)
class ChartView:
    """What the reader chose to see: zoom level, baseline bars, critical path only."""

    zoom: str = DEFAULT_ZOOM
    baseline: bool = True
    critical_only: bool = False

    @classmethod
    def from_values(cls, values: Mapping[str, list[str]]) -> ChartView:
        """From query or form values; a checkbox sent with a hidden "0" before it counts by its last value."""
        zoom = _last(values, "zoom") or DEFAULT_ZOOM
        baseline, critical = _last(values, "baseline"), _last(values, "critical")
        return cls(
            zoom=zoom if zoom in ZOOMS else DEFAULT_ZOOM,
            baseline=True if baseline is None else baseline.lower() in _ON,
            critical_only=critical is not None and critical.lower() in _ON,
        )


def _last(values: Mapping[str, list[str]], name: str) -> str | None:
    found = values.get(name) or []
    return found[-1] if found else None


@dataclass(frozen=True, slots=True)
class Chart:
    """The drawn chart and what it shows."""

    svg: str
    tasks: tuple[str, ...]  # the task ids with a bar, in row order
    critical: tuple[str, ...]  # those on the critical path
    has_baseline: bool  # the plan holds a baseline the reader may switch on


def chart_svg(
    snap: Snapshot, view: ChartView, *, editable: bool, scope: View | None = None, today: date | None = None
) -> Chart:
    """The chart of `snap`; `scope` is what a vendor or client may see (None: everything)."""
    shown = {t for t in snap.schedule.tasks if scope is None or t in scope.tasks}
    if view.critical_only:
        shown = {t for t in shown if snap.schedule.tasks[t].critical}
    plan, schedule = _restricted(snap.plan, snap.schedule, shown, baseline=view.baseline)
    if scope is not None:
        plan, schedule = _scrubbed(plan, schedule, scope)
    layout = chart_for(plan, schedule, today=_within(today, schedule), baseline=None)
    bars = {task.id: _bar(task, schedule, snap, editable) for task in plan.tasks}
    root = {
        "data-production-version": str(snap.version),
        "data-editable": "true" if editable else "false",
        "data-closed-days": ",".join(str(day) for day in _closed_days(layout)),
        "data-working-weekdays": ",".join(str(d) for d in sorted(_weekdays(snap.plan))),
        "aria-label": f"Gantt chart of {snap.plan.production.title}",
    }
    svg = render_embedded_svg(layout, px_per_day=ZOOMS[view.zoom], root=root, bars=bars)
    ids = tuple(task.id for task in plan.tasks)
    critical = tuple(i for i in ids if schedule.tasks[i].critical)
    return Chart(svg, ids, critical, bool(snap.plan.baselines))


# -- what the reader may see ----------------------------------------------------------------------
def _restricted(plan: Plan, schedule: Schedule, shown: set[str], *, baseline: bool) -> tuple[Plan, Schedule]:
    """The plan and schedule cut down to the shown tasks (baselines too, or none at all)."""
    tasks = tuple(task for task in plan.tasks if task.id in shown)
    links = tuple(k for k in plan.links if k.predecessor in shown and k.successor in shown)
    baselines = (
        tuple(replace(b, tasks={k: v for k, v in b.tasks.items() if k in shown}) for b in plan.baselines)
        if baseline
        else ()
    )
    times = {i: t for i, t in schedule.tasks.items() if i in shown}
    path = tuple(i for i in schedule.critical_path if i in shown)
    cut = replace(plan, tasks=tasks, links=links, baselines=baselines)
    return cut, replace(schedule, tasks=times, critical_path=path)


def _scrubbed(plan: Plan, schedule: Schedule, scope: View) -> tuple[Plan, Schedule]:
    """Nothing outside the member's part named: owners and resources not theirs are left out; a
    date driven by another organisation's task says "another task"; other sentences naming what they
    may not see (a group, a resource booked by someone else) are replaced by plain ones."""
    tasks = tuple(
        replace(
            task,
            owner=task.owner if task.owner in scope.people else None,
            assignments=tuple(a for a in task.assignments if a.resource in scope.resources),
        )
        for task in plan.tasks
    )
    groups = tuple(replace(group, name=scope.text(group.name, "Group")) for group in plan.groups)
    times = {i: _scrubbed_times(t, scope) for i, t in schedule.tasks.items()}
    return replace(plan, tasks=tasks, groups=groups), replace(schedule, tasks=times)


def _scrubbed_times(times: TaskTimes, scope: View) -> TaskTimes:
    return replace(
        times,
        start_driver=_scrubbed_driver(times.start_driver, scope),
        late_driver=_scrubbed_driver(times.late_driver, scope),
        levelling_delays=tuple(_scrubbed_driver(d, scope) for d in times.levelling_delays),
    )


def _scrubbed_driver(driver: Driver, scope: View) -> Driver:
    if driver.task is not None and driver.task not in scope.tasks:
        return Driver(driver.kind, ANOTHER_TASK, None, driver.at_day_start)
    return replace(driver, text=scope.text(driver.text, ANOTHER_TASK if driver.task else NOT_SHOWN))


def _within(today: date | None, schedule: Schedule) -> date | None:
    """Today, where it falls inside the schedule (a today line far away would only widen the chart)."""
    if today is None or not schedule.tasks:
        return None
    first = min(schedule.start_date(i) for i in schedule.tasks)
    last = max(schedule.finish_date(i) for i in schedule.tasks)
    return today if first <= today <= last else None


# -- each bar's attributes ------------------------------------------------------------------------
def _bar(task: Task, schedule: Schedule, snap: Snapshot, editable: bool) -> dict[str, str]:
    times = schedule.tasks[task.id]
    start, finish = schedule.start_date(task.id), schedule.finish_date(task.id)
    milestone = task.milestone or task.duration_days == 0
    attributes = {
        "tabindex": "0",
        "role": "button" if editable else "img",
        "aria-label": _spoken(task, start, finish, times, milestone),
        "data-name": task.name,
        "data-start": start.isoformat(),
        "data-finish": finish.isoformat(),
        "data-float": f"{times.total_float_days:g}",
        "data-driver": times.start_driver.text,
    }
    stamp = snap.stored.tasks.get(task.id)
    if editable and stamp is not None:
        attributes["data-version"] = str(stamp.version)
        if task.progress.actual_start is None and task.progress.actual_finish is None:
            attributes["data-movable"] = "true"
            attributes["aria-keyshortcuts"] = (
                "ArrowLeft ArrowRight Shift+ArrowLeft Shift+ArrowRight Enter Escape"
            )
    return attributes


def _spoken(task: Task, start: date, finish: date, times: TaskTimes, milestone: bool) -> str:
    when = f"on {_day(finish)}" if milestone else f"{_day(start)} to {_day(finish)}"
    critical = ", critical" if times.critical else ""
    return f"{task.name}: {when}, total float {times.total_float_days:g} days{critical}"


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


# -- the calendar a script steps over -------------------------------------------------------------
def _closed_days(layout: GanttLayout) -> list[int]:
    """Every closed day of the project calendar on the axis, as a day count from its first day."""
    return [day for band in layout.closed for day in range(int(band.x0), int(band.x1))]


def _weekdays(plan: Plan) -> frozenset[int]:
    """The project calendar's working weekdays (0 = Monday): the rule off the drawn axis."""
    for spec in plan.calendars:
        if spec.id == plan.project_calendar:
            return spec.working_weekdays
    return frozenset(range(5))
