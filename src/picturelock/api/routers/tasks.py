"""Edit one task, naming the version it was based on: a stale version answers 409 and saves nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from picturelock.api.deps import Caller, allowed, capability_extra, signed_in
from picturelock.api.errors import ApiError, ErrorOut
from picturelock.domain.access import Capability
from picturelock.domain.findings import Problem
from picturelock.services import productions

router = APIRouter(tags=["tasks"])
EDIT = Capability.EDIT_SCHEDULE
NULLABLE = frozenset({"owner", "group", "calendar", "pinned_start"})


class TaskChanges(BaseModel):
    """The fields to change; those left out stay as they are."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1, max_length=500)
    duration_days: Decimal | None = Field(None, ge=0, le=100_000, max_digits=12, decimal_places=2)
    owner: str | None = Field(None, max_length=200)
    milestone: bool | None = None
    group: str | None = Field(None, max_length=200)
    calendar: str | None = Field(None, max_length=200)
    pinned_start: date | None = None
    priority: int | None = Field(None, ge=0, le=1000)
    kind: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=10_000)


class TaskEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expected_version: int = Field(ge=1, le=2**31 - 1, description="The task's version the edit is based on.")
    changes: TaskChanges


class TaskEdited(BaseModel):
    id: str
    version: int


@router.patch(
    "/productions/{production_id}/tasks/{task_id}",
    operation_id="edit_task",
    response_model=TaskEdited,
    responses={409: {"model": ErrorOut}, 422: {"model": ErrorOut}},
    openapi_extra=capability_extra(EDIT),
)
def edit_task(
    request: Request,
    edit: TaskEdit,
    task_id: str = Path(min_length=1, max_length=200),
    production_id: int = Depends(allowed(EDIT)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Change fields of one task if it is still at `expected_version`; its new version."""
    changes = edit.changes.model_dump(exclude_unset=True)
    if not changes:
        raise ApiError(422, "no changes given", code="invalid_input")
    nulls = [
        Problem("body", f"changes.{name}", "cannot be null", expected="a value")
        for name, value in changes.items()
        if value is None and name not in NULLABLE
    ]
    if nulls:
        raise ApiError(422, "the request is not valid", problems=nulls)
    by = caller.session.login
    version = productions.update_task(
        production_id, task_id, changes, edit.expected_version, request.app.state.engine, by=by
    )
    return TaskEdited(id=task_id, version=version)
