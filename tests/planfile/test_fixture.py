"""The reference plan file loads to the expected Plan and writes back to the same Plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from picturelock.adapters.planfile import dump_plan, load_plan, parse_plan, write_plan
from picturelock.domain.plan import ConstraintKind, LinkType, ResourceKind


def test_fixture_loads_to_the_expected_plan(small_plan_path: Path) -> None:
    plan = load_plan(small_plan_path)
    assert plan.production.title == "Harbour Lights"
    assert plan.production.start == date(2027, 1, 4)
    assert plan.production.region == "ENG"
    assert [c.id for c in plan.calendars] == ["standard", "dub-week"]
    assert plan.calendars[1].working_weekdays == frozenset(range(6))
    assert plan.calendars[1].base == "standard"
    assert plan.calendars[0].shutdowns[0].last == date(2027, 4, 2)
    assert plan.resource("dub-a").kind is ResourceKind.ROOM
    assert plan.resource("editor").leave[0].first == date(2027, 2, 15)
    grade = plan.task("ep1-grade")
    assert grade.duration_days == Decimal("2.5")
    assert [a.resource for a in grade.assignments] == ["grade-1", "colourist"]
    offline = plan.task("ep1-offline")
    assert offline.assignments[1].units == Decimal("0.5")
    assert plan.task("ep1-lock").milestone
    assert plan.task("ep1-lock").duration_days == 0
    delivery = plan.task("ep1-delivery")
    assert delivery.constraints[0].kind is ConstraintKind.MFO
    assert delivery.constraints[0].on == date(2027, 3, 5)
    mix_link = next(link for link in plan.links if link.successor == "ep1-mix")
    assert (mix_link.predecessor, mix_link.lag_days, mix_link.lag_elapsed) == ("ep1-lock", 3, True)
    ss_link = next(link for link in plan.links if link.successor == "ep2-offline")
    assert (ss_link.type, ss_link.lag_days) == (LinkType.SS, 5)
    assert plan.baselines[0].tasks["ep1-grade"].finish == date(2027, 1, 29)
    assert plan.agreements[0].sign_offs[1].signed_on is None
    assert plan.escalation.refer_to == "tom"
    assert plan.escalation.warn_float_days == 3


def test_fixture_round_trips(small_plan_path: Path, tmp_path: Path) -> None:
    plan = load_plan(small_plan_path)
    text = dump_plan(plan)
    assert parse_plan(text, "dumped") == plan
    target = tmp_path / "plan.yaml"
    write_plan(plan, target)
    assert load_plan(target) == plan
    assert dump_plan(load_plan(target)) == text
