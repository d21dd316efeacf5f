"""Editing through the API: each route's round trip, the second of two edits to one item answered
409 with who changed it (the first's change kept), edits to different items both standing, a
vendor recording progress on their own tasks only, the whole plan replaced by version, members,
the audit log, deleting a production, a new production from a template."""

from __future__ import annotations

from typing import Any

from picturelock.domain.access import Role
from picturelock.services.productions import get_production

from .harness import SMALL_PLAN, Api, login_of

V1 = "/api/v1"


def _as(api: Api, role: Role) -> dict[str, str]:
    return api.bearer(login_of(role))


def _production(api: Api) -> int:
    """A fresh copy of the small plan on which every role of "home" holds the same role."""
    made = api.client.post(
        f"{V1}/productions",
        files={"file": ("plan.yaml", SMALL_PLAN.read_bytes(), "application/yaml")},
        headers=_as(api, Role.PRODUCER),
    )
    assert made.status_code == 201, made.text
    production = int(made.json()["id"])
    for role in Role:
        if role is not Role.PRODUCER:
            org = f"{role.value}-org" if role in (Role.VENDOR, Role.CLIENT) else None
            api.accounts.grant_membership(production, login_of(role), role, org, by="tests")
    return production


def _versions(api: Api, production: int) -> Any:
    return get_production(production, api.db)


def test_a_task_is_added_moved_progressed_and_removed(api: Api) -> None:
    p, who = _production(api), _as(api, Role.COORDINATOR)
    task = {
        "id": "ep1-titles",
        "name": "Ep 1 titles",
        "duration_days": "2",
        "assignments": [{"resource": "assistant"}],
    }
    added = api.client.post(f"{V1}/productions/{p}/tasks", json=task, headers=who)
    assert (added.status_code, added.json()) == (201, {"id": "ep1-titles", "version": 1})
    moved = api.client.post(
        f"{V1}/productions/{p}/tasks/ep1-titles/move",
        json={"start": "2027-02-01", "expected_version": 1},
        headers=who,
    )
    assert (moved.status_code, moved.json()["version"]) == (200, 2)
    schedule = api.client.get(f"{V1}/productions/{p}/schedule", headers=who).json()
    row = next(t for t in schedule["tasks"] if t["id"] == "ep1-titles")
    assert row["start"] == "2027-02-01"
    progress = {"actual_start": "2027-02-01", "remaining_days": "1", "expected_version": 2}
    recorded = api.client.put(f"{V1}/productions/{p}/tasks/ep1-titles/progress", json=progress, headers=who)
    assert (recorded.status_code, recorded.json()["version"]) == (200, 3)
    held = _versions(api, p).plan.task("ep1-titles")
    assert str(held.progress.actual_start) == "2027-02-01" and held.progress.remaining_days == 1
    gone = api.client.delete(
        f"{V1}/productions/{p}/tasks/ep1-titles", params={"expected_version": 3}, headers=who
    )
    assert gone.status_code == 200 and gone.json()["production_version"] == _versions(api, p).version
    assert "ep1-titles" not in _versions(api, p).tasks


def test_the_second_of_two_moves_of_one_task_gets_409_and_the_first_stands(api: Api) -> None:
    p = _production(api)
    version = _versions(api, p).tasks["ep1-grade"].version
    first = api.client.post(
        f"{V1}/productions/{p}/tasks/ep1-grade/move",
        json={"start": "2027-03-01", "expected_version": version},
        headers=_as(api, Role.PRODUCER),
    )
    assert first.status_code == 200
    second = api.client.post(
        f"{V1}/productions/{p}/tasks/ep1-grade/move",
        json={"start": "2027-03-08", "expected_version": version},
        headers=_as(api, Role.POST_SUPERVISOR),
    )
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "edit_conflict"
    assert "task 'ep1-grade'" in error["message"] and login_of(Role.PRODUCER) in error["message"]
    assert "nothing was saved" in error["message"]
    held = _versions(api, p).plan.task("ep1-grade")
    assert [str(c.on) for c in held.constraints] == ["2027-03-01"]


