"""Edit a held production item by item: tasks (read, add, remove, move, progress); links and
resources are in `plan_items`.

Every change names the version of the item it was based on (`expected_version`; a new item names
none): a stale version answers 409 `edit_conflict` saying who changed it and when, and saves
nothing; a change that would leave the plan invalid answers 422 with every problem.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from picturelock.api.deps import Caller, allowed, capability_extra, gate, signed_in
from picturelock.api.errors import ErrorOut
from picturelock.domain.access import AccessDenied, Capability, decide
from picturelock.domain.errors import NotFound
from picturelock.domain.organisations import is_scoped, task_organisation
from picturelock.domain.plan import (
    Assignment,
    Constraint,
    ConstraintKind,
    Task,
)
from picturelock.services import editing, productions

router = APIRouter(tags=["editing"])
VIEW = Capability.VIEW_SCHEDULE
EDIT = Capability.EDIT_SCHEDULE
PROGRESS = Capability.REPORT_PROGRESS
MOST_VERSION = 2**31 - 1
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut},
    409: {"model": ErrorOut},
    422: {"model": ErrorOut},
}

ID_PATTERN = r"^\S(.*\S)?$"  # an id from the plan file: no blank ends


def id_field() -> Any:
    return Field(min_length=1, max_length=200, pattern=ID_PATTERN)


def days_field(default: Any = ...) -> Any:
    return Field(default, ge=0, le=100_000, max_digits=12, decimal_places=2)


def path_key(description: str) -> Any:
    return Path(min_length=1, max_length=200, description=description)


def expected_query(what: str) -> Any:
    return Query(ge=1, le=MOST_VERSION, description=f"The {what}'s version the change is based on.")


class VersionField(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expected_version: int = Field(
        ge=1, le=MOST_VERSION, description="The item's version the change is based on."
    )


class AssignmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    resource: str = id_field()
    units: Decimal = Field(Decimal(1), gt=0, le=10_000, max_digits=12, decimal_places=2)


class ConstraintIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: ConstraintKind
    on: date


class TaskIn(BaseModel):
    """A new task; its links are added with POST .../links."""

    model_config = ConfigDict(extra="forbid")
    id: str = id_field()
    name: str = Field(min_length=1, max_length=500)
    duration_days: Decimal = days_field()
    owner: str | None = Field(None, min_length=1, max_length=200)
    milestone: bool = False
    group: str | None = Field(None, min_length=1, max_length=200)
    calendar: str | None = Field(None, min_length=1, max_length=200)
    assignments: list[AssignmentIn] = Field(default_factory=list, max_length=100)
    constraints: list[ConstraintIn] = Field(default_factory=list, max_length=20)
    pinned_start: date | None = None
    priority: int = Field(500, ge=0, le=1000)
    kind: str = Field("", max_length=200)
    notes: str = Field("", max_length=10_000)
    organisation: str | None = Field(
        None, min_length=1, max_length=64, description="The vendor or client whose task it is."
    )

    def domain(self) -> Task:
        return Task(
            id=self.id,
            name=self.name,
            duration_days=self.duration_days,
            owner=self.owner,
            milestone=self.milestone,
            group=self.group,
            calendar=self.calendar,
            assignments=tuple(Assignment(a.resource, a.units) for a in self.assignments),
            constraints=tuple(Constraint(c.kind, c.on) for c in self.constraints),
            pinned_start=self.pinned_start,
            priority=self.priority,
            kind=self.kind,
            notes=self.notes,
            organisation=self.organisation,
        )


class Move(VersionField):
    start: date = Field(description="The day the task may start at the earliest (its SNET constraint).")


class ProgressIn(VersionField):
    actual_start: date | None = None
    actual_finish: date | None = None
    remaining_days: Decimal | None = days_field(None)


class ProgressOut(BaseModel):
    actual_start: date | None
    actual_finish: date | None
    remaining_days: Decimal | None


class AssignmentOut(BaseModel):
    resource: str
    units: Decimal


class ConstraintOut(BaseModel):
    kind: ConstraintKind
    on: date


class TaskOut(BaseModel):
    """A task as held, with its version (what an edit of it must name)."""

    id: str
    name: str
    duration_days: Decimal
    owner: str | None
    milestone: bool
    group: str | None
    calendar: str | None
    assignments: list[AssignmentOut]
    constraints: list[ConstraintOut]
    pinned_start: date | None
    priority: int
    kind: str
    notes: str
    organisation: str | None
    progress: ProgressOut
    version: int


class TaskSaved(BaseModel):
    id: str
    version: int


class Removed(BaseModel):
    removed: str
    production_version: int


def engine_of(request: Request) -> Any:
    return request.app.state.engine


def allowed_on_own_task(capability: Capability) -> Callable[..., Awaitable[int]]:
    """A dependency: the production id in the path, once the caller may use `capability` on the
    task in the path. Vendors and clients may on their own organisation's tasks only: another's
    is answered as not found, as is everything to someone who is not a member."""

    async def check(
        request: Request,
        task_id: str = path_key("The task's id."),
        production_id: int = Path(ge=1, le=MOST_VERSION, description="The production's id."),
        caller: Caller = Depends(signed_in),
    ) -> int:
        membership = gate(request).accounts.membership_for(caller.session, production_id)
        own = membership.organisation if membership is not None else None
        decision = decide(membership, capability, production=production_id, owner_org=own)
        if decision.allowed and membership is not None and is_scoped(membership):
            plan = productions.get_production(production_id, engine_of(request)).plan
            if task_id in {t.id for t in plan.tasks}:
                task_org = task_organisation(plan, plan.task(task_id))
                decision = decide(membership, capability, production=production_id, owner_org=task_org)
        if not decision.allowed:
            raise AccessDenied(decision)
        return production_id

    check.capability = capability  # type: ignore[attr-defined]
    return check


# --- tasks ----------------------------------------------------------------------------------------


@router.post(
    "/productions/{production_id}/tasks",
    operation_id="add_task",
    status_code=201,
    response_model=TaskSaved,
    responses=WRITE_ERRORS,
    openapi_extra=capability_extra(EDIT),
)
def add_task(
    request: Request,
    task: TaskIn,
    production_id: int = Depends(allowed(EDIT)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Add a task at the end of the plan; its version (1). An id already held answers 409."""
    version = editing.add_task(production_id, task.domain(), engine_of(request), by=caller.session.login)
    return TaskSaved(id=task.id, version=version)


