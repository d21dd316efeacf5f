"""Editing through the pages: each form's round trip (edit, then see the new value), a stale version
(the conflict is shown, the other person's change is kept and what you tried is listed), and bad
values (each problem named, nothing saved)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from picturelock.domain.access import Role
from picturelock.services import productions

from .harness import Site, csrf_of

TASK = "ep1-mix"


def held(site: Site) -> Any:
    return productions.get_production(site.home, site.db)


def open_page(client: TestClient, path: str) -> tuple[str, str]:
    page = client.get(path)
    assert page.status_code == 200, page.text[:300]
    return page.text, csrf_of(page.text)


def task_form(site: Site, csrf: str, version: int, **changes: str) -> dict[str, str]:
    task = held(site).plan.task(TASK)
    form = {
        "csrf_token": csrf,
        "expected_version": str(version),
        "name": task.name,
        "duration_days": str(task.duration_days),
        "owner": task.owner or "",
        "group": task.group or "",
        "calendar": task.calendar or "",
        "pinned_start": "",
        "priority": str(task.priority),
        "kind": task.kind,
        "notes": task.notes,
    }
    return {**form, **changes}


def test_a_task_edit_round_trip_and_a_stale_one(site: Site) -> None:
    path = f"/productions/{site.home}/tasks/{TASK}"
    first, second = site.browser(Role.PRODUCER), site.browser(Role.COORDINATOR)
    _, csrf_first = open_page(first, path)
    _, csrf_second = open_page(second, path)
    version = held(site).tasks[TASK].version
    saved = first.post(
        path, data=task_form(site, csrf_first, version, duration_days="3.5", notes="mix moved")
    )
    assert saved.status_code == 303
    page, _ = open_page(first, saved.headers["location"])
    assert 'value="3.5"' in page and "mix moved" in page and 'id="saved"' in page
    assert str(held(site).plan.task(TASK).duration_days) == "3.5"

    stale = second.post(path, data=task_form(site, csrf_second, version, duration_days="9", notes="mine"))
    assert stale.status_code == 409
    assert 'id="conflict"' in stale.text and "producer-w" in stale.text
    assert 'value="3.5"' in stale.text, "the form shows the other person's change"
    assert "<b>9</b>" in stale.text, "what you tried is listed"
    assert str(held(site).plan.task(TASK).duration_days) == "3.5"


def test_bad_task_values_are_each_named_and_nothing_is_saved(site: Site) -> None:
    path = f"/productions/{site.home}/tasks/{TASK}"
    client = site.browser(Role.POST_SUPERVISOR)
    _, csrf = open_page(client, path)
    before = held(site)
    form = task_form(site, csrf, before.tasks[TASK].version, duration_days="lots", priority="5000", name="")
    refused = client.post(path, data=form)
    assert refused.status_code == 422
    for field in ("duration_days", "priority", "name"):
        assert f"<code>{field}</code>" in refused.text
    assert held(site).version == before.version


def test_progress_round_trip_and_clearing(site: Site) -> None:
    path = f"/productions/{site.home}/tasks/ep1-offline"
    client = site.browser(Role.CREW)  # crew may report progress but not edit the task
    page, csrf = open_page(client, path)
    assert "<fieldset disabled>" in page
    version = held(site).tasks["ep1-offline"].version
    form = {
        "csrf_token": csrf,
        "expected_version": str(version),
        "actual_start": "2027-01-04",
        "actual_finish": "",
        "remaining_days": "4",
    }
    assert client.post(f"{path}/progress", data=form).status_code == 303
    progress = held(site).plan.task("ep1-offline").progress
    assert str(progress.actual_start) == "2027-01-04" and str(progress.remaining_days) == "4"
    page, csrf = open_page(client, path)
    assert 'value="2027-01-04"' in page
    stale = client.post(f"{path}/progress", data={**form, "csrf_token": csrf, "remaining_days": "1"})
    assert stale.status_code == 409 and 'id="conflict"' in stale.text
    edit = client.post(path, data={"csrf_token": csrf, "expected_version": str(version + 1), "name": "x"})
    assert edit.status_code == 403


def test_a_vendor_records_progress_on_their_own_task_only(site: Site) -> None:
    vendor = site.browser(Role.VENDOR)
    path = f"/productions/{site.home}/tasks/ep1-grade"
    page, csrf = open_page(vendor, path)
    assert "Record progress" in page and "ep2-grade" not in page
    version = held(site).tasks["ep1-grade"].version
    form = {
        "csrf_token": csrf,
        "expected_version": str(version),
        "actual_start": "2027-01-27",
        "actual_finish": "",
        "remaining_days": "1",
    }
    assert vendor.post(f"{path}/progress", data=form).status_code == 303
    other = vendor.post(f"/productions/{site.home}/tasks/ep2-grade/progress", data=form)
    assert other.status_code == 404


def test_a_link_change_round_trip_and_a_stale_one(site: Site) -> None:
    path = f"/productions/{site.home}/links"
    client = site.browser(Role.PRODUCER)
    _, csrf = open_page(client, path)
    key = ("ep1-offline", "ep1-lock")
    version = held(site).links[key].version
    form = {
        "csrf_token": csrf,
        "predecessor": key[0],
        "successor": key[1],
        "expected_version": str(version),
        "type": "SS",
        "lag_days": "2",
    }
    assert client.post(path, data=form).status_code == 303
    page, _ = open_page(client, path)
    row = page.split(f'data-link="{key[0]}->{key[1]}"')[1].split("</tr>")[0]
    assert 'value="SS" selected' in row and 'value="2"' in row
    stale = client.post(path, data={**form, "type": "FF"})
    assert stale.status_code == 409 and 'id="conflict"' in stale.text
    link = next(k for k in held(site).plan.links if (k.predecessor, k.successor) == key)
    assert link.type.value == "SS"


def test_links_are_added_and_removed_and_a_loop_is_refused(site: Site) -> None:
    path = f"/productions/{site.home}/links"
    client = site.browser(Role.COORDINATOR)
    _, csrf = open_page(client, path)
    new = {
        "csrf_token": csrf,
        "predecessor": "ep2-grade",
        "successor": "ep1-mix",
        "type": "FS",
        "lag_days": "1",
    }
    assert client.post(path, data=new).status_code == 303
    assert ("ep2-grade", "ep1-mix") in held(site).links
    loop = {**new, "predecessor": "ep1-mix", "successor": "ep1-offline"}
    refused = client.post(path, data=loop)
    assert refused.status_code == 422 and 'id="upload-problems"' in refused.text
    version = held(site).links[("ep2-grade", "ep1-mix")].version
    gone = {
        "csrf_token": csrf,
        "predecessor": "ep2-grade",
        "successor": "ep1-mix",
        "expected_version": str(version),
    }
    assert client.post(f"{path}/remove", data=gone).status_code == 303
    assert ("ep2-grade", "ep1-mix") not in held(site).links


def test_a_resource_edit_round_trip_with_leave_and_a_stale_one(site: Site) -> None:
    path = f"/productions/{site.home}/resources/assistant"
    first, second = site.browser(Role.PRODUCER), site.browser(Role.POST_SUPERVISOR)
    _, csrf = open_page(first, path)
    _, csrf_second = open_page(second, path)
    version = held(site).resources["assistant"].version
    form = {
        "csrf_token": csrf,
        "expected_version": str(version),
        "name": "Assistant editors",
        "kind": "person",
        "capacity": "2",
        "calendar": "",
        "leave": "2027-02-01 2027-02-03 course\n2027-03-01 dentist",
    }
    assert first.post(path, data=form).status_code == 303
    resource = held(site).plan.resource("assistant")
    assert resource.name == "Assistant editors" and str(resource.capacity) == "2"
    assert [(str(s.first), str(s.last), s.reason) for s in resource.leave] == [
        ("2027-02-01", "2027-02-03", "course"),
        ("2027-03-01", "2027-03-01", "dentist"),
    ]
    page, _ = open_page(first, path)
    assert "2027-03-01 2027-03-01 dentist" in page
    stale = second.post(path, data={**form, "csrf_token": csrf_second, "capacity": "7"})
    assert stale.status_code == 409 and "Assistant editors" in stale.text and "<b>7</b>" in stale.text
    assert str(held(site).plan.resource("assistant").capacity) == "2"


def test_resources_are_added_and_removed_but_not_while_assigned(site: Site) -> None:
    base = f"/productions/{site.home}/resources"
    client = site.browser(Role.PRODUCER)
    _, csrf = open_page(client, base)
    added = client.post(
        base, data={"csrf_token": csrf, "id": "grade-9", "name": "Grade 9", "kind": "room", "capacity": "1"}
    )
    assert added.status_code == 303 and "grade-9" in held(site).resources
    assigned = client.post(
        f"{base}/editor/remove",
        data={"csrf_token": csrf, "expected_version": str(held(site).resources["editor"].version)},
    )
    assert assigned.status_code == 422 and "ep1-offline" in assigned.text
    removed = client.post(f"{base}/grade-9/remove", data={"csrf_token": csrf, "expected_version": "1"})
    assert removed.status_code == 303 and "grade-9" not in held(site).resources


def test_tasks_are_added_and_removed(site: Site) -> None:
    base = f"/productions/{site.home}/tasks"
    client = site.browser(Role.PRODUCER)
    _, csrf = open_page(client, base)
    form = {"csrf_token": csrf, "id": "ep3-offline", "name": "Ep 3 offline edit", "duration_days": "10"}
    added = client.post(base, data=form)
    assert added.status_code == 303 and added.headers["location"] == f"{base}/ep3-offline?saved=added"
    page, _ = open_page(client, base)
    assert 'data-task="ep3-offline"' in page
    again = client.post(base, data=form)
    assert again.status_code == 409
    removed = client.post(f"{base}/ep3-offline/remove", data={"csrf_token": csrf, "expected_version": "1"})
    assert removed.status_code == 303
    assert "ep3-offline" not in held(site).tasks


def test_a_conflict_shows_the_other_persons_change_at_once(site: Site) -> None:
    from decimal import Decimal

    from picturelock.domain.plan import Link, LinkType
    from picturelock.services import editing

    path = f"/productions/{site.home}/links"
    client = site.browser(Role.POST_SUPERVISOR)
    _, csrf = open_page(client, path)
    key = ("ep1-lock", "ep1-grade")
    version = held(site).links[key].version
    editing.save_link(site.home, Link(*key, LinkType.FF, Decimal(1)), version, site.db, by="someone-else")
    form = {
        "csrf_token": csrf,
        "predecessor": key[0],
        "successor": key[1],
        "expected_version": str(version),
        "type": "SS",
        "lag_days": "4",
    }
    stale = client.post(path, data=form)
    assert stale.status_code == 409 and "someone-else" in stale.text
    row = stale.text.split(f'data-link="{key[0]}->{key[1]}"')[1].split("</tr>")[0]
    assert 'value="FF" selected' in row and 'value="1"' in row and f"<td>{version + 1}</td>" in row
