"""The schedule document a vendor or client is shown (services.visibility), on the small plan tagged
at random and on the demo: their tasks with the whole plan's dates, and nothing of anyone else's."""

from __future__ import annotations

import dataclasses
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from picturelock.domain.access import Membership, Role
from picturelock.domain.organisations import task_organisations, visible_task_ids
from picturelock.domain.plan import Plan
from picturelock.services import report, scheduling
from picturelock.services.monitoring import monitor
from picturelock.services.plans import load_plan
from picturelock.services.visibility import ANOTHER_TASK, Words, scope_document, scoped_document, view_of

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "small_plan.yaml"
ORGS = ("acme-sound", "grade-house", "tv-client")


def document(plan: Plan) -> dict[str, Any]:
    schedule = scheduling.schedule(plan)
    found = report.schedule_document(plan, schedule)
    found.update(monitor(plan, schedule, as_of=plan.status_date).to_json())
    return found


def foreign_words(plan: Plan, own: str) -> set[str]:
    """Ids and names of what belongs to an organisation other than `own`, and those organisations."""
    owners = task_organisations(plan)
    words = {t.id for t in plan.tasks if owners[t.id] not in (None, own)}
    words |= {t.name for t in plan.tasks if owners[t.id] not in (None, own)}
    for item in (*plan.resources, *plan.people):
        if item.organisation not in (None, own):
            words |= {item.id, item.name, item.organisation}
    return words | {org for org in owners.values() if org not in (None, own)}