@router.delete(
    "/productions/{production_id}/tasks/{task_id}",
    operation_id="remove_task",
    response_model=Removed,
    responses=WRITE_ERRORS,
    openapi_extra=capability_extra(EDIT),
)
def remove_task(
    request: Request,
    task_id: str = path_key("The task's id."),
    expected_version: int = expected_query("task"),
    production_id: int = Depends(allowed(EDIT)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Remove the task with its links. Refused (422) while a brief, a confirmation or a notes round
    names it: each is named."""
    db, by = engine_of(request), caller.session.login
    version = editing.remove_task(production_id, task_id, expected_version, db, by=by)
    return Removed(removed=f"task {task_id!r}", production_version=version)


@router.post(
    "/productions/{production_id}/tasks/{task_id}/move",
    operation_id="move_task",
    response_model=TaskSaved,
    responses=WRITE_ERRORS,
    openapi_extra=capability_extra(EDIT),
)
def move_task(
    request: Request,
    move: Move,
    task_id: str = path_key("The task's id."),
    production_id: int = Depends(allowed(EDIT)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Start the task no earlier than `start` (dragging its bar): its start-no-earlier-than
    constraint becomes `start`, replacing any it had. A started task cannot move (422)."""
    db, by = engine_of(request), caller.session.login
    version = editing.move_task(production_id, task_id, move.start, move.expected_version, db, by=by)
    return TaskSaved(id=task_id, version=version)


@router.put(
    "/productions/{production_id}/tasks/{task_id}/progress",
    operation_id="record_progress",
    response_model=TaskSaved,
    responses=WRITE_ERRORS,
    openapi_extra=capability_extra(PROGRESS),
)
def record_progress(
    request: Request,
    progress: ProgressIn,
    task_id: str = path_key("The task's id."),
    production_id: int = Depends(allowed_on_own_task(PROGRESS)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Record the task's actual start, actual finish and remaining working days (each replaces
    the one held; null clears it). Vendors may, on their own organisation's tasks."""
    version = editing.record_progress(
        production_id,
        task_id,
        actual_start=progress.actual_start,
        actual_finish=progress.actual_finish,
        remaining_days=progress.remaining_days,
        expected_version=progress.expected_version,
        db=engine_of(request),
        by=caller.session.login,
    )
    return TaskSaved(id=task_id, version=version)


@router.get(
    "/productions/{production_id}/tasks/{task_id}",
    operation_id="get_task",
    response_model=TaskOut,
    responses={404: {"model": ErrorOut}},
    openapi_extra=capability_extra(VIEW),
)
def get_task(
    request: Request,
    task_id: str = path_key("The task's id."),
    production_id: int = Depends(allowed_on_own_task(VIEW)),
) -> Any:
    """The task whole (assignments, constraints, progress) with its version. Vendors and clients
    see their own organisation's tasks only."""
    stored = productions.get_production(production_id, engine_of(request))
    if task_id not in stored.tasks:
        raise NotFound(f"task {task_id!r} of production {production_id}")
    task = stored.plan.task(task_id)
    return TaskOut(
        id=task.id,
        name=task.name,
        duration_days=task.duration_days,
        owner=task.owner,
        milestone=task.milestone,
        group=task.group,
        calendar=task.calendar,
        assignments=[AssignmentOut(resource=a.resource, units=a.units) for a in task.assignments],
        constraints=[ConstraintOut(kind=c.kind, on=c.on) for c in task.constraints],
        pinned_start=task.pinned_start,
        priority=task.priority,
        kind=task.kind,
        notes=task.notes,
        organisation=task.organisation,
        progress=ProgressOut(
            actual_start=task.progress.actual_start,
            actual_finish=task.progress.actual_finish,
            remaining_days=task.progress.remaining_days,
        ),
        version=stored.tasks[task_id].version,
    )
