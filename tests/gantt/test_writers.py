"""The SVG and PNG writers: parseable, one mark per task, tooltips, colours, size, atomic writes."""

from __future__ import annotations

import dataclasses
import io
import itertools
import os
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from picturelock.adapters.exports import writer_for
from picturelock.adapters.exports.gantt_geometry import COLOURS, ROW_HEIGHT, geometry
from picturelock.adapters.exports.gantt_png import measure as png_measure
from picturelock.adapters.exports.gantt_png import render_png, write_png
from picturelock.adapters.exports.gantt_scene import Group, Shape, scene
from picturelock.adapters.exports.gantt_svg import measure as svg_measure
from picturelock.adapters.exports.gantt_svg import render_svg, write_svg
from picturelock.domain.errors import InvalidInput
from picturelock.domain.gantt import layout
from picturelock.domain.schedule.result import Driver, Schedule

from .builders import forward_schedule, generated_plan, small_plan, small_schedule

GOLDEN = Path(__file__).parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2027, 1, 20)


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def row_groups(root: ET.Element) -> dict[str, ET.Element]:
    groups = [g for g in root.iter(f"{SVG}g") if "row" in g.get("class", "").split()]
    ids = [g.get("data-id") for g in groups]
    assert len(ids) == len(set(ids)), "one group per row"
    return {g.get("data-id", ""): g for g in groups}


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def normalised(svg: str) -> str:
    return "\n".join(line.rstrip() for line in svg.strip().splitlines()) + "\n"


def test_small_plan_svg_matches_the_golden_file():
    chart = layout(small_plan(), small_schedule(), today=TODAY)  # project calendar only: stable
    svg = normalised(render_svg(chart))
    golden = GOLDEN / "small_plan.svg"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(svg, encoding="utf-8")
    assert golden.exists(), "no golden file yet: run with UPDATE_GOLDEN=1 and review it"
    assert svg == golden.read_text(encoding="utf-8"), "rerun with UPDATE_GOLDEN=1 if the change is meant"


def test_svg_parses_and_has_one_bar_per_task_and_one_diamond_per_milestone(tmp_path):
    plan = small_plan()
    path = tmp_path / "plan.svg"
    write_svg(plan, small_schedule(), path, today=TODAY)
    root = ET.parse(path).getroot()
    rows = row_groups(root)
    for task in plan.tasks:
        marks = [e for e in rows[task.id] if e.tag in (f"{SVG}rect", f"{SVG}polygon")]
        bars = [e for e in marks if classes(e) & {"bar", "milestone"}]
        assert len(bars) == 1, task.id
        expected = "milestone" if task.milestone else "bar"
        assert expected in classes(bars[0])
    assert set(rows) == {t.id for t in plan.tasks} | {g.id for g in plan.groups}


def test_critical_bars_are_marked_and_tooltips_name_dates_float_and_driver(tmp_path):
    schedule = small_schedule()
    path = tmp_path / "plan.svg"
    write_svg(small_plan(), schedule, path)
    rows = row_groups(ET.parse(path).getroot())
    for task_id, times in schedule.tasks.items():
        bar = next(e for e in rows[task_id] if classes(e) & {"bar", "milestone"})
        assert ("critical" in classes(bar)) is times.critical
    tooltip = rows["ep1-grade"].find(f"{SVG}title")
    assert tooltip is not None and tooltip.text is not None
    assert "Wed 27 Jan 2027 – Fri 29 Jan 2027" in tooltip.text
    assert "total float 25.5 working days" in tooltip.text
    assert "Driven by: FS + 2d after ep1-lock" in tooltip.text


def test_svg_has_baseline_bars_today_line_and_legend(tmp_path):
    path = tmp_path / "plan.svg"
    write_svg(small_plan(), small_schedule(), path, today=TODAY)
    root = ET.parse(path).getroot()
    baselines = [e for e in root.iter() if "baseline" in classes(e)]
    assert len(baselines) >= 2 + 1  # two tasks in the baseline, one summary, one legend swatch
    today = [g for g in root.iter(f"{SVG}g") if g.get("class") == "today-line"]
    assert len(today) == 1 and "Wed 20 Jan 2027" in (today[0].findtext(f"{SVG}title") or "")
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert {"Critical path", "Baseline", "Total float", "Moved by levelling"} <= texts


