"""The Gantt chart as a layout: rows, bars, time scale and marks, in abstract units.

`layout(plan, schedule)` places every task of a computed `Schedule` on a grid that the SVG and
PNG writers scale to pixels: x is in calendar days counted from `GanttLayout.first_day` (a bar
covers [x0, x1), half days where a task starts or ends at noon), y is the row index. Rows follow
the plan's order, grouped by `Group`: a summary row with the rolled-up span, then its members.

Dates shown are inclusive (a one-day task starts and finishes on the same day). Milestones sit
in the middle of their day, as diamonds. Nothing here reads a clock: the caller passes `today`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from itertools import islice

from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem
from picturelock.domain.plan import Baseline, BaselineEntry, CalendarSpec, Plan, Task
from picturelock.domain.schedule.result import Schedule, TaskTimes, finish_date, start_date

DayRule = Callable[[date], bool]


class RowKind(StrEnum):
    SUMMARY = "summary"
    TASK = "task"
    MILESTONE = "milestone"


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the time axis in days from the chart's first day: [x0, x1)."""

    x0: float
    x1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the chart. For a milestone, `bar` has x0 == x1: the diamond's centre.

    `float_tail` runs from the bar's end to the late finish (positive total float only);
    `delay` runs from the early start to the levelled start, where the schedule still holds the
    early start; `levelled` says levelling moved the task at all (its reasons are in `details`);
    `done` is the part of the bar already worked; `baseline` is the baseline's span.
    """

    index: int
    kind: RowKind
    id: str
    name: str
    depth: int
    owner: str
    start: date | None
    finish: date | None
    bar: Span | None
    critical: bool = False
    total_float_days: float | None = None
    float_tail: Span | None = None
    delay: Span | None = None
    levelled: bool = False
    done: Span | None = None
    baseline: Span | None = None
    details: tuple[str, ...] = ()

    @property
    def late(self) -> bool:
        """Negative float: a date this task must meet cannot be met."""
        return self.total_float_days is not None and self.total_float_days < 0


@dataclass(frozen=True, slots=True)
class Band:
    """A labelled stretch of the axis: a month, or a run of non-working days."""

    x0: float
    x1: float
    label: str


@dataclass(frozen=True, slots=True)
class Tick:
    """A week line: a Monday at `x`, labelled with its day of the month."""

    x: float
    day: date
    label: str


@dataclass(frozen=True, slots=True)
class GanttLayout:
    title: str
    first_day: date
    days: int  # width of the axis in days: x runs from 0 to days
    rows: tuple[Row, ...]
    months: tuple[Band, ...]
    weeks: tuple[Tick, ...]
    closed: tuple[Band, ...]  # non-working days of the project calendar, merged into runs
    today: float | None  # x of the start of the given day
    today_date: date | None
    baseline_name: str | None
    levelled: bool
    as_of: date | None

    def day_at(self, x: float) -> date:
        return self.first_day + timedelta(days=int(x))


def layout(
    plan: Plan,
    schedule: Schedule,
    *,
    today: date | None = None,
    baseline_name: str | None = None,
    working_day: DayRule | None = None,
) -> GanttLayout:
    """The chart for `schedule`. `working_day` shades closed days (public holidays included when
    the caller resolves them); by default the project calendar's weekdays and shutdowns are used.
    """
    baseline = _pick_baseline(plan, baseline_name)
    first, last = _extent(plan, schedule, baseline, today)
    axis = _Axis(first, schedule.origin)
    rows = _Rows(plan, schedule, baseline, axis).build()
    rule = working_day or project_day_rule(plan)
    return GanttLayout(
        title=plan.production.title,
        first_day=first,
        days=(last - first).days,
        rows=tuple(rows),
        months=tuple(_months(first, last)),
        weeks=tuple(_weeks(first, last)),
        closed=tuple(_closed_runs(first, last, rule)),
        today=None if today is None else float((today - first).days),
        today_date=today,
        baseline_name=baseline.name if baseline else None,
        levelled=schedule.levelled,
        as_of=schedule.as_of,
    )


# -- the axis ---------------------------------------------------------------------------------
class _Axis:
    """Converts schedule points (half-day slots) and dates to x in days from the first day."""

    def __init__(self, first: date, origin: date) -> None:
        self.first = first
        self.origin = origin

    def day(self, day: date) -> float:
        return float((day - self.first).days)

    def start(self, start: int, finish: int) -> float:
        """x of a task's start: its first day, plus half a day when it starts at noon."""
        return self.day(start_date(self.origin, start, finish)) + (0.5 if start % 2 else 0.0)

    def finish(self, start: int, finish: int) -> float:
        """x just after a task's last worked half-day."""
        return self.day(finish_date(self.origin, start, finish)) + (0.5 if finish % 2 else 1.0)

    def milestone(self, point: int) -> float:
        """x of a milestone at `point`: the middle of the day it is dated on."""
        return self.day(finish_date(self.origin, point, point)) + 0.5

    def baseline(self, entry: BaselineEntry, milestone: bool) -> Span:
        if milestone:
            middle = self.day(entry.finish) + 0.5
            return Span(middle, middle)
        return Span(self.day(entry.start), self.day(entry.finish) + 1.0)


