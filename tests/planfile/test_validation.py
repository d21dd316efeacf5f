"""Semantic checks on a Plan (domain.validation): each kind of mistake, found and placed."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from picturelock.adapters.planfile import load_plan
from picturelock.domain.plan import (
    Assignment,
    Baseline,
    BaselineEntry,
    CalendarSpec,
    Constraint,
    ConstraintKind,
    Link,
    LinkType,
    Plan,
    Production,
    Progress,
    Task,
)
from picturelock.domain.validation import dependency_loops, plan_problems

MON, TUE, WED, FRI = date(2027, 1, 11), date(2027, 1, 12), date(2027, 1, 13), date(2027, 1, 15)


@pytest.fixture
def plan(small_plan_path: Path) -> Plan:
    return load_plan(small_plan_path)


def _fields(plan: Plan) -> dict[str, str]:
    return {p.field: p.message for p in plan_problems(plan, "plan")}


def _with_task(plan: Plan, name: str, **changes: object) -> Plan:
    tasks = tuple(replace(t, **changes) if t.id == name else t for t in plan.tasks)  # type: ignore[arg-type]
    return replace(plan, tasks=tasks)


def _index(plan: Plan, task_id: str) -> int:
    return [t.id for t in plan.tasks].index(task_id)


def test_the_fixture_has_no_problems(plan: Plan) -> None:
    assert plan_problems(plan, "plan") == []


def test_duplicate_ids(plan: Plan) -> None:
    broken = replace(plan, tasks=(*plan.tasks, plan.tasks[1]), people=(*plan.people, plan.people[0]))
    found = _fields(broken)
    assert "duplicate id 'ep1-offline'" in found[f"tasks[{len(plan.tasks)}].id"]
    assert "duplicate id 'maya'" in found[f"people[{len(plan.people)}].id"]


def test_unknown_references(plan: Plan) -> None:
    i = _index(plan, "ep1-grade")
    broken = _with_task(plan, "ep1-grade", owner="ghost", group="ep9", calendar="night")
    broken = replace(
        broken,
        project_calendar="nowhere",
        resources=(replace(plan.resources[0], calendar="x", person="nobody"), *plan.resources[1:]),
    )
    found = _fields(broken)
    assert found[f"tasks[{i}].owner"] == "unknown person 'ghost'"
    assert found[f"tasks[{i}].group"] == "unknown group 'ep9'"
    assert found[f"tasks[{i}].calendar"] == "unknown calendar 'night'"
    assert found["project_calendar"] == "unknown calendar 'nowhere'"
    assert found["resources[0].calendar"] == "unknown calendar 'x'"
    assert found["resources[0].person"] == "unknown person 'nobody'"


def test_an_unknown_reference_lists_what_is_known(plan: Plan) -> None:
    broken = _with_task(plan, "ep1-grade", owner="ghost")
    (problem,) = plan_problems(broken, "plan")
    assert problem.expected == "a person id: exec, ines, maya, sam, tom"


def test_links_to_missing_tasks_self_links_and_duplicates(plan: Plan) -> None:
    n = len(plan.links)
    links = (*plan.links, Link("ghost", "ep1-grade"), Link("ep1-mix", "ep1-mix"), Link("wrap", "ep1-offline"))
    found = _fields(replace(plan, links=links))
    assert found[f"links[{n}].task"] == "unknown task 'ghost'"
    assert found[f"links[{n + 1}].task"] == "task 'ep1-mix' depends on itself"
    assert found[f"links[{n + 2}].task"] == "'ep1-offline' follows 'wrap' twice"


def test_a_dependency_loop_is_named(plan: Plan) -> None:
    links = (*plan.links, Link("ep1-delivery", "ep1-offline", LinkType.SS))
    messages = [p.message for p in plan_problems(replace(plan, links=links), "plan")]
    assert messages == [
        "dependency loop: ep1-delivery -> ep1-offline -> ep1-lock -> ep1-grade -> ep1-delivery",
    ]


def test_separate_loops_are_each_reported(plan: Plan) -> None:
    links = (*plan.links, Link("ep1-lock", "ep1-offline"), Link("ep2-grade", "ep2-offline"))
    messages = sorted(p.message for p in plan_problems(replace(plan, links=links), "plan"))
    assert messages == [
        "dependency loop: ep1-lock -> ep1-offline -> ep1-lock",
        "dependency loop: ep2-grade -> ep2-offline -> ep2-grade",
    ]


def test_a_long_chain_is_checked_without_recursion() -> None:
    ids = [f"t{i:05d}" for i in range(20_000)]
    links = [Link(a, b) for a, b in itertools.pairwise(ids)]
    assert dependency_loops(links, ids) == []
    loops = dependency_loops([*links, Link(ids[-1], ids[0])], ids)
    assert len(loops) == 1 and len(loops[0][0]) == len(ids) + 1


@settings(max_examples=60, deadline=None)
@given(st.integers(3, 25), st.data())
def test_loops_are_found_exactly_when_a_link_runs_backwards(size: int, data: st.DataObject) -> None:
    ids = [f"t{i}" for i in range(size)]
    pairs = data.draw(st.sets(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)), max_size=40))
    forward = [Link(ids[a], ids[b]) for a, b in sorted(pairs) if a < b]
    assert dependency_loops(forward, ids) == []
    if not forward:
        return
    back = data.draw(st.sampled_from(forward))
    links = [*forward, Link(back.successor, back.predecessor)]
    loops = dependency_loops(links, ids)
    assert loops, "a link back along an existing link closes a loop"
    by_pair = {(link.predecessor, link.successor) for link in links}
    for loop, k in loops:
        assert loop[0] == loop[-1] and len(set(loop)) == len(loop) - 1
        assert all((a, b) in by_pair for a, b in itertools.pairwise(loop))
        assert (links[k].predecessor, links[k].successor) in set(itertools.pairwise(loop))


def test_calendar_problems(plan: Plan) -> None:
    calendars = (
        *plan.calendars,
        CalendarSpec("never", "Never", working_weekdays=frozenset()),
        CalendarSpec("a", "A", base="b"),
        CalendarSpec("b", "B", base="a"),
    )
    found = _fields(replace(plan, calendars=calendars))
    n = len(plan.calendars)
    assert found[f"calendars[{n}].working_weekdays"] == "calendar 'never' has no working weekday"
    assert found[f"calendars[{n + 1}].base"] == "calendar base loop: a -> b -> a"


def test_group_loop(plan: Plan) -> None:
    groups = (replace(plan.groups[0], parent="ep2"), replace(plan.groups[1], parent="ep1"))
    assert _fields(replace(plan, groups=groups))["groups[0].parent"] == "group loop: ep1 -> ep2 -> ep1"


def _constrained(plan: Plan, days: str, *constraints: Constraint) -> Plan:
    return _with_task(plan, "ep1-mix", duration_days=Decimal(days), constraints=constraints)


def test_start_and_finish_constraints_must_leave_room(plan: Plan) -> None:
    i = _index(plan, "ep1-mix")
    snet, fnlt = Constraint(ConstraintKind.SNET, MON), Constraint(ConstraintKind.FNLT, TUE)
    assert _fields(_constrained(plan, "2", snet, fnlt)) == {}
    found = _fields(_constrained(plan, "2.5", snet, fnlt))
    assert "leaves at most 2 working days" in found[f"tasks[{i}].constraints[0]"]
    # the dubbing theatre works Saturdays: Fri + Sat + Mon is three days before the Monday after
    wide = _constrained(
        plan, "3", Constraint(ConstraintKind.SNET, FRI), Constraint(ConstraintKind.MFO, date(2027, 1, 18))
    )
    assert _fields(wide) == {}


def test_contradictory_constraints(plan: Plan) -> None:
    i = _index(plan, "ep1-delivery")
    broken = _with_task(
        plan,
        "ep1-delivery",
        constraints=(
            Constraint(ConstraintKind.MFO, FRI),
            Constraint(ConstraintKind.MFO, WED),
            Constraint(ConstraintKind.FNLT, WED),
            Constraint(ConstraintKind.SNET, FRI),
            Constraint(ConstraintKind.FNLT, date(2026, 12, 1)),
        ),
    )
    found = _fields(broken)
    assert found[f"tasks[{i}].constraints[1]"] == "two different must_finish_on dates: 2027-01-15, 2027-01-13"
    assert "is before must_finish_on 2027-01-15" in found[f"tasks[{i}].constraints[2]"]
    on_snet = [p.message for p in plan_problems(broken, "plan") if p.field == f"tasks[{i}].constraints[3]"]
    assert "start_no_earlier_than 2027-01-15 is after finish_no_later_than 2027-01-13" in on_snet
    assert "start_no_earlier_than 2027-01-15 is after must_finish_on 2027-01-13" in on_snet
    on_early = [p.message for p in plan_problems(broken, "plan") if p.field == f"tasks[{i}].constraints[4]"]
    assert "finish_no_later_than 2026-12-01 is before post starts (2027-01-04)" in on_early


@pytest.mark.parametrize(
    ("days", "milestone", "words"),
    [
        ("-1", False, "is negative"),
        ("0.25", False, "not a whole or half day"),
        ("1", True, "milestone with a duration"),
    ],
)
def test_durations(plan: Plan, days: str, milestone: bool, words: str) -> None:
    broken = _with_task(plan, "ep1-grade", duration_days=Decimal(days), milestone=milestone)
    assert words in _fields(broken)[f"tasks[{_index(plan, 'ep1-grade')}].duration"]


def test_capacity_and_units(plan: Plan) -> None:
    i = _index(plan, "ep1-offline")
    resources = (replace(plan.resources[0], capacity=Decimal(0)), *plan.resources[1:])
    broken = _with_task(
        plan,
        "ep1-offline",
        assignments=(Assignment("assistant", Decimal(2)), Assignment("grade-1", Decimal(0))),
    )
    found = _fields(replace(broken, resources=resources))
    assert found["resources[0].capacity"] == "capacity 0 is not positive"
    assert found[f"tasks[{i}].assign[0].units"] == "2 units of 'assistant' but its capacity is 1"
    assert found[f"tasks[{i}].assign[1].units"] == "units 0 is not positive"


def test_progress(plan: Plan) -> None:
    i = _index(plan, "ep1-offline")
    finished_early = Progress(actual_start=WED, actual_finish=MON, remaining_days=Decimal(2))
    found = _fields(replace(_with_task(plan, "ep1-offline", progress=finished_early), status_date=TUE))
    at = f"tasks[{i}].progress"
    assert found[f"{at}.actual_finish"] == "finished 2027-01-11 before it started 2027-01-13"
    assert found[f"{at}.remaining"] == "2 days remaining on a finished task"
    assert found[f"{at}.actual_start"] == "2027-01-13 is after the status date 2027-01-12"
    not_started = Progress(remaining_days=Decimal(1))
    assert (
        "has not started" in _fields(_with_task(plan, "ep1-offline", progress=not_started))[f"{at}.remaining"]
    )


def test_paperwork_names_missing_tasks_and_people(plan: Plan) -> None:
    broken = replace(
        plan,
        baselines=(Baseline("v0", MON, {"ghost": BaselineEntry(MON, TUE)}),),
        briefs=(replace(plan.briefs[0], tasks=("ep1-grade", "vfx")),),
        confirmations=(replace(plan.confirmations[0], party="nobody", before="gone"),),
        notes_rounds=(replace(plan.notes_rounds[0], after="x", waiting="y", from_person="z"),),
        agreements=(replace(plan.agreements[0], due_on=date(2027, 1, 1)),),
        escalation=replace(plan.escalation, refer_to="boss"),
    )
    found = _fields(broken)
    assert found["baselines[0].tasks.ghost"] == "unknown task 'ghost'"
    assert found["briefs[0].tasks[1]"] == "unknown task 'vfx'"
    assert found["confirmations[0].party"] == "unknown person 'nobody'"
    assert found["confirmations[0].before"] == "unknown task 'gone'"
    assert found["notes_rounds[0].after"] == "unknown task 'x'"
    assert found["notes_rounds[0].waiting"] == "unknown task 'y'"
    assert found["notes_rounds[0].from_person"] == "unknown person 'z'"
    assert found["agreements[0].due_on"] == "due before it was sent"
    assert found["escalation.refer_to"] == "unknown person 'boss'"


def test_every_problem_names_its_place(plan: Plan) -> None:
    broken = _with_task(plan, "wrap", owner="ghost")
    assert all(p.place == "harbour.yaml" for p in plan_problems(broken, "harbour.yaml"))


def test_task_values_are_checked_even_without_links() -> None:
    bare = Plan(
        production=Production("T", "feature", 1, 90, "GBP", "GB", None, MON),
        calendars=(CalendarSpec("standard", "Standard"),),
        resources=(),
        tasks=(Task("a", "A", Decimal(-2)),),
        links=(),
    )
    assert list(_fields(bare)) == ["tasks[0].duration"]


@pytest.mark.parametrize(
    ("days", "words"),
    [("NaN", "is not a number"), ("Infinity", "is not a number"), ("1E+999999", "is beyond")],
)
def test_absurd_amounts_are_reported_not_raised(plan: Plan, days: str, words: str) -> None:
    """Other readers (MS Project) can hand over any number: it is a problem, never an exception."""
    i = _index(plan, "ep1-offline")
    links = tuple(replace(link, lag_days=Decimal(days)) for link in plan.links)
    broken = replace(
        _with_task(
            plan,
            "ep1-offline",
            duration_days=Decimal(days),
            priority=10**5000,
            assignments=(Assignment("editor", Decimal(days)),),
            progress=Progress(actual_start=MON, remaining_days=Decimal(days)),
        ),
        links=links,
        resources=(replace(plan.resources[0], capacity=Decimal(days)), *plan.resources[1:]),
    )
    found = _fields(broken)
    assert words in found[f"tasks[{i}].duration"]
    assert words in found[f"tasks[{i}].progress.remaining"]
    assert words in found[f"tasks[{i}].assign[0].units"]
    assert words in found["resources[0].capacity"]
    assert words in found["links[0].lag"]
    assert found[f"tasks[{i}].priority"] == "priority a huge number is out of range"
