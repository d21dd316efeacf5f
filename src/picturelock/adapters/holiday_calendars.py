"""Day rules for calendars: working weekdays, national and regional holidays, shutdowns.

Public holidays come from the `holidays` package (https://pypi.org/project/holidays/), looked up
lazily per year so a plan may run into any year.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

import holidays

from picturelock.domain.findings import Problem
from picturelock.domain.plan import CalendarSpec, Production

DayRule = Callable[[date], bool]


def check_region(country: str | None, region: str | None) -> str | None:
    """None when `holidays` knows the country (and region), else what is wrong."""
    if not country:
        return None
    supported = holidays.list_supported_countries()
    if country not in supported:
        return f"unknown country {country!r} for holidays"
    if region and region not in supported[country]:
        known = ", ".join(sorted(supported[country])) or "none"
        return f"unknown region {region!r} of {country} (known: {known})"
    return None


def public_holidays(country: str | None, region: str | None) -> Mapping[date, str]:
    """The public holidays of a country or region, expanding to any year asked about."""
    if not country:
        return {}
    return holidays.country_holidays(country, subdiv=region or None)


def holiday_name(country: str | None, region: str | None, day: date) -> str | None:
    return public_holidays(country, region).get(day)


def _closures(spec: CalendarSpec, production: Production, base: DayRule | None) -> DayRule:
    """Whether a day is closed by a holiday or shutdown of this calendar or its base."""
    country = spec.country if spec.country is not None else production.country
    region = spec.region if spec.country is not None else production.region
    holidays_here = public_holidays(country, region)
    shutdown = frozenset(day for span in spec.shutdowns for day in span.days())

    def is_closed(day: date) -> bool:
        return day in shutdown or day in holidays_here or (base is not None and base(day))

    return is_closed


def day_rules(calendars: Sequence[CalendarSpec], production: Production) -> dict[str, DayRule]:
    """Every calendar's day rule, bases resolved first (the loader has refused base loops).

    A calendar works on its own weekdays and extra working days; its closures are its own
    holidays and shutdowns plus those of its base calendar.
    """
    specs = {spec.id: spec for spec in calendars}
    closures: dict[str, DayRule] = {}

    def closed(spec: CalendarSpec) -> DayRule:
        if spec.id not in closures:
            base = closed(specs[spec.base]) if spec.base else None
            closures[spec.id] = _closures(spec, production, base)
        return closures[spec.id]

    def rule(spec: CalendarSpec) -> DayRule:
        is_closed, weekdays, extra = closed(spec), spec.working_weekdays, spec.extra_working_days

        def is_working_day(day: date) -> bool:
            return day in extra or (day.weekday() in weekdays and not is_closed(day))

        return is_working_day

    return {spec.id: rule(spec) for spec in calendars}


def calendar_problems(calendars: Sequence[CalendarSpec], place: str) -> list[Problem]:
    """Unknown countries or regions, named with their calendar and the field that is wrong."""
    problems = []
    for i, spec in enumerate(calendars):
        wrong = check_region(spec.country, spec.region)
        if wrong:
            field = "region" if wrong.startswith("unknown region") else "country"
            expected = "a region code the holidays package knows" if field == "region" else "an ISO 3166 code"
            problems.append(Problem(place, f"calendars[{i}].{field}", wrong, expected=expected))
    return problems
