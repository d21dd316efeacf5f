"""Details of the format: lag notation, defaults, assignments, constraints as one-key maps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from picturelock.adapters.planfile import parse_plan
from picturelock.domain.errors import InvalidInput
from picturelock.domain.plan import ConstraintKind, LinkType, Plan

TWO_TASKS = "tasks:\n  - {id: a, name: A, duration: 1}\n  - {id: b, name: B, duration: 1, "
HEAD = "picturelock: 1\nproduction: {title: T, currency: GBP, country: GB, start: 2027-01-04}\n"


def _plan(body: str) -> Plan:
    return parse_plan(HEAD + body, "format.yaml")


@pytest.mark.parametrize(
    ("lag", "days", "elapsed"),
    [
        ("2", "2", False),
        ("2.5", "2.5", False),
        ("-1", "-1", False),
        ('"3d"', "3", False),
        ("3ed", "3", True),
        ('"-2ed"', "-2", True),
        ("0.5ed", "0.5", True),
        ("0", "0", False),
    ],
)
def test_lag_notation(lag: str, days: str, elapsed: bool) -> None:
    plan = _plan(
        "tasks:\n  - {id: a, name: A, duration: 1}\n"
        f"  - {{id: b, name: B, duration: 1, depends: [{{task: a, type: SF, lag: {lag}}}]}}\n"
    )
    (link,) = plan.links
    assert (link.predecessor, link.successor, link.type) == ("a", "b", LinkType.SF)
    assert (link.lag_days, link.lag_elapsed) == (Decimal(days), elapsed)


def test_defaults_when_left_out() -> None:
    plan = _plan(
        "tasks:\n  - {id: a, name: A, duration: 1, assign: [ed]}\n"
        "resources:\n  - {id: ed, name: Ed, kind: person}\n"
    )
    (calendar,) = plan.calendars
    assert (calendar.id, calendar.working_weekdays, calendar.country) == (
        "standard",
        frozenset(range(5)),
        None,
    )
    assert plan.project_calendar == "standard"
    assert (plan.production.format, plan.production.episodes, plan.production.region) == ("feature", 1, None)
    task = plan.task("a")
    assert (task.priority, task.milestone, task.assignments[0].units) == (500, False, Decimal(1))
    assert plan.resource("ed").capacity == 1
    assert plan.escalation.warn_float_days == 3 and plan.status_date is None


def test_calendar_name_defaults_to_its_id_and_empty_country_means_no_holidays() -> None:
    plan = _plan(
        "calendars:\n  - {id: night, country: '', working_weekdays: [sat, sun]}\nproject_calendar: night\n"
    )
    (calendar,) = plan.calendars
    assert (calendar.name, calendar.country, calendar.working_weekdays) == ("night", "", frozenset({5, 6}))


def test_constraints_and_progress() -> None:
    plan = _plan(
        "status_date: 2027-01-20\ntasks:\n  - id: a\n    name: A\n    duration: 3\n    constraints:\n"
        "      - {start_no_earlier_than: 2027-01-11}\n      - {finish_no_later_than: 2027-01-29}\n"
        "    progress: {actual_start: 2027-01-11, remaining: 1.5}\n    pinned_start: 2027-01-11\n"
    )
    task = plan.task("a")
    assert [(c.kind, c.on) for c in task.constraints] == [
        (ConstraintKind.SNET, date(2027, 1, 11)),
        (ConstraintKind.FNLT, date(2027, 1, 29)),
    ]
    assert (task.progress.actual_start, task.progress.remaining_days) == (date(2027, 1, 11), Decimal("1.5"))
    assert task.pinned_start == date(2027, 1, 11) and plan.status_date == date(2027, 1, 20)


def test_numbers_written_where_text_belongs_are_text() -> None:
    plan = _plan("tasks:\n  - {id: 1917, name: 1917, duration: 1}\n")
    assert (plan.tasks[0].id, plan.tasks[0].name) == ("1917", "1917")


def test_a_quoted_date_is_a_date() -> None:
    plan = _plan("status_date: '2027-02-01'\n")
    assert plan.status_date == date(2027, 2, 1)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("tasks:\n  - {id: a, name: A, duration: 1e300}\n", "tasks[0].duration"),
        (
            TWO_TASKS + "depends: [{task: a, lag: 1e300}]}\n",
            "tasks[1].depends[0].lag",
        ),
        (
            TWO_TASKS + 'depends: [{task: a, lag: "9999999999ed"}]}\n',
            "tasks[1].depends[0].lag",
        ),
        ("resources:\n  - {id: r, name: R, kind: kit, capacity: 1e300}\n", "resources[0].capacity"),
        ("escalation: {warn_float_days: 1e300}\n", "escalation.warn_float_days"),
    ],
)
def test_huge_numbers_are_problems(body: str, field: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        _plan(body)
    assert [p.field for p in caught.value.problems] == [field]
    assert "beyond" in caught.value.problems[0].message
