"""Calendars resolve to day rules with the public holidays of their country and region."""

from __future__ import annotations

from datetime import date

from picturelock.adapters.holiday_calendars import calendar_problems, day_rules
from picturelock.domain.calendar import DateSpan
from picturelock.domain.plan import CalendarSpec, Production

PRODUCTION = Production("T", "drama-series", 6, 60, "GBP", "GB", "SCT", date(2027, 1, 4))


def test_regional_holidays_follow_the_region() -> None:
    rules = day_rules(
        [CalendarSpec("glasgow", "Glasgow"), CalendarSpec("london", "London", region="ENG", country="GB")],
        PRODUCTION,
    )
    # 2 January is a bank holiday in Scotland only (observed Monday 4 January in 2027).
    assert not rules["glasgow"](date(2027, 1, 4))
    assert rules["london"](date(2027, 1, 4))


def test_a_derived_calendar_keeps_its_base_closures_but_its_own_week() -> None:
    base = CalendarSpec("standard", "Standard", shutdowns=(DateSpan(date(2027, 12, 24), date(2027, 12, 31)),))
    six = CalendarSpec("dub", "Dub stage", frozenset(range(6)), base="standard")
    rules = day_rules([base, six], PRODUCTION)
    assert rules["dub"](date(2027, 1, 9))  # a Saturday session
    assert not rules["dub"](date(2027, 12, 28))  # the base's shutdown


def test_unknown_country_and_region_are_named_on_their_own_fields() -> None:
    problems = calendar_problems(
        [CalendarSpec("a", "A", country="XX"), CalendarSpec("b", "B", country="GB", region="XX")], "plan.yaml"
    )
    assert [p.field for p in problems] == ["calendars[0].country", "calendars[1].region"]