def named(words: set[str], text: str) -> list[str]:
    return [w for w in words if w and re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


def shown(plan: Plan, part: dict[str, Any], own: str) -> str:
    """The document as text, without the names the member may read whatever they contain: the
    production's own tasks (a production milestone "Ep 1 final mix approved" may be shown, and
    holds a vendor's task's name) and the member's own tasks, resources and people (their
    "Colourist (Ines Duarte)" may name a person another organisation lists)."""
    text = json.dumps(part, ensure_ascii=False)
    owners = task_organisations(plan)
    names = [t.name for t in plan.tasks if owners[t.id] in (None, own)]
    names += [item.name for item in (*plan.resources, *plan.people) if item.organisation == own]
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(json.dumps(name, ensure_ascii=False), '""')
    return text


@cache
def small() -> Plan:
    return load_plan(SMALL)


def tagged(people: dict[str, str], resources: dict[str, str], tasks: dict[str, str]) -> Plan:
    plan = small()
    return dataclasses.replace(
        plan,
        people=tuple(dataclasses.replace(p, organisation=people.get(p.id)) for p in plan.people),
        resources=tuple(dataclasses.replace(r, organisation=resources.get(r.id)) for r in plan.resources),
        tasks=tuple(dataclasses.replace(t, organisation=tasks.get(t.id)) for t in plan.tasks),
    )


def tags(ids: list[str]) -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(st.sampled_from(ids), st.sampled_from(ORGS))


@settings(max_examples=40, deadline=None)
@given(
    tags(["maya", "tom", "sam", "ines", "exec"]),
    tags(["editor", "assistant", "grade-1", "colourist", "dub-a"]),
    tags(["wrap", "ep1-offline", "ep1-lock", "ep1-grade", "ep1-mix", "ep1-delivery", "ep2-grade"]),
    st.sampled_from([Role.VENDOR, Role.CLIENT]),
    st.sampled_from(ORGS),
)
def test_a_scoped_member_sees_their_tasks_as_the_whole_plan_dates_them_and_nothing_foreign(
    people: dict[str, str], resources: dict[str, str], tasks: dict[str, str], role: Role, own: str
) -> None:
    plan = tagged(people, resources, tasks)
    whole = document(plan)
    member = Membership("someone", 1, role, own)
    part = scope_document(plan, whole, member)
    mine = visible_task_ids(plan, member)
    assert {t["id"] for t in part["tasks"]} == mine
    dated = {t["id"]: t for t in whole["tasks"]}
    for task in part["tasks"]:
        assert (task["start"], task["finish"], task["total_float"]) == (
            dated[task["id"]]["start"],
            dated[task["id"]]["finish"],
            dated[task["id"]]["total_float"],
        )
    assert not named(foreign_words(plan, own), shown(plan, part, own))
    assert whole == document(plan), "the whole document is left as it was"


def test_unscoped_roles_get_the_document_as_it_is() -> None:
    plan = tagged({}, {"dub-a": "acme-sound"}, {})
    whole = document(plan)

    class Held:  # what scoped_document reads of a snapshot
        def __init__(self) -> None:
            self.plan = plan

        def document(self) -> dict[str, Any]:
            return json.loads(json.dumps(whole))

    for role in (Role.PRODUCER, Role.COORDINATOR, Role.EXECUTIVE, Role.CREW, Role.ACCOUNTANT):
        assert scoped_document(Held(), Membership("x", 1, role)) == whole  # type: ignore[arg-type]


def test_parts_of_the_document_it_does_not_know_are_left_out_for_vendors() -> None:
    plan = tagged({}, {"dub-a": "acme-sound"}, {})
    whole = document(plan)
    whole["new_panel"] = {"anything": "ep1-offline"}
    for task in whole["tasks"]:
        task["successors"] = ["ep1-delivery"]
    part = scope_document(plan, whole, Membership("v", 1, Role.VENDOR, "acme-sound"))
    assert "new_panel" not in part and part["tasks"]
    assert all("successors" not in task for task in part["tasks"])


def test_a_member_who_is_not_scoped_has_a_view_of_everything() -> None:
    plan = tagged({"ines": "acme-sound"}, {"dub-a": "acme-sound"}, {"ep1-lock": "tv-client"})
    view = view_of(plan, Membership("x", 1, Role.COORDINATOR))
    assert view.tasks == {t.id for t in plan.tasks} and view.resources == {r.id for r in plan.resources}
    assert view.shows("FS after ep1-lock (Ep 1 picture lock), Dubbing Theatre A, Ines Duarte, acme-sound")


def test_words_are_found_wherever_they_stand_as_whole_words() -> None:
    words = Words(["Ep 1 final mix", "ep1-mix", "tom", "Dubbing Theatre A"])
    assert words.found_in("FS after ep1-mix (Ep 1 final mix)")
    assert words.found_in("waited 2 days for Dubbing Theatre A")
    assert words.found_in("Refer to tom.")
    assert words.found_in("booked by tom")
    assert not words.found_in("FS after ep1-grade (Ep 1 grade)")
    assert not words.found_in("FS after ep1-mix-approval (Ep 1 final mixdown)")  # whole words only
    assert not words.found_in("Dubbing Theatre B")
    assert Words(["#"]).found_in("shot #4") and not Words(["#"]).found_in("shot 4")
    assert not Words([]).found_in("anything")


DEMO = Path(__file__).resolve().parents[2] / "src" / "picturelock" / "data" / "demo" / "plan.yaml"


def demo() -> Plan:
    return load_plan(DEMO)


def test_the_demo_shows_the_sound_facility_its_sound_and_the_broadcaster_its_deliveries() -> None:
    plan = demo()
    whole = document(plan)
    vendor = scope_document(plan, whole, Membership("demo-vendor", 1, Role.VENDOR, "demo-vendor"))
    client = scope_document(plan, whole, Membership("demo-client", 1, Role.CLIENT, "demo-client"))
    vendor_tasks = {t["id"] for t in vendor["tasks"]}
    assert {"ep1-premix", "ep1-mix", "ep1-dialogue", "ep1-adr"} <= vendor_tasks
    assert not any("grade" in t or "conform" in t for t in vendor_tasks)  # Kestrel Post's
    assert {t["id"] for t in client["tasks"]} >= {"ep1-tx-master", "broadcaster-complete"}
    assert not named(foreign_words(plan, "demo-vendor"), shown(plan, vendor, "demo-vendor"))
    assert not named(foreign_words(plan, "demo-client"), shown(plan, client, "demo-client"))
    assert any(f["who"]["id"] == "anna" for f in vendor["followups"])  # their dialogue editor owes a brief
    tx = next(e for e in client["escalations"] if e["subject"] == "ep1-tx-master")
    assert tx["severity"] == "critical" and "Ep 1 TX master" in tx["message"]
    driven = [t for t in client["tasks"] if t["start_driver"]["text"] == ANOTHER_TASK]
    assert driven and all(t["start_driver"]["task"] is None for t in driven)
