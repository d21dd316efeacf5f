"""What a member may see of a production now: the schedule document scoped to them, and names.

`member_view(request, membership)` reads the production through `services.snapshots.current` (one
schedule per version) and scopes it with `services.visibility.scoped_document` (vendors and clients
see only their organisation's tasks). Until that service exists, a scoped member is shown no tasks
at all: nothing of another organisation can leak while it is missing.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from picturelock.domain.access import SCOPED_ROLES, Membership
from picturelock.domain.organisations import visible_person_ids, visible_resource_ids
from picturelock.domain.plan import Plan
from picturelock.services import snapshots
from picturelock.services.snapshots import Snapshot


@dataclass(frozen=True, slots=True)
class MemberView:
    """One member's view of one version of a production."""

    snapshot: Snapshot
    document: dict[str, Any]
    task_ids: frozenset[str]
    people: dict[str, str]  # person id -> name, of the people the member may see named
    resource_ids: frozenset[str]
    by_id: dict[str, dict[str, Any]]  # the document's tasks by id (pages look tasks up thousands of times)

    @property
    def plan(self) -> Plan:
        return self.snapshot.plan

    @property
    def tasks(self) -> dict[str, dict[str, Any]]:
        return self.by_id


def _scoped(snapshot: Snapshot, membership: Membership) -> dict[str, Any]:
    try:
        visibility: Any = importlib.import_module("picturelock.services.visibility")
    except ImportError:
        visibility = None
    if visibility is not None:
        scoped: dict[str, Any] = visibility.scoped_document(snapshot, membership)
        return scoped
    document = snapshot.document()
    if membership.role not in SCOPED_ROLES:
        return document
    return {  # no scoping service yet: show a scoped member nothing rather than too much
        "production": document["production"],
        "start": document["start"],
        "finish": document["finish"],
        "critical_path": [],
        "tasks": [],
        "escalations": [],
        "forecast": {"tasks": [], "finish": document["finish"], "baseline": None},
    }


def member_view(request: Request, membership: Membership, *, newest: bool = False) -> MemberView:
    """The production now as `membership` may see it: made once per version for each role and
    organisation, and shared by every request (read-only). Just after someone else's edit this may
    be the version before (snapshots.current's `viewer`); `newest` waits for the newest instead: for
    pages whose forms carry item versions, and for showing a conflict with the other person's change."""
    viewer = None if newest else membership.user
    snapshot = snapshots.current(membership.production, request.app.state.engine, viewer=viewer)
    key = ("member view", membership.role, membership.organisation)
    return snapshot.memo(key, lambda: _member_view(snapshot, membership))


def _member_view(snapshot: Snapshot, membership: Membership) -> MemberView:
    document = _scoped(snapshot, membership)
    by_id = {task["id"]: task for task in document.get("tasks", [])}
    plan = snapshot.plan
    people = {p.id: p.name for p in plan.people if p.id in visible_person_ids(plan, membership)}
    return MemberView(
        snapshot, document, frozenset(by_id), people, visible_resource_ids(plan, membership), by_id
    )
