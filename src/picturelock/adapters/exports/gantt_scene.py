"""A Gantt layout drawn once as shapes in pixels, for the SVG and PNG writers to serialise.

Shapes carry a style name (`bar critical`, `float`, `head`...) that the SVG writer emits as a CSS
class and the PNG writer maps to colours and fonts, so the two files show the same chart. Each
row's shapes form a `Group` with the row's tooltip lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from picturelock.adapters.exports.gantt_geometry import (
    FONT,
    INDENT,
    LEGEND,
    MONTHS_HEIGHT,
    SMALL,
    SWATCH,
    TITLE_FONT,
    TITLE_HEIGHT,
    Geometry,
    Measure,
    cells,
    facts_x,
    fit,
    geometry,
    heading,
    week_step,
)
from picturelock.domain.gantt import GanttLayout, Row, RowKind, Span

__all__ = ["LEGEND", "Group", "Scene", "Shape", "scene"]


@dataclass(frozen=True, slots=True)
class Shape:
    """kind: rect (x, y, w, h), line (x1, y1, x2, y2), polygon (x, y pairs), text (x, baseline y)."""

    kind: str
    style: str
    coords: tuple[float, ...]
    text: str = ""
    anchor: str = "start"  # text only: "start" or "end"
    size: float = FONT  # text only: font size in px
    task: str = ""  # the task whose bar (or milestone diamond) this is; "" for every other shape


@dataclass(frozen=True, slots=True)
class Group:
    """The shapes of one row (or the today line), with its tooltip."""

    style: str
    id: str
    title: tuple[str, ...]
    shapes: tuple[Shape, ...]


@dataclass(frozen=True, slots=True)
class Scene:
    width: int
    height: int
    items: tuple[Shape | Group, ...]
    chart_x: float = 0.0  # x of the axis's first day, in px
    px_per_day: float = 0.0


def scene(
    chart: GanttLayout, measure: Measure, *, max_chart_width: float = 1800.0, px_per_day: float | None = None
) -> Scene:
    """The chart in pixels; `px_per_day` fixes the time scale (a zoom level) instead of fitting it."""
    geo = geometry(chart, measure, max_chart_width=max_chart_width, px_per_day=px_per_day)
    items: list[Shape | Group] = [Shape("rect", "background", (0, 0, geo.width, geo.height))]
    items.extend(_heading(chart, geo, measure))
    items.extend(_rows_background(chart, geo))
    items.extend(_scale(chart, geo, measure))
    items.extend(_row(row, geo, measure) for row in chart.rows)
    items.extend(_today(chart, geo))
    items.extend(_legend(geo))
    return Scene(geo.width, geo.height, tuple(items), geo.chart_x, geo.px_per_day)


def _rect(x: float, y: float, w: float, h: float, style: str) -> Shape:
    return Shape("rect", style, (x, y, max(w, 0.0), h))


def _line(x1: float, y1: float, x2: float, y2: float, style: str) -> Shape:
    return Shape("line", style, (x1, y1, x2, y2))


def _text(x: float, y: float, text: str, style: str = "", anchor: str = "start", size: float = FONT) -> Shape:
    return Shape("text", style, (x, y), text, anchor, size)


# -- frame ------------------------------------------------------------------------------------
def _heading(chart: GanttLayout, geo: Geometry, measure: Measure) -> Iterator[Shape]:
    title, facts = heading(chart)
    yield _text(geo.columns[0].x, 21, title, "title", size=TITLE_FONT)
    yield _text(facts_x(title, measure), 21, facts, "sub")


def _rows_background(chart: GanttLayout, geo: Geometry) -> Iterator[Shape]:
    left = geo.columns[0].x - 4
    width = geo.chart_right - left
    for row in chart.rows:
        if row.kind is RowKind.SUMMARY:
            yield _rect(left, geo.y(row.index), width, geo.row_height, "sumrow")
        elif row.index % 2:
            yield _rect(left, geo.y(row.index), width, geo.row_height, "stripe")
    if geo.px_per_day >= 1.5:  # closed days drawn only where a day is wide enough to see
        top = TITLE_HEIGHT + MONTHS_HEIGHT
        for band in chart.closed:
            yield _rect(geo.x(band.x0), top, band.x1 * geo.px_per_day - band.x0 * geo.px_per_day,
                        geo.rows_bottom - top, "closed")  # fmt: skip


def _scale(chart: GanttLayout, geo: Geometry, measure: Measure) -> Iterator[Shape]:
    """Month bands and Monday ticks over the chart; column headings beside them."""
    months_y, weeks_y = TITLE_HEIGHT, TITLE_HEIGHT + MONTHS_HEIGHT
    bottom = geo.rows_bottom
    step = week_step(geo.px_per_day)
    form = _month_form(geo.px_per_day * 28 - 6, measure)  # one form for every whole month
    for i, tick in enumerate(chart.weeks):
        x = round(geo.x(tick.x)) + 0.5
        yield _line(x, weeks_y, x, bottom, "week")
        if i % step == 0:
            yield _text(x + 3, weeks_y + 14, tick.label, "small", size=SMALL)
    for month in chart.months:
        x = round(geo.x(month.x0)) + 0.5
        yield _line(x, months_y, x, bottom, "month")
        label = _month_label(month.label, (month.x1 - month.x0) * geo.px_per_day - 6, measure, form)
        if label:
            yield _text(x + 4, months_y + 15, label, "head")
    for column in geo.columns:
        x = column.x + column.width if column.align == "end" else column.x
        yield _text(x, weeks_y + 14, column.title, "head", column.align)
    yield _line(geo.columns[0].x, geo.top - 0.5, geo.chart_right, geo.top - 0.5, "rule")
    x = round(geo.chart_x) - 6.5
    yield _line(x, months_y, x, bottom, "rule")


def _month_forms(label: str) -> tuple[str, ...]:
    return label, f"{label[:3]} '{label[-2:]}", label[:3], label[:1]


def _month_form(room: float, measure: Measure) -> int:
    """Which form of "Jan 2027", "Jan '27", "Jan", "J" fits the shortest month."""
    forms = _month_forms("May 2027")
    return next((i for i, text in enumerate(forms) if measure(text, FONT) <= room), len(forms))


def _month_label(label: str, room: float, measure: Measure, form: int) -> str:
    """The month's label in `form` or shorter, as fits its width (the first and last may be cut)."""
    return next((text for text in _month_forms(label)[form:] if measure(text, FONT) <= room), "")


