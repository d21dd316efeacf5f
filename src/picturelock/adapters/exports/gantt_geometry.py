"""Pixels for a Gantt layout: the frame both the SVG and the PNG writer draw in.

The layout (`picturelock.domain.gantt`) is in days and rows; this module picks the scale (days
per pixel, capped so a long plan stays a sensible width), the label columns (sized with the
writer's own text measure) and the colours, so the two formats draw the same chart.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from picturelock.adapters.holiday_calendars import day_rules
from picturelock.domain.gantt import DayRule, GanttLayout, Row, RowKind, layout
from picturelock.domain.plan import Plan
from picturelock.domain.schedule.result import Schedule

Measure = Callable[[str, float], float]  # (text, font size in px) -> width in px

FONT = 12.0
SMALL = 11.0
TITLE_FONT = 16.0
ROW_HEIGHT = 20
TITLE_HEIGHT = 34
MONTHS_HEIGHT = 20
WEEKS_HEIGHT = 20
PAD = 10
GAP = 12
INDENT = 14
MAX_DAY_PX = 22.0
NAME_WIDTH = (150.0, 320.0)
OWNER_WIDTH = (60.0, 150.0)

COLOURS = {
    "background": "#ffffff",
    "stripe": "#f6f7f9",
    "summary_row": "#edf0f4",
    "closed": "#eceef2",
    "month_line": "#c3c9d1",
    "week_line": "#e1e4e8",
    "rule": "#9aa3ae",
    "text": "#1f2933",
    "muted": "#5f6b7a",
    "task": "#5b8fc9",
    "task_done": "#2f5f93",
    "critical": "#cf4a3f",
    "critical_done": "#8e2c24",
    "summary": "#3c4757",
    "milestone": "#3c4757",
    "baseline": "#a7afba",
    "float": "#93b6dc",
    "delay": "#e0a03a",
    "today": "#e07b00",
    "late": "#b3261e",
}

LEGEND = (
    ("task", "Task"),
    ("critical", "Critical path"),
    ("summary", "Group summary"),
    ("milestone", "Milestone"),
    ("done", "Done (to status date)"),
    ("float", "Total float"),
    ("baseline", "Baseline"),
    ("delay", "Moved by levelling"),
    ("today", "Today"),
    ("closed", "Non-working day"),
)
SWATCH = 26.0


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # name, owner, start, finish, float
    title: str
    x: float
    width: float
    align: str  # "start" or "end"


@dataclass(frozen=True, slots=True)
class Geometry:
    columns: tuple[Column, ...]
    chart_x: float  # where day 0 of the axis is
    chart_right: float  # where the axis ends
    px_per_day: float
    row_height: int
    top: float  # y of the first row
    legend_top: float
    legend: tuple[tuple[str, str, float, float], ...]  # (key, label, x, y) of each swatch
    width: int
    height: int

    def x(self, days: float) -> float:
        return self.chart_x + days * self.px_per_day

    def y(self, index: int) -> float:
        return self.top + index * self.row_height

    @property
    def rows_bottom(self) -> float:
        return self.legend_top - PAD


def chart_for(plan: Plan, schedule: Schedule, *, today: date | None, baseline: str | None) -> GanttLayout:
    """The layout, with the project calendar's public holidays shaded where they are known."""
    return layout(plan, schedule, today=today, baseline_name=baseline, working_day=_project_rule(plan))


def _project_rule(plan: Plan) -> DayRule | None:
    try:
        return day_rules(plan.calendars, plan.production).get(plan.project_calendar)
    except (KeyError, NotImplementedError):  # an unchecked plan: shade weekdays and shutdowns only
        return None


