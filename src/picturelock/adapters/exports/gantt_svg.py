"""The Gantt chart as a hand-written SVG file: no dependency, readable at 500 rows.

Each row is a `<g class="row ...">` holding its labels and marks with a `<title>` tooltip (dates,
float, what drives it, owner, baseline). Critical tasks are red, float is a thin tail, the
baseline a grey bar under the bar, levelling delays a dashed amber line, today an orange line.
Styles are CSS classes named as in `gantt_scene`, so the file stays small at 500 rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

from picturelock.adapters.exports.gantt_geometry import (
    COLOURS,
    FONT,
    SMALL,
    TITLE_FONT,
    chart_for,
    write_atomic,
)
from picturelock.adapters.exports.gantt_scene import Group, Shape, scene
from picturelock.domain.gantt import GanttLayout
from picturelock.domain.plan import Plan
from picturelock.domain.schedule.result import Schedule

FONT_FAMILY = "'Helvetica Neue', Helvetica, Arial, 'DejaVu Sans', sans-serif"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NARROW = frozenset("ijlftI.,:;'|!()[] -/")
_WIDE = frozenset("mwMW@%")


def write_svg(
    plan: Plan, schedule: Schedule, path: Path, *, today: date | None = None, baseline: str | None = None
) -> None:
    """Write the Gantt chart of `schedule` to `path` as SVG (atomically)."""
    chart = chart_for(plan, schedule, today=today, baseline=baseline)
    write_atomic(Path(path), render_svg(chart).encode("utf-8"))


def render_svg(chart: GanttLayout) -> str:
    drawing = scene(chart, measure)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{drawing.width}" height="{drawing.height}" '
        f'viewBox="0 0 {drawing.width} {drawing.height}" font-family="{_esc(FONT_FAMILY)}">',
        f"<title>{_esc(chart.title)}: post schedule</title>",
        _style(),
    ]
    for item in drawing.items:
        parts.extend(_group(item) if isinstance(item, Group) else [_shape(item)])
    parts.append("</svg>\n")
    return "\n".join(parts)


def render_embedded_svg(
    chart: GanttLayout,
    *,
    px_per_day: float | None = None,
    root: Mapping[str, str] | None = None,
    bars: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """The chart as an `<svg class="gantt-chart">` element for an HTML page (the web Gantt).

    Its styles apply inside it only; `px_per_day` fixes the zoom; the root carries `root`'s
    attributes and the geometry a script needs (data-first-day, data-chart-x, data-px-per-day);
    each task's bar or milestone diamond carries `data-task` and that task's `bars` attributes.
    """
    drawing = scene(chart, measure, px_per_day=px_per_day)
    geometry = {
        "data-first-day": chart.first_day.isoformat(),
        "data-days": str(chart.days),
        "data-chart-x": _n(drawing.chart_x),
        "data-px-per-day": f"{drawing.px_per_day:g}",
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gantt-chart" width="{drawing.width}" '
        f'height="{drawing.height}" viewBox="0 0 {drawing.width} {drawing.height}" '
        f'font-family="{_esc(FONT_FAMILY)}"{_attributes({**geometry, **(root or {})})}>',
        f"<title>{_esc(chart.title)}: post schedule</title>",
        _style("svg.gantt-chart "),
    ]
    extra = bars or {}
    for item in drawing.items:
        if isinstance(item, Group):
            parts.extend(_group(item, extra))
        else:
            parts.append(_shape(item, extra))
    parts.append("</svg>")
    return "\n".join(parts)


def _attributes(values: Mapping[str, str]) -> str:
    return "".join(f' {name}="{_esc(value)}"' for name, value in values.items())


def measure(text: str, size: float) -> float:
    """An estimate of `text`'s width in a Helvetica-like face (no font file is read), generous so
    that a wider fallback face (DejaVu Sans) still fits."""
    units = 0.0
    for char in text:
        if char in _NARROW:
            units += 0.30
        elif char in _WIDE:
            units += 0.85
        elif char.isupper():
            units += 0.64
        elif char.isdigit():
            units += 0.56
        else:
            units += 0.54
    return units * size * 1.08


def _style(scope: str = "") -> str:
    """The chart's CSS; `scope` prefixes every selector (an SVG inside a page styles only itself)."""
    c = COLOURS
    rules = {
        "text": f"font-size:{_n(FONT)}px;fill:{c['text']}",
        ".title": f"font-size:{_n(TITLE_FONT)}px;font-weight:600",
        ".sub": f"fill:{c['muted']}",
        ".head,.sum": "font-weight:600",
        ".small": f"font-size:{_n(SMALL)}px;fill:{c['muted']}",
        ".late": f"fill:{c['late']};font-weight:600",
        ".background": f"fill:{c['background']}",
        ".stripe": f"fill:{c['stripe']}",
        ".sumrow": f"fill:{c['summary_row']}",
        ".closed": f"fill:{c['closed']}",
        ".month": f"stroke:{c['month_line']};stroke-width:1",
        ".week": f"stroke:{c['week_line']};stroke-width:1",
        ".rule": f"stroke:{c['rule']};stroke-width:1",
        ".stripe,.sumrow,.closed,.month,.week,.rule": "shape-rendering:crispEdges",
        ".bar": f"fill:{c['task']}",
        ".bar.critical": f"fill:{c['critical']}",
        ".done": f"fill:{c['task_done']}",
        ".done.critical": f"fill:{c['critical_done']}",
        ".summary": f"fill:{c['summary']}",
        ".milestone": f"fill:{c['milestone']};stroke:#fff;stroke-width:1",
        ".milestone.critical": f"fill:{c['critical']}",
        ".baseline": f"fill:{c['baseline']}",
        ".float": f"fill:{c['float']}",
        ".delay": f"stroke:{c['delay']};stroke-width:2;stroke-dasharray:4 2",
        ".levelled": f"fill:{c['delay']}",
        ".today": f"stroke:{c['today']};stroke-width:1.5",
    }
    return (
        "<style>"
        + "".join(f"{_scoped(selector, scope)}{{{body}}}" for selector, body in rules.items())
        + "</style>"
    )


