"""Which organisation a plan item belongs to, and what a vendor or client member may see. Pure.

An organisation is a short id ("acme-sound", "demo-client") naming the facility, vendor or client
an item belongs to. People, resources and tasks may name one; an item that names none belongs to
the production itself. A task that names none belongs to the single organisation of its assigned
resources when every one of them names the same organisation (a mix booked only on a sound
facility's stage is that facility's); otherwise it is the production's.

Vendors and clients (`access.SCOPED_ROLES`) see only the tasks, resources and people of their own
organisation; every other role sees the whole plan.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from picturelock.domain.access import SCOPED_ROLES, Membership
from picturelock.domain.findings import Problem
from picturelock.domain.plan import Plan, Task

ORGANISATION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
ORGANISATION_EXPECTED = "a short id: letters, digits, '.', '_' or '-', at most 64, e.g. acme-sound"


def organisation_problem(value: str) -> str:
    """What is wrong with an organisation id ("" when nothing is)."""
    if ORGANISATION_PATTERN.match(value):
        return ""
    if not value.strip():
        return "is empty"
    return f"{value[:80]!r} is not an organisation id"


def organisation_problems(plan: Plan, place: str) -> list[Problem]:
    """Every organisation on people, resources and tasks that is not a short id."""
    sections: list[tuple[str, list[str | None]]] = [
        ("people", [p.organisation for p in plan.people]),
        ("resources", [r.organisation for r in plan.resources]),
        ("tasks", [t.organisation for t in plan.tasks]),
    ]
    problems = []
    for section, values in sections:
        for i, value in enumerate(values):
            message = "" if value is None else organisation_problem(value)
            if message:
                field = f"{section}[{i}].organisation"
                problems.append(Problem(place, field, message, expected=ORGANISATION_EXPECTED))
    return problems


def _resource_organisations(plan: Plan) -> dict[str, str | None]:
    return {r.id: r.organisation for r in plan.resources}


def _of_task(task: Task, resources: Mapping[str, str | None]) -> str | None:
    if task.organisation is not None:
        return task.organisation
    found = {resources.get(a.resource) for a in task.assignments}
    if len(found) == 1:
        return found.pop()
    return None


def task_organisation(plan: Plan, task: Task) -> str | None:
    """The organisation `task` belongs to: its own, else its resources' when they all agree."""
    return _of_task(task, _resource_organisations(plan))


def task_organisations(plan: Plan) -> dict[str, str | None]:
    """Every task's organisation (`task_organisation` for the whole plan in one pass)."""
    resources = _resource_organisations(plan)
    return {task.id: _of_task(task, resources) for task in plan.tasks}


def is_scoped(membership: Membership) -> bool:
    """Whether the member sees only their organisation's part of a production."""
    return membership.role in SCOPED_ROLES


def visible_task_ids(plan: Plan, membership: Membership) -> frozenset[str]:
    """The tasks the member may see: all for unscoped roles, their organisation's for the others."""
    if not is_scoped(membership):
        return frozenset(task.id for task in plan.tasks)
    own = membership.organisation
    return frozenset(task_id for task_id, org in task_organisations(plan).items() if org == own)


def visible_resource_ids(plan: Plan, membership: Membership) -> frozenset[str]:
    """The resources the member may see named: all, or their organisation's."""
    scoped = is_scoped(membership)
    return frozenset(r.id for r in plan.resources if not scoped or r.organisation == membership.organisation)


def visible_person_ids(plan: Plan, membership: Membership) -> frozenset[str]:
    """The people the member may see named: all, or their organisation's."""
    scoped = is_scoped(membership)
    return frozenset(p.id for p in plan.people if not scoped or p.organisation == membership.organisation)
