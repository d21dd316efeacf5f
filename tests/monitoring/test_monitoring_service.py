"""The monitoring use case on the reference plan file: one bundle, plain JSON, lines to print."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from picturelock.domain.plan import Plan
from picturelock.services.monitoring import monitor
from picturelock.services.plans import load_plan
from picturelock.services.scheduling import schedule

AS_OF = date(2027, 1, 11)  # the Monday after the agreement was due


@pytest.fixture
def plan(small_plan_path: Path) -> Plan:
    return load_plan(small_plan_path)


def test_monitoring_bundles_forecast_followups_notes_and_escalations(plan: Plan) -> None:
    result = monitor(plan, schedule(plan, as_of=AS_OF), as_of=AS_OF)
    assert result.as_of == AS_OF
    assert result.forecast.baseline == "Agreed schedule v1"
    assert set(result.forecast.tasks) == {t.id for t in plan.tasks}
    # the broadcaster executive has not signed the schedule due on Friday 8th
    (escalation,) = result.escalations
    assert (escalation.kind, escalation.severity, escalation.days_late) == ("agreement", "warning", 1)
    assert escalation.refer_to is not None and escalation.refer_to.name == "Tom Price"
    assert [f.kind for f in result.followups][:2] == ["agreement", "agreement"]
    assert [r.round_id for r in result.notes.rounds] == ["ep1-dc-notes"]


def test_the_json_is_plain_data_with_iso_dates(plan: Plan) -> None:
    document = monitor(plan, schedule(plan, as_of=AS_OF), as_of=AS_OF).to_json()
    assert set(document) == {"monitoring_as_of", "forecast", "escalations", "followups", "notes"}
    assert json.loads(json.dumps(document)) == document
    first = document["followups"][0]
    assert first["due"] == "2027-01-08" and first["who"]["id"] in {"tom", "exec"}
    assert document["escalations"][0]["refer_to"]["id"] == "tom"
    assert document["notes"]["rounds"][0]["from"]["name"] == "Tom Price"


def test_lines_say_where_the_finish_stands_and_what_is_open(plan: Plan) -> None:
    lines = monitor(plan, schedule(plan, as_of=AS_OF), as_of=AS_OF).lines()
    assert lines[0].startswith("As of 2027-01-11: post finishes ")
    assert any(
        line.startswith("WARNING: Sign-off of schedule Agreed schedule v1: Priya Shah") for line in lines
    )
    assert "overdue 2027-01-08: Sign-off of schedule Agreed schedule v1 (Priya Shah), 1 day overdue" in lines


def test_the_as_of_date_defaults_to_the_schedules_status_date(plan: Plan) -> None:
    assert monitor(plan, schedule(plan, as_of=AS_OF)).as_of == AS_OF
