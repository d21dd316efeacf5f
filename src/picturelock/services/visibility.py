"""What a member may see of a production's schedule: the whole document, or their organisation's part.

Producers, supervisors, coordinators, accountants, crew and executives see the schedule document
(`snapshots.Snapshot.document()`) as it is. Vendors and clients see only their organisation's
tasks (`domain.organisations`), with the dates, float and critical flags worked out on the whole
plan, and nothing that names another organisation, or a person, resource or task outside theirs:

- `tasks`, `critical_path` and the forecast hold their tasks only; a task's owner is kept only
  when the owner is one of their people, its resources only their own;
- a date driven by a task they cannot see says "another task", with no id; any other sentence
  naming something they cannot see (a resource booked by someone else, a person) is replaced by
  a plain one;
- escalations, follow-ups and notes rounds are kept only when every task they concern is theirs
  and the person chased is one of theirs;
- `milestones` lists their own milestones and the production's milestones their tasks lead to
  (a delivery date they work towards), never another organisation's;
- keys this module does not know are left out (a key added to the document later stays hidden
  from vendors and clients until it is taught here), and `scope` says whose part this is.

    document = scoped_document(snapshots.current(production_id, db), membership)
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from picturelock.domain.access import Membership
from picturelock.domain.organisations import (
    is_scoped,
    task_organisations,
    visible_person_ids,
    visible_resource_ids,
)
from picturelock.domain.organisations import visible_task_ids as _visible_task_ids
from picturelock.domain.plan import NotesRound, Plan
from picturelock.services.snapshots import Snapshot

ANOTHER_TASK = "another task"
NOT_SHOWN = "details not shown"
KEPT_AS_THEY_ARE = frozenset(
    {"production", "as_of", "start", "finish", "working_days", "levelled", "optimal", "monitoring_as_of"}
)
# A task's keys a vendor or client is given (others, added to the document later, are left out).
TASK_KEYS = frozenset(
    {"id", "name", "group", "owner", "start", "finish", "early_start", "early_finish", "late_start"}
    | {"late_finish", "total_float", "free_float", "critical", "resources", "start_driver", "late_driver"}
    | {"float_before_levelling", "levelling_delays"}
)
Json = dict[str, Any]


def visible_task_ids(plan: Plan, membership: Membership) -> frozenset[str]:
    """The tasks `membership` may see: every task, or their organisation's."""
    return _visible_task_ids(plan, membership)


def scoped_document(snapshot: Snapshot, membership: Membership) -> Json:
    """The schedule document as `membership` may see it (a fresh dict either way). A vendor's or
    client's part is cut once per version of the production and organisation, and kept with the
    snapshot."""
    if not is_scoped(membership):
        return snapshot.document()
    key = ("scoped document", membership.organisation, membership.role.value)

    def cut() -> bytes:
        return marshal.dumps(scope_document(snapshot.plan, snapshot.shared_document(), membership))

    fresh: Json = marshal.loads(snapshot.memo(key, cut))
    return fresh


@dataclass(frozen=True, slots=True)
class View:
    """What one scoped member may see named, and the words that must not reach them."""

    tasks: frozenset[str]
    resources: frozenset[str]
    people: frozenset[str]
    names: Mapping[str, str]  # task id -> name, for the tasks they see
    hidden: Words
    owners: Mapping[str, str | None]  # every task's organisation

    def shows(self, text: str) -> bool:
        """Whether `text` names nothing outside the member's part."""
        return not self.hidden.found_in(text)

    def text(self, text: str, instead: str = NOT_SHOWN) -> str:
        return text if self.shows(text) else instead


def view_of(plan: Plan, membership: Membership) -> View:
    """What `membership` may see named of `plan`, and the words that must not reach them
    (everything and nothing, for members who are not vendors or clients)."""
    owners = task_organisations(plan)
    scoped = is_scoped(membership)
    tasks = frozenset(
        task_id for task_id, org in owners.items() if not scoped or org == membership.organisation
    )
    resources = visible_resource_ids(plan, membership)
    people = visible_person_ids(plan, membership)
    words: set[str] = set()
    for task in plan.tasks:
        if task.id not in tasks:
            words |= {task.id, task.name}
    for resource in plan.resources:
        if resource.id not in resources:
            words |= {resource.id, resource.name}
    for person in plan.people:
        if person.id not in people:
            words |= {person.id, person.name, person.email}
    if scoped:
        words |= _other_organisations(plan, owners, membership.organisation)
    words = {word for word in words if word.strip()}
    names = {task.id: task.name for task in plan.tasks if task.id in tasks}
    return View(tasks, resources, people, names, Words(words), owners)


