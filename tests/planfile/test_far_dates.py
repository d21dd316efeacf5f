"""Dates so far from the production that they can only be typing mistakes are refused at their line."""

from __future__ import annotations

import pytest

from picturelock.adapters.planfile.loader import parse_plan
from picturelock.domain.errors import InvalidInput

PLAN = """picturelock: 1
production: {{title: T, currency: GBP, country: GB, region: ENG, start: {start}}}
status_date: {status}
tasks:
  - id: lock
    name: Picture lock
    milestone: true
    constraints:
      - {{must_finish_on: {due}}}
"""


def problems(**dates: str) -> dict[str, int | None]:
    with pytest.raises(InvalidInput) as caught:
        parse_plan(PLAN.format(**dates), "plan.yaml")
    return {p.field: p.line for p in caught.value.problems}


def test_a_production_start_in_year_9999_is_refused() -> None:
    assert problems(start="9999-01-04", status="9999-01-04", due="9999-03-01") == {"production.start": 2}


def test_dates_decades_from_the_start_are_refused_each_at_its_line() -> None:
    found = problems(start="2027-01-04", status="1013-01-04", due="2300-03-01")
    assert found == {"status_date": 3, "tasks[0].constraints[0]": 9}