def _pick_baseline(plan: Plan, name: str | None) -> Baseline | None:
    if name is None:
        return plan.baselines[0] if plan.baselines else None
    for baseline in plan.baselines:
        if baseline.name == name:
            return baseline
    known = ", ".join(repr(b.name) for b in plan.baselines) or "none in this plan"
    raise InvalidInput([Problem("plan", "baselines", f"no baseline named {name!r}", expected=known)])


def _extent(
    plan: Plan, schedule: Schedule, baseline: Baseline | None, today: date | None
) -> tuple[date, date]:
    """The first day (a Monday) and the exclusive last day (the Monday after) of the chart."""
    starts: list[date] = [] if today is None else [today]
    ends: list[date] = [] if today is None else [today]
    for times in schedule.tasks.values():
        starts.append(start_date(schedule.origin, min(times.early_start, times.start), times.finish))
        ends.append(finish_date(schedule.origin, times.start, max(times.finish, times.late_finish)))
    if baseline is not None:
        starts.extend(entry.start for entry in baseline.tasks.values())
        ends.extend(entry.finish for entry in baseline.tasks.values())
    first = min(starts, default=plan.production.start)
    last = max(ends, default=first)
    monday = first - timedelta(days=first.weekday())
    after = last + timedelta(days=1)
    return monday, after + timedelta(days=(7 - after.weekday()) % 7)


