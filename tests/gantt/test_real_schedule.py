"""The chart of the small plan file, loaded and scheduled by the real loader and engine."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from PIL import Image

from picturelock.domain.gantt import RowKind, layout

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def planned(small_plan_path):
    scheduling = pytest.importorskip("picturelock.services.scheduling", reason="the scheduler is not in yet")
    plans = pytest.importorskip("picturelock.services.plans")
    plan = plans.load_plan(small_plan_path)
    return plan, scheduling.schedule(plan)


def test_rows_carry_the_engines_inclusive_dates_and_critical_flags(planned):
    plan, schedule = planned
    chart = layout(plan, schedule, today=date(2027, 1, 20))
    tasks = [row for row in chart.rows if row.kind is not RowKind.SUMMARY]
    assert [row.id for row in tasks] == [task.id for task in plan.tasks]
    for row in tasks:
        assert row.start == schedule.start_date(row.id)
        assert row.finish == schedule.finish_date(row.id)
        assert row.critical is schedule.tasks[row.id].critical
        assert row.bar is not None and chart.day_at(row.bar.x1 - 0.01) == row.finish


def test_the_export_service_writes_both_charts(planned, tmp_path):
    exports = pytest.importorskip("picturelock.services.exports")
    plan, schedule = planned
    svg = exports.export(plan, schedule, tmp_path / "plan.svg", today=date(2027, 1, 20), baseline=None)
    png = exports.export(plan, schedule, tmp_path / "plan.png", today=date(2027, 1, 20))
    rows = [g for g in ET.parse(svg).getroot().iter(f"{SVG}g") if "row" in g.get("class", "").split()]
    assert len(rows) == len(plan.tasks) + len(plan.groups)
    with Image.open(png) as image:
        assert image.size[1] > 16 * len(rows)