TOKEN = re.compile(r"[\w-]+")


class Words:
    """Finds whether a text names any of many words (ids, names) as whole words: "ep1-mix" is in
    "FS after ep1-mix (Ep 1 final mix)" but not in "ep1-mix-approval". Words and texts are read as
    runs of letters, digits, '_' and '-', and each word is indexed by its first two runs, so a
    search costs a few look-ups per word of the text however many words there are (a regular
    expression of hundreds of names took 70-200 ms to compile and 70 us per search; an index by
    leading characters slowed down on a 50,000-task series, whose names share their first ones).
    A word with no such run ("#", "~") is looked for as it is."""

    def __init__(self, words: Iterable[str]) -> None:
        self.loose: list[str] = []
        self.by_start: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for word in words:
            runs = tuple(TOKEN.findall(word))
            if runs:
                self.by_start.setdefault(runs[:2], []).append(runs)
            else:
                self.loose.append(word)

    def found_in(self, text: str) -> bool:
        if any(word in text for word in self.loose):
            return True
        runs = TOKEN.findall(text)
        index = self.by_start
        for at, run in enumerate(runs):
            for key in ((run,), tuple(runs[at : at + 2])):
                for word in index.get(key, ()):
                    if tuple(runs[at : at + len(word)]) == word:
                        return True
        return False


def _other_organisations(plan: Plan, owners: Mapping[str, str | None], own: str | None) -> set[str]:
    named = {p.organisation for p in plan.people} | {r.organisation for r in plan.resources}
    named |= set(owners.values())
    return {org for org in named if org is not None and org != own}


def scope_document(plan: Plan, document: Mapping[str, Any], membership: Membership) -> Json:
    """`document` (a schedule document of `plan`) cut down to what a vendor or client may see
    (for any other member, the document as it is)."""
    if not is_scoped(membership):
        return dict(document)
    view = view_of(plan, membership)
    scoped: Json = {key: value for key, value in document.items() if key in KEPT_AS_THEY_ARE}
    scoped["scope"] = {
        "role": membership.role.value,
        "organisation": membership.organisation,
        "note": f"only the tasks of {membership.organisation}; dates and float come from the whole plan",
    }
    scoped["critical_path"] = [t for t in document.get("critical_path", ()) if t in view.tasks]
    scoped["schedule_notes"] = [n for n in document.get("schedule_notes", ()) if view.shows(n)]
    scoped["tasks"] = [_task(entry, view) for entry in document.get("tasks", ()) if entry["id"] in view.tasks]
    scoped["milestones"] = _milestones(plan, scoped["tasks"], document.get("tasks", ()), view)
    if "forecast" in document:
        scoped["forecast"] = _forecast(document["forecast"], view)
    if "escalations" in document:
        scoped["escalations"] = _escalations(plan, document["escalations"], view)
    if "followups" in document:
        scoped["followups"] = [_followup(f, view) for f in document["followups"] if _chases_theirs(f, view)]
    if "notes" in document:
        scoped["notes"] = _notes(plan, document["notes"], view)
    return scoped


def _driver(driver: Mapping[str, Any], view: View) -> Json:
    other = driver.get("task")
    if other is not None and other not in view.tasks:
        return {**driver, "text": ANOTHER_TASK, "task": None}
    return {**driver, "text": view.text(driver.get("text", ""), ANOTHER_TASK if other else NOT_SHOWN)}


def _task(entry: Mapping[str, Any], view: View) -> Json:
    return {
        **{key: value for key, value in entry.items() if key in TASK_KEYS},
        "owner": entry["owner"] if entry.get("owner") in view.people else None,
        "resources": [r for r in entry.get("resources", ()) if r in view.resources],
        "start_driver": _driver(entry["start_driver"], view),
        "late_driver": _driver(entry["late_driver"], view),
        "levelling_delays": [_driver(d, view) for d in entry.get("levelling_delays", ())],
    }


def _milestones(
    plan: Plan, own: list[Json], everything: Iterable[Mapping[str, Any]], view: View
) -> list[Json]:
    """Their milestones, and the production's milestones their tasks lead to, in plan order."""
    owners = view.owners
    successors: dict[str, list[str]] = {}
    for link in plan.links:
        successors.setdefault(link.predecessor, []).append(link.successor)
    reached: set[str] = set()
    waiting = list(view.tasks)
    while waiting:
        for successor in successors.get(waiting.pop(), ()):
            if successor not in reached:
                reached.add(successor)
                waiting.append(successor)
    shown = {
        t.id
        for t in plan.tasks
        if t.milestone and (t.id in view.tasks or (t.id in reached and owners[t.id] is None))
    }
    return [_milestone(entry) for entry in everything if entry["id"] in shown]


