"""Vendors and clients see their organisation's part of home (harness.organised_plan), and nothing else.

Their part: the tasks of their organisation, with the dates, float and critical flags the whole
plan gives them. Nothing else: no response to any route, allowed or refused, names a task,
resource, person or organisation of another organisation.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from picturelock.domain.access import Role
from picturelock.domain.errors import InvalidInput
from picturelock.domain.organisations import task_organisations
from picturelock.services.snapshots import current
from picturelock.services.visibility import scoped_document

from .harness import OTHER_VENDOR, PASSWORD, Api, login_of, organisation_of, organised_plan
from .test_access import PRIVATE, Operation, send

SCOPED = (Role.VENDOR, Role.CLIENT)
OWN_TASKS = {Role.VENDOR: {"ep1-grade", "ep2-grade"}, Role.CLIENT: {"ep1-delivery"}}


def foreign_words(role: Role) -> set[str]:
    """Ids and names of every task, resource and person of an organisation other than the role's."""
    plan = organised_plan()
    own = organisation_of(role)
    owners = task_organisations(plan)
    organisations = (organisation_of(Role.VENDOR), organisation_of(Role.CLIENT), OTHER_VENDOR)
    words = {org for org in organisations if org is not None and org != own}
    for task in plan.tasks:
        if owners[task.id] not in (None, own):
            words |= {task.id, task.name}
    for item in (*plan.resources, *plan.people):
        if item.organisation not in (None, own):
            words |= {item.id, item.name}
    return words


def named(words: set[str], text: str) -> list[str]:
    return [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


def get(api: Api, role: Role, path: str) -> Any:
    response = api.client.get(f"/api/v1/productions/{api.home}{path}", headers=api.bearer(login_of(role)))
    assert response.status_code == 200, response.text[:300]
    return response.json()


def test_the_harness_gives_each_scoped_role_some_tasks_and_hides_others() -> None:
    owners = task_organisations(organised_plan())
    assert {t for t, org in owners.items() if org == "other-vendor-org"} == {"ep1-mix"}
    for role in SCOPED:
        assert {t for t, org in owners.items() if org == organisation_of(role)} == OWN_TASKS[role]
        assert foreign_words(role)


@pytest.mark.parametrize("role", SCOPED, ids=str)
def test_the_schedule_holds_their_tasks_with_the_whole_plans_dates(api: Api, role: Role) -> None:
    whole = {t["id"]: t for t in get(api, Role.PRODUCER, "/schedule")["tasks"]}
    part = get(api, role, "/schedule")
    assert {t["id"] for t in part["tasks"]} == OWN_TASKS[role]
    for task in part["tasks"]:
        for key in ("start", "finish", "late_start", "late_finish", "total_float", "free_float", "critical"):
            assert task[key] == whole[task["id"]][key], key
    assert part["scope"]["organisation"] == organisation_of(role)
    assert set(part["critical_path"]) <= OWN_TASKS[role]
    assert {t["task"] for t in part["forecast"]["tasks"]} == OWN_TASKS[role]


def test_a_date_driven_by_a_task_they_cannot_see_says_another_task(api: Api) -> None:
    whole = {t["id"]: t for t in get(api, Role.PRODUCER, "/schedule")["tasks"]}
    assert whole["ep1-grade"]["start_driver"]["task"] == "ep1-lock"
    part = {t["id"]: t for t in get(api, Role.VENDOR, "/schedule")["tasks"]}
    assert part["ep1-grade"]["start_driver"] == {
        **whole["ep1-grade"]["start_driver"],
        "text": "another task",
        "task": None,
    }
    assert part["ep1-grade"]["owner"] is None  # Maya is the production's
    assert part["ep1-grade"]["resources"] == ["grade-1", "colourist"]


def test_the_vendor_sees_the_production_milestone_its_work_leads_to_but_not_the_clients(api: Api) -> None:
    milestones = [m["task"] for m in get(api, Role.VENDOR, "/schedule")["milestones"]]
    assert milestones == ["ep2-delivery"]  # ep1-delivery is the client's
    assert [m["task"] for m in get(api, Role.CLIENT, "/schedule")["milestones"]] == ["ep1-delivery"]


@pytest.mark.parametrize("role", SCOPED, ids=str)
def test_the_service_gives_what_the_route_answers_and_a_fresh_copy_each_time(api: Api, role: Role) -> None:
    answered = get(api, role, "/schedule")
    snapshot = current(api.home, str(api.db))
    first = scoped_document(snapshot, api.membership(role))
    assert first == answered
    first["tasks"].clear()
    assert scoped_document(snapshot, api.membership(role)) == answered


def test_a_member_is_given_an_organisation_only_as_an_id(api: Api) -> None:
    api.accounts.create_account("new-vendor", PASSWORD)
    with pytest.raises(InvalidInput) as refused:
        api.accounts.grant_membership(api.home, "new-vendor", Role.VENDOR, "Halyard Sound", by="tests")
    assert [p.field for p in refused.value.problems] == ["organisation"]
    granted = api.accounts.grant_membership(
        api.home, "new-vendor", Role.VENDOR, " halyard-sound ", by="tests"
    )
    assert granted.organisation == "halyard-sound"


@pytest.mark.parametrize("role", SCOPED, ids=str)
def test_their_list_of_productions_holds_home_and_nothing_else(api: Api, role: Role) -> None:
    listed = api.client.get("/api/v1/productions", headers=api.bearer(login_of(role)))
    assert [p["id"] for p in listed.json()] == [api.home]


@pytest.mark.parametrize("role", SCOPED, ids=str)
def test_the_production_lists_their_tasks_only(api: Api, role: Role) -> None:
    detail = get(api, role, "")
    assert {t["id"] for t in detail["tasks"]} == OWN_TASKS[role]
    assert detail["updated_by"] is None
    assert len(get(api, Role.PRODUCER, "")["tasks"]) == len(organised_plan().tasks)


@pytest.mark.parametrize("role", SCOPED, ids=str)
@pytest.mark.parametrize("op", [op for op in PRIVATE if "{production_id}" in op.path], ids=str)
def test_no_response_names_another_organisations_items(api: Api, op: Operation, role: Role) -> None:
    response = send(api.client, api, op, api.bearer(login_of(role)))
    text = response.text
    if response.headers.get("content-type", "").startswith("application/json"):
        text = json.dumps(response.json(), ensure_ascii=False)
    assert not named(foreign_words(role), text), f"{op}: {response.status_code} {text[:300]}"
