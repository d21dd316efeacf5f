"""The Gantt chart as a PNG image, drawn with Pillow from the same scene as the SVG.

Text uses Pillow's bundled scalable face (`ImageFont.load_default(size=...)`, Pillow >= 10.1),
so nothing depends on the fonts of the machine. Long plans keep the time axis within a sensible
width (days per pixel grow); rows keep their height, so 500 rows make a tall image.
"""

from __future__ import annotations

import io
from datetime import date
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from picturelock.adapters.exports.gantt_geometry import COLOURS, chart_for, write_atomic
from picturelock.adapters.exports.gantt_scene import Group, Scene, Shape, scene
from picturelock.domain.gantt import GanttLayout
from picturelock.domain.plan import Plan
from picturelock.domain.schedule.result import Schedule

MAX_CHART_WIDTH = 1800.0
SUPERSAMPLE = 4  # slanted edges (diamonds, summary caps) are drawn large and scaled down

_FILLS = {
    "background": COLOURS["background"],
    "stripe": COLOURS["stripe"],
    "sumrow": COLOURS["summary_row"],
    "closed": COLOURS["closed"],
    "bar": COLOURS["task"],
    "bar critical": COLOURS["critical"],
    "done": COLOURS["task_done"],
    "done critical": COLOURS["critical_done"],
    "summary": COLOURS["summary"],
    "milestone": COLOURS["milestone"],
    "milestone critical": COLOURS["critical"],
    "baseline": COLOURS["baseline"],
    "float": COLOURS["float"],
    "levelled": COLOURS["delay"],
}
_LINES = {  # style -> (colour, width, dash)
    "month": (COLOURS["month_line"], 1, 0),
    "week": (COLOURS["week_line"], 1, 0),
    "rule": (COLOURS["rule"], 1, 0),
    "delay": (COLOURS["delay"], 2, 4),
    "today": (COLOURS["today"], 2, 0),
}
_TEXT = {  # style -> (colour, bold)
    "": (COLOURS["text"], False),
    "title": (COLOURS["text"], True),
    "sub": (COLOURS["muted"], False),
    "head": (COLOURS["text"], True),
    "sum": (COLOURS["text"], True),
    "small": (COLOURS["muted"], False),
    "late": (COLOURS["late"], True),
}


def write_png(
    plan: Plan, schedule: Schedule, path: Path, *, today: date | None = None, baseline: str | None = None
) -> None:
    """Write the Gantt chart of `schedule` to `path` as PNG (atomically)."""
    chart = chart_for(plan, schedule, today=today, baseline=baseline)
    write_atomic(Path(path), render_png(chart))


def render_png(chart: GanttLayout) -> bytes:
    image = draw_scene(scene(chart, measure, max_chart_width=MAX_CHART_WIDTH))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()


@cache
def font(size: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def measure(text: str, size: float) -> float:
    return float(font(size).getlength(text))


def draw_scene(drawing: Scene) -> Image.Image:
    image = Image.new("RGB", (drawing.width, drawing.height), COLOURS["background"])
    pen = ImageDraw.Draw(image)
    for item in drawing.items:
        for shape in item.shapes if isinstance(item, Group) else (item,):
            _draw(image, pen, shape)
    return image


def _draw(image: Image.Image, pen: ImageDraw.ImageDraw, shape: Shape) -> None:
    if shape.kind == "rect":
        _rect(pen, shape)
    elif shape.kind == "line":
        _line(pen, shape)
    elif shape.kind == "polygon":
        _polygon(image, shape.coords, _FILLS[shape.style])
    else:
        colour, bold = _TEXT.get(shape.style, _TEXT[""])
        anchor = "rs" if shape.anchor == "end" else "ls"
        stroke = 0.35 if bold else 0.0
        at = (shape.coords[0], shape.coords[1])
        pen.text(at, shape.text, font=font(shape.size), fill=colour, anchor=anchor,
                 stroke_width=stroke, stroke_fill=colour)  # fmt: skip


def _rect(pen: ImageDraw.ImageDraw, shape: Shape) -> None:
    x, y, w, h = shape.coords
    x0, y0 = round(x), round(y)
    x1, y1 = max(round(x + w) - 1, x0), max(round(y + h) - 1, y0)
    if shape.style.startswith("bar") and x1 - x0 >= 4:
        pen.rounded_rectangle((x0, y0, x1, y1), radius=2, fill=_FILLS[shape.style])
    else:
        pen.rectangle((x0, y0, x1, y1), fill=_FILLS[shape.style])


def _line(pen: ImageDraw.ImageDraw, shape: Shape) -> None:
    colour, width, dash = _LINES[shape.style]
    x1, y1, x2, y2 = (int(v) for v in shape.coords)
    if not dash:
        pen.line((x1, y1, x2, y2), fill=colour, width=width)
        return
    for start in range(min(x1, x2), max(x1, x2), dash + 2):  # dashes: horizontal lines only
        pen.line((start, y1, min(start + dash - 1, max(x1, x2)), y1), fill=colour, width=width)


def _polygon(image: Image.Image, coords: tuple[float, ...], colour: str) -> None:
    """A filled polygon with smooth slanted edges: drawn as a large mask, scaled down, pasted."""
    xs, ys = coords[0::2], coords[1::2]
    left, top = int(min(xs)) - 1, int(min(ys)) - 1
    width, height = int(max(xs)) + 2 - left, int(max(ys)) + 2 - top
    mask = Image.new("L", (width * SUPERSAMPLE, height * SUPERSAMPLE), 0)
    points = [((px - left) * SUPERSAMPLE, (py - top) * SUPERSAMPLE) for px, py in zip(xs, ys, strict=True)]
    ImageDraw.Draw(mask).polygon(points, fill=255)
    mask = mask.resize((width, height), Image.Resampling.BOX)
    image.paste(colour, (left, top, left + width, top + height), mask)