# -- rows -------------------------------------------------------------------------------------
def _row(row: Row, geo: Geometry, measure: Measure) -> Group:
    y = geo.y(row.index)
    shapes = (*_labels(row, geo, y, measure), *_marks(row, geo, y))
    return Group(f"row row-{row.kind.value}", row.id, row.details, shapes)


def _labels(row: Row, geo: Geometry, y: float, measure: Measure) -> Iterator[Shape]:
    texts = cells(row)
    for column in geo.columns:
        indent = INDENT * row.depth if column.key == "name" else 0.0
        text = fit(texts[column.key], column.width - indent, FONT, measure)
        style = "sum" if row.kind is RowKind.SUMMARY and column.key == "name" else ""
        if column.key == "float" and row.late:
            style = "late"
        x = column.x + column.width if column.align == "end" else column.x + indent
        if text:
            yield _text(x, y + 14, text, style, column.align)


def _marks(row: Row, geo: Geometry, y: float) -> Iterator[Shape]:
    critical = " critical" if row.critical else ""
    if row.baseline is not None:
        yield _baseline(row, row.baseline, geo, y)
    if row.float_tail is not None:
        x0, x1 = geo.x(row.float_tail.x0), geo.x(row.float_tail.x1)
        yield _rect(x0, y + 8, x1 - x0, 2, "float")
        yield _rect(x1 - 1.5, y + 5, 1.5, 8, "float")
    if row.delay is not None:
        yield _line(geo.x(row.delay.x0), y + 9, geo.x(row.delay.x1), y + 9, "delay")
    if row.bar is None:
        return
    x0, x1 = geo.x(row.bar.x0), geo.x(row.bar.x1)
    if row.levelled:
        yield _pointer(x0 - (7.5 if row.kind is RowKind.MILESTONE else 1.0), y + 9)
    if row.kind is RowKind.MILESTONE:
        yield replace(_diamond(x0, y + 9, 6.5, f"milestone{critical}"), task=row.id)
    elif row.kind is RowKind.SUMMARY:
        yield _summary(x0, x1, y)
    else:
        yield replace(_rect(x0, y + 4, max(x1 - x0, 1.5), 10, f"bar{critical}"), task=row.id)
        if row.done is not None:
            done_x0, done_x1 = geo.x(row.done.x0), geo.x(row.done.x1)
            yield _rect(done_x0, y + 7.5, done_x1 - done_x0, 3, f"done{critical}")