def test_two_people_editing_different_items_both_succeed(api: Api) -> None:
    p = _production(api)
    held = _versions(api, p)
    link = api.client.put(
        f"{V1}/productions/{p}/links/ep1-lock/ep1-mix",
        json={
            "type": "SS",
            "lag_days": "1.5",
            "expected_version": held.links[("ep1-lock", "ep1-mix")].version,
        },
        headers=_as(api, Role.PRODUCER),
    )
    resource = api.client.put(
        f"{V1}/productions/{p}/resources/grade-1",
        json={"name": "Grading Suite 1", "kind": "room", "capacity": "2", "expected_version": 1},
        headers=_as(api, Role.COORDINATOR),
    )
    assert (link.status_code, resource.status_code) == (200, 200), (link.text, resource.text)
    links = api.client.get(f"{V1}/productions/{p}/links", headers=_as(api, Role.CREW)).json()
    changed = next(k for k in links if (k["predecessor"], k["successor"]) == ("ep1-lock", "ep1-mix"))
    assert (changed["type"], changed["lag_days"], changed["version"]) == ("SS", "1.5", 2)
    resources = api.client.get(f"{V1}/productions/{p}/resources", headers=_as(api, Role.CREW)).json()
    suite = next(r for r in resources if r["id"] == "grade-1")
    assert (suite["capacity"], suite["version"]) == ("2", 2)


def test_links_are_added_refused_in_a_loop_and_removed(api: Api) -> None:
    p, who = _production(api), _as(api, Role.PRODUCER)
    added = api.client.post(
        f"{V1}/productions/{p}/links", json={"predecessor": "wrap", "successor": "ep1-mix"}, headers=who
    )
    assert (added.status_code, added.json()["version"]) == (201, 1)
    again = api.client.post(
        f"{V1}/productions/{p}/links", json={"predecessor": "wrap", "successor": "ep1-mix"}, headers=who
    )
    assert again.status_code == 409
    loop = api.client.post(
        f"{V1}/productions/{p}/links", json={"predecessor": "ep1-delivery", "successor": "wrap"}, headers=who
    )
    assert loop.status_code == 422
    assert any("dependency loop" in problem["message"] for problem in loop.json()["error"]["problems"])
    removed = api.client.delete(
        f"{V1}/productions/{p}/links/wrap/ep1-mix", params={"expected_version": 1}, headers=who
    )
    assert removed.status_code == 200 and ("wrap", "ep1-mix") not in _versions(api, p).links


def test_an_assigned_resource_is_not_removed_and_its_tasks_are_named(api: Api) -> None:
    p = _production(api)
    refused = api.client.delete(
        f"{V1}/productions/{p}/resources/colourist",
        params={"expected_version": 1},
        headers=_as(api, Role.PRODUCER),
    )
    assert refused.status_code == 422
    fields = [problem["field"] for problem in refused.json()["error"]["problems"]]
    assert fields == ["tasks[3] (ep1-grade)", "tasks[7] (ep2-grade)"]


def test_a_vendor_records_progress_on_their_own_tasks_only(api: Api) -> None:
    p = _production(api)
    theirs = {"id": "vendor-mix", "name": "Vendor mix", "duration_days": "1", "organisation": "vendor-org"}
    assert (
        api.client.post(
            f"{V1}/productions/{p}/tasks", json=theirs, headers=_as(api, Role.PRODUCER)
        ).status_code
        == 201
    )
    vendor = _as(api, Role.VENDOR)
    progress = {"actual_start": "2027-01-04", "expected_version": 1}
    own = api.client.put(f"{V1}/productions/{p}/tasks/vendor-mix/progress", json=progress, headers=vendor)
    assert own.status_code == 200, own.text
    other = api.client.put(f"{V1}/productions/{p}/tasks/ep1-grade/progress", json=progress, headers=vendor)
    assert (other.status_code, other.json()["error"]["message"]) == (404, "not found")
    client = api.client.put(
        f"{V1}/productions/{p}/tasks/vendor-mix/progress", json=progress, headers=_as(api, Role.CLIENT)
    )
    assert client.status_code == 403, "a client may not report progress, even on a task of theirs"


def test_the_whole_plan_is_replaced_by_version(api: Api) -> None:
    p, who = _production(api), _as(api, Role.PRODUCER)
    version = _versions(api, p).version
    upload = {"file": ("plan.yaml", SMALL_PLAN.read_bytes(), "application/yaml")}
    missing = api.client.put(f"{V1}/productions/{p}/plan.yaml", files=upload, headers=who)
    assert (
        missing.status_code == 422 and missing.json()["error"]["problems"][0]["field"] == "expected_version"
    )
    stale = api.client.put(
        f"{V1}/productions/{p}/plan.yaml", files=upload, headers={**who, "If-Match": f'"{version + 5}"'}
    )
    assert stale.status_code == 409
    fresh = api.client.put(
        f"{V1}/productions/{p}/plan.yaml", files=upload, headers={**who, "If-Match": f'"{version}"'}
    )
    assert (fresh.status_code, fresh.json()["version"]) == (200, version + 1)
    assert _versions(api, p).tasks["ep1-grade"].version == 1, "unchanged items keep their versions"