def _scoped(selector: str, scope: str) -> str:
    return ",".join(scope + part for part in selector.split(",")) if scope else selector


def _group(group: Group, bars: Mapping[str, Mapping[str, str]] | None = None) -> Iterator[str]:
    yield f'<g class="{group.style}" data-id="{_esc(group.id)}">'
    yield f"<title>{_esc(chr(10).join(group.title))}</title>"
    yield from (_shape(shape, bars) for shape in group.shapes)
    yield "</g>"


def _shape(shape: Shape, bars: Mapping[str, Mapping[str, str]] | None = None) -> str:
    c = [_n(v) for v in shape.coords]
    cls = f' class="{shape.style}"' if shape.style else ""
    if bars is not None and shape.task:
        cls += _attributes({"data-task": shape.task, **bars.get(shape.task, {})})
    if shape.kind == "rect":
        rounded = ' rx="2"' if shape.style.startswith("bar") else ""
        return f'<rect{cls} x="{c[0]}" y="{c[1]}" width="{c[2]}" height="{c[3]}"{rounded}/>'
    if shape.kind == "line":
        return f'<line{cls} x1="{c[0]}" y1="{c[1]}" x2="{c[2]}" y2="{c[3]}"/>'
    if shape.kind == "polygon":
        points = " ".join(f"{c[i]},{c[i + 1]}" for i in range(0, len(c), 2))
        return f'<polygon{cls} points="{points}"/>'
    anchor = ' text-anchor="end"' if shape.anchor == "end" else ""
    return f'<text x="{c[0]}" y="{c[1]}"{cls}{anchor}>{_esc(shape.text)}</text>'


def _esc(text: str) -> str:
    text = _NOT_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")