def _baseline(row: Row, span: Span, geo: Geometry, y: float) -> Shape:
    if row.kind is RowKind.MILESTONE:
        return _diamond(geo.x(span.x0), y + 16, 3.5, "baseline")
    return _rect(geo.x(span.x0), y + 15, span.width * geo.px_per_day, 3, "baseline")


def _diamond(x: float, y: float, half: float, style: str) -> Shape:
    return Shape("polygon", style, (x, y - half, x + half, y, x, y + half, x - half, y))


def _pointer(x: float, y: float) -> Shape:
    """A small amber arrowhead ending at `x`: levelling moved this task later."""
    return Shape("polygon", "levelled", (x - 6, y - 5, x, y, x - 6, y + 5))


def _summary(x0: float, x1: float, y: float) -> Shape:
    """A summary bar with pointed end caps, as project tools draw it."""
    cap = min(5.0, (x1 - x0) / 2)
    points = (x0, y + 5, x1, y + 5, x1, y + 15, x1 - cap, y + 11, x0 + cap, y + 11, x0, y + 15)
    return Shape("polygon", "summary", points)


def _today(chart: GanttLayout, geo: Geometry) -> Iterator[Group]:
    if chart.today is None or chart.today_date is None:
        return
    x = round(geo.x(chart.today)) + 0.5
    line = _line(x, TITLE_HEIGHT + MONTHS_HEIGHT, x, geo.rows_bottom, "today")
    yield Group("today-line", "today", (f"Today: {chart.today_date:%a %d %b %Y}",), (line,))


# -- legend -----------------------------------------------------------------------------------
def _legend(geo: Geometry) -> Iterator[Shape]:
    for key, label, x, dy in geo.legend:
        y = geo.legend_top + dy
        yield from _swatch(key, x, y)
        yield _text(x + SWATCH + 6, y + 13, label, "small", size=SMALL)


def _swatch(key: str, x: float, y: float) -> Iterator[Shape]:
    w = SWATCH
    if key in ("task", "critical", "done"):
        yield _rect(x, y + 4, w, 10, "bar critical" if key == "critical" else "bar")
    if key == "done":
        yield _rect(x, y + 7.5, w * 0.6, 3, "done")
    elif key == "summary":
        yield _summary(x, x + w, y)
    elif key == "milestone":
        yield _diamond(x + w / 2, y + 9, 6.5, "milestone")
    elif key == "float":
        yield _rect(x, y + 8, w, 2, "float")
        yield _rect(x + w - 1.5, y + 5, 1.5, 8, "float")
    elif key == "baseline":
        yield _rect(x, y + 11, w, 3, "baseline")
    elif key == "delay":
        yield _line(x, y + 9, x + w - 6, y + 9, "delay")
        yield _pointer(x + w, y + 9)
    elif key == "today":
        yield _line(x + w / 2, y + 1, x + w / 2, y + 17, "today")
    elif key == "closed":
        yield _rect(x, y + 1, w, 16, "closed")