def test_a_levelled_task_carries_an_amber_pointer_and_its_reasons(tmp_path):
    schedule = small_schedule()
    wait = Driver("resource", "waited 2 days for Grading Suite 1, booked by Ep 1 grade", "ep1-grade")
    moved = dataclasses.replace(schedule.tasks["ep2-grade"], levelling_delays=(wait,))
    schedule = dataclasses.replace(schedule, tasks={**schedule.tasks, "ep2-grade": moved}, levelled=True)
    path = tmp_path / "plan.svg"
    write_svg(small_plan(), schedule, path)
    rows = row_groups(ET.parse(path).getroot())
    pointers = {task_id for task_id, g in rows.items() if any("levelled" in classes(e) for e in g)}
    assert pointers == {"ep2-grade"}
    assert wait.text in (rows["ep2-grade"].findtext(f"{SVG}title") or "")


def test_text_is_escaped(tmp_path):
    plan = small_plan()
    odd = dataclasses.replace(plan.task("ep1-grade"), name='Grade <Ep 1> & "look"\x07')
    plan = dataclasses.replace(plan, tasks=tuple(odd if t.id == odd.id else t for t in plan.tasks))
    path = tmp_path / "plan.svg"
    write_svg(plan, small_schedule(), path)
    rows = row_groups(ET.parse(path).getroot())
    names = [t.text for t in rows["ep1-grade"].iter(f"{SVG}text")]
    assert 'Grade <Ep 1> & "look"' in names


def test_a_failed_export_writes_nothing(tmp_path):
    for write, name in ((write_svg, "plan.svg"), (write_png, "plan.png")):
        with pytest.raises(InvalidInput):
            write(small_plan(), small_schedule(), tmp_path / name, baseline="no such baseline")
    assert list(tmp_path.iterdir()) == []


def test_an_export_replaces_an_old_file_whole(tmp_path):
    path = tmp_path / "plan.svg"
    path.write_text("old")
    write_svg(small_plan(), small_schedule(), path)
    assert path.read_text().startswith("<?xml") and [p.name for p in tmp_path.iterdir()] == ["plan.svg"]


def test_the_export_registry_finds_both_writers():
    assert writer_for(Path("chart.svg")) is write_svg
    assert writer_for(Path("chart.PNG")) is write_png


def test_png_opens_with_the_expected_size_and_shows_critical_and_today(tmp_path):
    path = tmp_path / "plan.png"
    write_png(small_plan(), small_schedule(), path, today=TODAY)
    expected = scene(layout(small_plan(), small_schedule(), today=TODAY), png_measure)
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (expected.width, expected.height)
        colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1 << 20) or []}
    assert rgb(COLOURS["critical"]) in colours
    assert rgb(COLOURS["today"]) in colours
    assert rgb(COLOURS["baseline"]) in colours


def rows_area_colours(chart) -> set[tuple[int, int, int]]:
    """The colours drawn in the rows of a PNG chart (the legend left out)."""
    geo = geometry(chart, png_measure)
    with Image.open(io.BytesIO(render_png(chart))) as image:
        rows = image.convert("RGB").crop((0, round(geo.top), geo.width, round(geo.rows_bottom)))
        return {colour for _, colour in rows.getcolors(maxcolors=1 << 20) or []}


def test_png_rows_are_red_only_where_the_schedule_says_critical():
    schedule = small_schedule()
    assert rgb(COLOURS["critical"]) in rows_area_colours(layout(small_plan(), schedule))
    relaxed = {k: dataclasses.replace(v, critical=False) for k, v in schedule.tasks.items()}
    colours = rows_area_colours(layout(small_plan(), dataclasses.replace(schedule, tasks=relaxed)))
    assert rgb(COLOURS["critical"]) not in colours
    assert rgb(COLOURS["task"]) in colours


@pytest.fixture(scope="module")
def big_chart():
    plan = generated_plan(500)
    return plan, forward_schedule(plan)