def test_members_are_listed_added_and_removed_and_the_audit_log_says_so(api: Api) -> None:
    p = _production(api)
    producer = _as(api, Role.PRODUCER)
    listed = api.client.get(f"{V1}/productions/{p}/members", headers=_as(api, Role.ACCOUNTANT))
    assert {m["login"]: m["role"] for m in listed.json()}[login_of(Role.CREW)] == "crew"
    assert api.client.get(f"{V1}/productions/{p}/members", headers=_as(api, Role.CREW)).status_code == 403
    changed = api.client.post(
        f"{V1}/productions/{p}/members",
        json={"login": login_of(Role.CREW), "role": "coordinator"},
        headers=producer,
    )
    assert (changed.status_code, changed.json()["role"]) == (200, "coordinator")
    removed = api.client.delete(f"{V1}/productions/{p}/members/{login_of(Role.CREW)}", headers=producer)
    assert removed.status_code == 200
    audit = api.client.get(f"{V1}/productions/{p}/audit", headers=_as(api, Role.EXECUTIVE)).json()
    assert audit["intact"] is True and audit["broken_at"] is None
    details = [(e["action"], e["subject"], e["detail"]) for e in audit["entries"]]
    assert (
        "change_members",
        f"member {login_of(Role.CREW)}",
        "role changed from crew to coordinator",
    ) in details
    assert ("change_members", f"member {login_of(Role.CREW)}", "removed (was coordinator)") in details


def test_a_production_is_deleted_by_version(api: Api) -> None:
    p = _production(api)
    producer = _as(api, Role.PRODUCER)
    coordinator = api.client.delete(
        f"{V1}/productions/{p}", params={"expected_version": 1}, headers=_as(api, Role.COORDINATOR)
    )
    assert coordinator.status_code == 403
    stale = api.client.delete(f"{V1}/productions/{p}", params={"expected_version": 9}, headers=producer)
    assert stale.status_code == 409
    deleted = api.client.delete(f"{V1}/productions/{p}", params={"expected_version": 1}, headers=producer)
    assert (deleted.status_code, deleted.json()) == (200, {"deleted": p})
    assert api.client.get(f"{V1}/productions/{p}", headers=producer).status_code == 404


def test_a_new_production_from_a_template(api: Api) -> None:
    made = api.client.post(
        f"{V1}/templates/commercial/productions", params={"title": "Spot"}, headers=_as(api, Role.CREW)
    )
    assert made.status_code == 201 and made.json()["title"] == "Spot"
    detail = api.client.get(f"{V1}/productions/{made.json()['id']}", headers=_as(api, Role.CREW))
    assert detail.status_code == 200 and detail.json()["tasks"], "the maker is its producer"
    unknown = api.client.post(f"{V1}/templates/no-such-template/productions", headers=_as(api, Role.CREW))
    assert unknown.status_code == 422 and "commercial" in unknown.json()["error"]["problems"][0]["expected"]


def test_a_task_is_read_whole_with_its_version(api: Api) -> None:
    p = _production(api)
    task = api.client.get(f"{V1}/productions/{p}/tasks/ep1-grade", headers=_as(api, Role.CREW))
    assert task.status_code == 200
    body = task.json()
    assert (body["id"], body["duration_days"], body["version"]) == ("ep1-grade", "2.5", 1)
    assert [a["resource"] for a in body["assignments"]] == ["grade-1", "colourist"]
    assert body["progress"] == {"actual_start": None, "actual_finish": None, "remaining_days": None}
    missing = api.client.get(f"{V1}/productions/{p}/tasks/nope", headers=_as(api, Role.CREW))
    assert missing.status_code == 404 and "task 'nope'" in missing.json()["error"]["message"]
    vendor = api.client.get(f"{V1}/productions/{p}/tasks/ep1-grade", headers=_as(api, Role.VENDOR))
    assert (vendor.status_code, vendor.json()["error"]["message"]) == (404, "not found")