# -- rows -------------------------------------------------------------------------------------
class _Rows:
    """Walks the plan in order, grouping tasks under their groups (nested groups indent)."""

    def __init__(self, plan: Plan, schedule: Schedule, baseline: Baseline | None, axis: _Axis) -> None:
        self.plan = plan
        self.schedule = schedule
        self.baseline = baseline
        self.axis = axis
        self.people = {person.id: person.name for person in plan.people}
        self.resources = {resource.id: resource.name for resource in plan.resources}
        self.groups = {group.id: group for group in plan.groups}
        self.rows: list[Row] = []

    def build(self) -> list[Row]:
        for item in _tree(self.plan):
            self._emit(item, 0)
        return self.rows

    def _emit(self, item: _Node, depth: int) -> None:
        if isinstance(item, Task):
            self.rows.append(self._task_row(item, depth))
            return
        group_id, children = item
        at = len(self.rows)
        self.rows.append(self._placeholder(group_id, depth))
        for child in children:
            self._emit(child, depth + 1)
        self.rows[at] = self._summary_row(self.rows[at], islice(self.rows, at + 1, None), depth)

    def _placeholder(self, group_id: str, depth: int) -> Row:
        group = self.groups.get(group_id)
        name = group.name if group else group_id
        return Row(len(self.rows), RowKind.SUMMARY, group_id, name, depth, "", None, None, None)

    def _summary_row(self, row: Row, members: Iterable[Row], depth: int) -> Row:
        """Rolls up the spans, dates and critical flags of the rows below, to the next sibling."""
        inside = [m for m in _until_depth(members, depth) if m.kind is not RowKind.SUMMARY]
        bars = [m.bar for m in inside if m.bar is not None]
        baselines = [m.baseline for m in inside if m.baseline is not None]
        starts = [m.start for m in inside if m.start is not None]
        finishes = [m.finish for m in inside if m.finish is not None]
        bar = _union(bars)
        critical = any(m.critical for m in inside)
        details = [row.name]
        if starts and finishes:
            details.append(f"{_date(min(starts))} – {_date(max(finishes))}")
        details.append(f"{len(inside)} tasks and milestones" + (", on the critical path" if critical else ""))
        return Row(
            row.index, RowKind.SUMMARY, row.id, row.name, depth, "",
            min(starts, default=None), max(finishes, default=None), bar,
            critical=critical, baseline=_union(baselines), details=tuple(details),
        )  # fmt: skip

    def _task_row(self, task: Task, depth: int) -> Row:
        kind = RowKind.MILESTONE if task.milestone or task.duration_days == 0 else RowKind.TASK
        owner = self.people.get(task.owner, task.owner) if task.owner else ""
        base = self._baseline_span(task, kind)
        times = self.schedule.tasks.get(task.id)
        if times is None:
            details = (f"{task.name} ({task.id})", "not in this schedule")
            return Row(len(self.rows), kind, task.id, task.name, depth, owner, None, None, None,
                       baseline=base, details=details)  # fmt: skip
        first = self.schedule.start_date(task.id)
        last = self.schedule.finish_date(task.id)
        bar, tail = self._bar_and_tail(times, kind)
        return Row(
            len(self.rows), kind, task.id, task.name, depth, owner, first, last, bar,
            critical=times.critical,
            total_float_days=times.total_float_days,
            float_tail=tail,
            delay=self._delay(times, bar),
            levelled=bool(times.levelling_delays),
            done=self._done(task, bar, kind),
            baseline=base,
            details=self._details(task, times, owner, first, last),
        )  # fmt: skip

    def _bar_and_tail(self, times: TaskTimes, kind: RowKind) -> tuple[Span, Span | None]:
        axis = self.axis
        if kind is RowKind.MILESTONE:
            bar = Span(axis.milestone(times.finish), axis.milestone(times.finish))
            late = axis.milestone(times.late_finish)
        else:
            bar = Span(axis.start(times.start, times.finish), axis.finish(times.start, times.finish))
            late = axis.finish(times.late_start, times.late_finish)
        tail = Span(bar.x1, late) if times.total_float > 0 and late > bar.x1 else None
        return bar, tail

    def _delay(self, times: TaskTimes, bar: Span) -> Span | None:
        """Where levelling moved a task later than its early start: the wait is drawn."""
        if not times.levelling_delays or times.early_start >= times.start:
            return None
        early = self.axis.start(times.early_start, max(times.early_finish, times.early_start + 1))
        return Span(early, bar.x0) if early < bar.x0 else None

    def _done(self, task: Task, bar: Span, kind: RowKind) -> Span | None:
        """The worked part: all of a finished task, else up to the status date once started."""
        progress = task.progress
        if kind is RowKind.MILESTONE:
            return None
        if progress.actual_finish is not None:
            return bar
        if progress.actual_start is None:
            return None
        as_of = self.schedule.as_of or self.plan.status_date
        if as_of is None:
            return None
        reach = min(self.axis.day(as_of), bar.x1)
        return Span(bar.x0, reach) if reach > bar.x0 else None

    def _baseline_span(self, task: Task, kind: RowKind) -> Span | None:
        entry = self.baseline.tasks.get(task.id) if self.baseline else None
        return None if entry is None else self.axis.baseline(entry, kind is RowKind.MILESTONE)

    def _details(self, task: Task, times: TaskTimes, owner: str, first: date, last: date) -> tuple[str, ...]:
        """The lines of a bar's tooltip: dates, float, what drives it, who owns it."""
        lines = [f"{task.name} ({task.id})"]
        if task.milestone or task.duration_days == 0:
            lines.append(f"Milestone: {_date(last)}")
        else:
            lines.append(f"{_date(first)} – {_date(last)}, {_days(task.duration_days)} working days")
        lines.append(_float_line(times))
        lines.append(f"Driven by: {times.start_driver.text}")
        lines.append(f"Late finish set by: {times.late_driver.text}")
        lines.extend(f"Levelled: {delay.text}" for delay in times.levelling_delays)
        lines.extend(self._baseline_lines(task, last))
        if owner:
            lines.append(f"Owner: {owner}")
        names = [self.resources.get(a.resource, a.resource) for a in task.assignments]
        if names:
            lines.append("Resources: " + ", ".join(names))
        return tuple(lines)

    def _baseline_lines(self, task: Task, last: date) -> Iterator[str]:
        entry = self.baseline.tasks.get(task.id) if self.baseline else None
        if self.baseline is None or entry is None:
            return
        slip = (last - entry.finish).days
        moved = "on baseline" if slip == 0 else f"{abs(slip)} days {'later' if slip > 0 else 'earlier'}"
        yield f"Baseline ({self.baseline.name}): {_date(entry.start)} – {_date(entry.finish)}, finish {moved}"


