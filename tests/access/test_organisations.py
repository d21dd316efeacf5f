"""Which organisation a task belongs to, what vendors and clients may see, and the id's form."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from picturelock.domain.access import Membership, Role
from picturelock.domain.organisations import (
    organisation_problems,
    task_organisation,
    task_organisations,
    visible_person_ids,
    visible_resource_ids,
    visible_task_ids,
)
from picturelock.domain.plan import Plan, Task
from picturelock.domain.validation import plan_problems
from picturelock.services.plans import load_plan

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "small_plan.yaml"
VENDOR = Membership("sam", 1, Role.VENDOR, "grade-house")
CLIENT = Membership("lee", 1, Role.CLIENT, "broadcaster")


def tagged(plan: Plan, *, resources: dict[str, str], tasks: dict[str, str]) -> Plan:
    return dataclasses.replace(
        plan,
        resources=tuple(dataclasses.replace(r, organisation=resources.get(r.id)) for r in plan.resources),
        tasks=tuple(dataclasses.replace(t, organisation=tasks.get(t.id)) for t in plan.tasks),
    )


@pytest.fixture(scope="module")
def small() -> Plan:
    return load_plan(SMALL)


def test_a_task_takes_the_organisation_its_resources_agree_on(small: Plan) -> None:
    plan = tagged(small, resources={"grade-1": "grade-house", "colourist": "grade-house"}, tasks={})
    assert task_organisation(plan, plan.task("ep1-grade")) == "grade-house"
    assert task_organisation(plan, plan.task("ep2-grade")) == "grade-house"
    assert task_organisation(plan, plan.task("ep1-offline")) is None  # editor and assistant: none


def test_resources_that_disagree_leave_the_task_to_the_production(small: Plan) -> None:
    plan = tagged(small, resources={"grade-1": "grade-house"}, tasks={})
    assert task_organisation(plan, plan.task("ep1-grade")) is None  # the colourist is the production's
    mixed = tagged(small, resources={"grade-1": "grade-house", "colourist": "other-house"}, tasks={})
    assert task_organisation(mixed, mixed.task("ep1-grade")) is None


def test_a_task_naming_its_organisation_overrides_its_resources(small: Plan) -> None:
    plan = tagged(
        small,
        resources={"grade-1": "grade-house", "colourist": "grade-house"},
        tasks={"ep1-grade": "broadcaster", "ep1-delivery": "broadcaster"},
    )
    assert task_organisation(plan, plan.task("ep1-grade")) == "broadcaster"
    assert task_organisation(plan, plan.task("ep1-delivery")) == "broadcaster"
    assert visible_task_ids(plan, VENDOR) == {"ep2-grade"}
    assert visible_task_ids(plan, CLIENT) == {"ep1-grade", "ep1-delivery"}


def test_unscoped_roles_see_everything_and_scoped_ones_only_their_own(small: Plan) -> None:
    people = tuple(
        dataclasses.replace(p, organisation="grade-house" if p.id == "ines" else None) for p in small.people
    )
    plan = dataclasses.replace(
        tagged(small, resources={"grade-1": "grade-house", "colourist": "grade-house"}, tasks={}),
        people=people,
    )
    for role in (Role.PRODUCER, Role.POST_SUPERVISOR, Role.COORDINATOR, Role.CREW, Role.EXECUTIVE):
        member = Membership("x", 1, role)
        assert visible_task_ids(plan, member) == {t.id for t in plan.tasks}
        assert visible_resource_ids(plan, member) == {r.id for r in plan.resources}
        assert visible_person_ids(plan, member) == {p.id for p in plan.people}
    assert visible_task_ids(plan, VENDOR) == {"ep1-grade", "ep2-grade"}
    assert visible_resource_ids(plan, VENDOR) == {"grade-1", "colourist"}
    assert visible_person_ids(plan, VENDOR) == {"ines"}
    assert visible_task_ids(plan, CLIENT) == set()
    assert visible_person_ids(plan, CLIENT) == set()


@given(
    st.dictionaries(
        st.sampled_from(["editor", "assistant", "grade-1", "colourist", "dub-a"]), st.sampled_from(["a", "b"])
    ),
    st.dictionaries(
        st.sampled_from(["wrap", "ep1-grade", "ep1-mix", "ep2-offline"]), st.sampled_from(["a", "b"])
    ),
)
def test_each_task_is_seen_by_exactly_one_organisation_at_most(
    resources: dict[str, str], tasks: dict[str, str]
) -> None:
    plan = tagged(load_plan(SMALL), resources=resources, tasks=tasks)
    seen = {org: visible_task_ids(plan, Membership("v", 1, Role.VENDOR, org)) for org in ("a", "b", "c")}
    assert not seen["a"] & seen["b"] and not seen["c"]
    owners = task_organisations(plan)
    assert seen["a"] | seen["b"] == {task_id for task_id, org in owners.items() if org is not None}
    for task_id, org in tasks.items():
        assert owners[task_id] == org


@pytest.mark.parametrize("good", ["acme-sound", "Grade.House_2", "007", "x" * 64])
def test_an_organisation_is_a_short_id(small: Plan, good: str) -> None:
    plan = dataclasses.replace(
        small, tasks=(*small.tasks, Task("extra", "Extra", small.tasks[1].duration_days, organisation=good))
    )
    assert organisation_problems(plan, "p") == []


@pytest.mark.parametrize("bad", ["", " ", "acme sound", "-acme", "x" * 65, "acme/sound", "é"])
def test_anything_else_is_refused_with_its_place(small: Plan, bad: str) -> None:
    people = (dataclasses.replace(small.people[0], organisation=bad), *small.people[1:])
    plan = dataclasses.replace(small, people=people)
    problems = plan_problems(plan, "plan.yaml")
    assert [(p.field, p.place) for p in problems] == [("people[0].organisation", "plan.yaml")]
    assert "short id" in problems[0].expected