def test_a_500_row_plan_renders_svg_rows_at_least_16px_apart(big_chart, tmp_path):
    plan, schedule = big_chart
    path = tmp_path / "big.svg"
    write_svg(plan, schedule, path)
    root = ET.parse(path).getroot()
    rows = row_groups(root)
    assert len(rows) == 500
    tops = sorted(float(next(g.iter(f"{SVG}text")).get("y", "0")) for g in rows.values())
    assert min(b - a for a, b in itertools.pairwise(tops)) >= 16
    assert int(root.get("height", "0")) >= 500 * 16


def test_a_500_row_plan_makes_a_tall_png_of_sensible_width(big_chart):
    plan, schedule = big_chart
    chart = layout(plan, schedule)
    with Image.open(io.BytesIO(render_png(chart))) as image:
        width, height = image.size
    assert height >= len(chart.rows) * max(ROW_HEIGHT, 16)
    assert width <= 2600  # the time axis is capped: days per pixel grow instead


def test_a_new_export_is_readable_like_any_new_file(tmp_path):
    path = tmp_path / "plan.png"
    write_png(small_plan(), small_schedule(), path)
    umask = os.umask(0)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_plan_with_no_tasks_still_makes_a_chart(tmp_path):
    plan = dataclasses.replace(small_plan(), tasks=(), links=(), baselines=())
    empty = Schedule(plan.production.start, {}, 0, 0, 0.0, ())
    write_svg(plan, empty, tmp_path / "empty.svg")
    write_png(plan, empty, tmp_path / "empty.png")
    assert row_groups(ET.parse(tmp_path / "empty.svg").getroot()) == {}
    with Image.open(tmp_path / "empty.png") as image:
        assert image.size[0] > 0


def test_a_long_plan_names_every_whole_month_the_same_short_way(tmp_path):
    plan = generated_plan(10, per_group=3)
    long_first = dataclasses.replace(plan.tasks[0], duration_days=Decimal(700))
    plan = dataclasses.replace(plan, tasks=(long_first, *plan.tasks[1:]))
    path = tmp_path / "long.svg"
    write_svg(plan, forward_schedule(plan), path)
    months = [t.text or "" for t in ET.parse(path).getroot().iter(f"{SVG}text") if t.get("y") == "49"]
    assert len(months) > 24
    forms = {re.sub(r"[A-Za-z]", "a", re.sub(r"\d", "9", text)) for text in months[1:-1]}
    assert len(forms) == 1 and forms != {"aaa 9999"}, months  # one short form: "Jan '27", "Jan" or "J"


def shape_extent(shape: Shape) -> tuple[float, float, float, float]:
    """The box a shape covers: (left, top, right, bottom); text measured as the SVG writer does."""
    if shape.kind == "rect":
        x, y, w, h = shape.coords
        return x, y, x + w, y + h
    if shape.kind == "text":
        x, y = shape.coords
        width = svg_measure(shape.text, shape.size)
        return (x - width, y, x, y) if shape.anchor == "end" else (x, y, x + width, y)
    xs, ys = shape.coords[0::2], shape.coords[1::2]
    return min(xs), min(ys), max(xs), max(ys)


@settings(max_examples=25, deadline=None)
@given(
    rows=st.integers(min_value=0, max_value=60),
    per_group=st.integers(min_value=2, max_value=10),
    today=st.integers(min_value=-40, max_value=400),
    long_name=st.booleans(),
)
def test_every_shape_lies_inside_the_picture(rows, per_group, today, long_name):
    plan = generated_plan(rows, per_group=per_group) if rows else small_plan()
    if long_name:
        plan = dataclasses.replace(plan, production=dataclasses.replace(plan.production, title="A" * 90))
    schedule = forward_schedule(plan) if rows else small_schedule()
    chart = layout(plan, schedule, today=plan.production.start + timedelta(days=today))
    drawing = scene(chart, svg_measure)
    for item in drawing.items:
        for shape in item.shapes if isinstance(item, Group) else (item,):
            left, top, right, bottom = shape_extent(shape)
            assert left >= 0 and right <= drawing.width + 0.01, shape
            assert top >= 0 and bottom <= drawing.height + 0.01, shape