# -- the plan as a tree -----------------------------------------------------------------------
_Node = Task | tuple[str, list["_Node"]]


def _tree(plan: Plan) -> list[_Node]:
    """Top-level items in plan order: ungrouped tasks and groups, each group placed where its
    first task appears, holding its own tasks and sub-groups in the same order."""
    parents = {group.id: group.parent for group in plan.groups}
    roots: list[_Node] = []
    open_groups: dict[str, list[_Node]] = {}

    def holder(group_id: str | None, seen: frozenset[str] = frozenset()) -> list[_Node]:
        if group_id is None or group_id in seen:  # a parent loop is shown flat, never hangs
            return roots
        if group_id not in open_groups:
            children: list[_Node] = []
            open_groups[group_id] = children
            holder(parents.get(group_id), seen | {group_id}).append((group_id, children))
        return open_groups[group_id]

    for task in plan.tasks:
        holder(task.group).append(task)
    return roots


def _until_depth(rows: Iterable[Row], depth: int) -> Iterator[Row]:
    """The rows below a summary until the next row at its depth or shallower."""
    for row in rows:
        if row.depth <= depth:
            return
        yield row


def _union(spans: list[Span]) -> Span | None:
    if not spans:
        return None
    return Span(min(s.x0 for s in spans), max(s.x1 for s in spans))


# -- time scale and closed days ---------------------------------------------------------------
def _months(first: date, last: date) -> Iterator[Band]:
    month = first.replace(day=1)
    while month < last:
        following = (month + timedelta(days=32)).replace(day=1)
        x0 = max((month - first).days, 0)
        x1 = min((following - first).days, (last - first).days)
        yield Band(float(x0), float(x1), month.strftime("%b %Y"))
        month = following


def _weeks(first: date, last: date) -> Iterator[Tick]:
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    while monday < last:
        yield Tick(float((monday - first).days), monday, str(monday.day))
        monday += timedelta(days=7)


def _closed_runs(first: date, last: date, working_day: DayRule) -> Iterator[Band]:
    """Runs of consecutive non-working days, as bands."""
    run_start: date | None = None
    day = first
    while day <= last:
        closed = day < last and not working_day(day)
        if closed and run_start is None:
            run_start = day
        elif not closed and run_start is not None:
            yield Band(float((run_start - first).days), float((day - first).days), "closed")
            run_start = None
        day += timedelta(days=1)


def project_day_rule(plan: Plan) -> DayRule:
    """The project calendar's own weekdays, shutdowns and extra days (no public holidays: the
    domain knows none; an adapter passes a fuller rule to `layout`)."""
    specs = {spec.id: spec for spec in plan.calendars}
    spec = specs.get(plan.project_calendar)
    if spec is None:
        return lambda day: day.weekday() < 5
    closed = frozenset(day for s in _chain(spec, specs) for span in s.shutdowns for day in span.days())
    weekdays, extra = spec.working_weekdays, spec.extra_working_days
    return lambda day: day in extra or (day.weekday() in weekdays and day not in closed)


def _chain(spec: CalendarSpec, specs: dict[str, CalendarSpec]) -> Iterator[CalendarSpec]:
    seen: set[str] = set()
    current: CalendarSpec | None = spec
    while current is not None and current.id not in seen:
        seen.add(current.id)
        yield current
        current = specs.get(current.base) if current.base else None


# -- words ------------------------------------------------------------------------------------
def _date(day: date) -> str:
    return day.strftime("%a %d %b %Y")


def _days(value: Decimal | float) -> str:
    number = float(value)
    return f"{number:g}"


def _float_line(times: TaskTimes) -> str:
    total, free = _days(times.total_float_days), _days(times.free_float_days)
    if times.total_float < 0:
        return f"LATE: total float {total} working days (a date cannot be met), free float {free}"
    prefix = "Critical: " if times.critical else ""
    return f"{prefix}total float {total} working days, free float {free}"