def geometry(
    chart: GanttLayout, measure: Measure, *, max_chart_width: float = 1800.0, px_per_day: float | None = None
) -> Geometry:
    """Columns sized to their text (within bounds), then the time axis scaled to fit (or to
    `px_per_day` when given: a zoom level chosen by the reader)."""
    columns = _columns(chart, measure)
    chart_x = float(round(columns[-1].x + columns[-1].width + GAP))
    if px_per_day is None:
        px_per_day = min(MAX_DAY_PX, max_chart_width / max(chart.days, 1))
    chart_right = chart_x + chart.days * px_per_day
    title, facts = heading(chart)
    width = round(max(chart_right, facts_x(title, measure) + measure(facts, FONT)) + PAD)
    top = TITLE_HEIGHT + MONTHS_HEIGHT + WEEKS_HEIGHT
    legend_top = top + len(chart.rows) * ROW_HEIGHT + PAD + 6
    legend, legend_height = _legend(measure, width)
    height = round(legend_top + legend_height + PAD)
    return Geometry(
        tuple(columns), chart_x, chart_right, px_per_day, ROW_HEIGHT, top, legend_top, legend, width, height
    )


def facts_x(title: str, measure: Measure) -> float:
    """Where the line of facts starts, after the chart's title."""
    return PAD + measure(title, TITLE_FONT) * 1.1 + 16


def _columns(chart: GanttLayout, measure: Measure) -> list[Column]:
    def widest(widths: list[float], bounds: tuple[float, float]) -> float:
        return max(bounds[0], min(bounds[1], max(widths, default=0.0) + 6))

    names = widest([INDENT * r.depth + measure(r.name, FONT) for r in chart.rows], NAME_WIDTH)
    owners = widest([measure(r.owner, FONT) for r in chart.rows], OWNER_WIDTH)
    day = measure("Wed 30 Sep 2027", FONT) + 6
    floats = measure("Float (d)", FONT) + 6
    specs = [
        ("name", "Task", names, "start"),
        ("owner", "Owner", owners, "start"),
        ("start", "Start", day, "start"),
        ("finish", "Finish", day, "start"),
        ("float", "Float (d)", floats, "end"),
    ]
    columns: list[Column] = []
    x = float(PAD)
    for key, title, width, align in specs:
        columns.append(Column(key, title, x, width, align))
        x += width + 8
    return columns


def _legend(measure: Measure, width: int) -> tuple[tuple[tuple[str, str, float, float], ...], float]:
    """Swatch positions, wrapped onto as many lines as the chart's width needs."""
    placed = []
    x, y = float(PAD), 0.0
    for key, label in LEGEND:
        item = SWATCH + 6 + measure(label, SMALL) + 18
        if x + item > width - PAD and x > PAD:
            x, y = float(PAD), y + 20
        placed.append((key, label, x, y))
        x += item
    return tuple(placed), y + 20


def cells(row: Row) -> dict[str, str]:
    """The label columns of a row, as text."""
    float_text = "" if row.total_float_days is None else f"{row.total_float_days:g}"
    return {
        "name": row.name,
        "owner": row.owner,
        "start": _short(row.start) if row.kind is not RowKind.MILESTONE else "",
        "finish": _short(row.finish),
        "float": float_text,
    }


def _short(day: date | None) -> str:
    return "" if day is None else day.strftime("%a %d %b %Y")


def fit(text: str, width: float, size: float, measure: Measure) -> str:
    """`text` shortened with an ellipsis to fit `width` pixels."""
    if measure(text, size) <= width:
        return text
    while text and measure(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def heading(chart: GanttLayout) -> tuple[str, str]:
    """The chart's title and a line saying what it shows."""
    facts = []
    if chart.as_of:
        facts.append(f"status as of {chart.as_of:%d %b %Y}")
    facts.append("resource-levelled" if chart.levelled else "logic only (not levelled)")
    if chart.baseline_name:
        facts.append(f"baseline: {chart.baseline_name}")
    if chart.today_date:
        facts.append(f"today: {chart.today_date:%a %d %b %Y}")
    return f"{chart.title}: post schedule", " · ".join(facts)


def week_step(px_per_day: float) -> int:
    """Label every n-th Monday so week labels never overlap."""
    per_week = px_per_day * 7
    for step in (1, 2, 4, 8, 13):
        if per_week * step >= 22:
            return step
    return 26


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, so a failure writes
    nothing and a reader never sees half a file."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, _file_mode(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _file_mode(path: Path) -> int:
    """The mode a new file would get (mkstemp makes it private), or the old file's mode."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