def _milestone(entry: Mapping[str, Any]) -> Json:
    return {
        "task": entry["id"],
        "name": entry["name"],
        "date": entry["finish"],
        "total_float": entry["total_float"],
        "critical": entry["critical"],
    }


def _forecast(forecast: Mapping[str, Any], view: View) -> Json:
    return {
        **{key: value for key, value in forecast.items() if key != "tasks"},
        "tasks": [t for t in forecast.get("tasks", ()) if t["task"] in view.tasks],
    }


def _escalation_tasks(rounds: Mapping[str, NotesRound], escalation: Mapping[str, Any]) -> set[str]:
    """The tasks an escalation concerns: the due task, the rounds' tasks, the owed-for tasks."""
    if escalation["kind"] == "due date":
        return {escalation["subject"]}
    if escalation["kind"] == "notes":
        found = rounds.get(escalation["subject"])
        return {found.after, found.waiting} if found else set()
    return set(escalation.get("tasks", ()))


def _escalations(plan: Plan, escalations: Iterable[Mapping[str, Any]], view: View) -> list[Json]:
    rounds = {n.id: n for n in plan.notes_rounds}
    kept = []
    for escalation in escalations:
        concerned = _escalation_tasks(rounds, escalation)
        if concerned and concerned <= view.tasks:
            kept.append(_escalation(escalation, view))
    return kept


def _escalation(escalation: Mapping[str, Any], view: View) -> Json:
    refer = escalation.get("refer_to")
    cause = escalation.get("cause")
    if cause is not None and cause["task"] not in view.tasks:
        cause = {**cause, "task": None, "name": ANOTHER_TASK, "reason": NOT_SHOWN}
    elif cause is not None:
        cause = {**cause, "reason": view.text(cause["reason"])}
    plain = _plain_message(escalation, view)
    subject = escalation["subject"]
    return {
        **escalation,
        "subject": subject if subject in view.tasks else view.text(subject),
        "refer_to": refer if refer and refer["id"] in view.people else None,
        "message": view.text(escalation["message"], plain),
        "cause": cause,
        "driving_path": [t for t in escalation.get("driving_path", ()) if t in view.tasks],
        "tasks": [t for t in escalation.get("tasks", ()) if t in view.tasks],
    }


def _plain_message(escalation: Mapping[str, Any], view: View) -> str:
    """What an escalation says when its own sentence names something the member may not see."""
    subject = view.names.get(escalation["subject"])
    owed = [view.names[t] for t in escalation.get("tasks", ()) if t in view.names]
    what = subject or f"A {escalation['kind']}" + (f" for {', '.join(owed)}" if owed else "")
    text = f"{what} due {escalation['due']}"
    float_days = escalation.get("float_days")
    if float_days is not None:
        text += f" has {float_days:g} working days of float"
    if escalation.get("days_late"):
        text += f": {escalation['days_late']:g} working days late"
    return f"{text} ({escalation['severity']})."


def _chases_theirs(followup: Mapping[str, Any], view: View) -> bool:
    return followup.get("task") in view.tasks and followup["who"]["id"] in view.people


def _followup(followup: Mapping[str, Any], view: View) -> Json:
    return {
        **followup,
        "ref": view.text(followup["ref"]),
        "what": view.text(followup["what"]),
        "detail": view.text(followup["detail"]),
    }


def _notes(plan: Plan, notes: Mapping[str, Any], view: View) -> Json:
    rounds = [
        {
            **r,
            "cut": view.text(r["cut"]),
            "from": r["from"] if r.get("from") and r["from"]["id"] in view.people else None,
            "idle_by_resource": [i for i in r["idle_by_resource"] if i["resource"] in view.resources],
        }
        for r in notes.get("rounds", ())
        if r["after"] in view.tasks and r["waiting"] in view.tasks
    ]
    return {
        "rounds": rounds,
        "days_late": sum(r["days_late"] for r in rounds),
        "idle_days": sum(r["idle_days"] for r in rounds),
        "idle_by_resource": _idle_totals(rounds),
    }


def _idle_totals(rounds: list[Json]) -> list[Json]:
    totals: dict[str, Json] = {}
    for r in rounds:
        for idle in r["idle_by_resource"]:
            held = totals.setdefault(idle["resource"], {**idle, "days": 0.0, "unit_days": 0.0})
            held["days"] += idle["days"]
            held["unit_days"] += idle["unit_days"]
    return list(totals.values())
