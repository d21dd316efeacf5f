"""Productions: list mine, read one, import a plan file or MS Project XML, export as a plan file."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Request, Response, UploadFile
from pydantic import BaseModel

from picturelock.api.deps import Caller, allowed, capability_extra, gate, signed_in
from picturelock.api.errors import ErrorOut
from picturelock.api.scope import MemberView, member_view, own_part_extra
from picturelock.api.uploads import plan_suffix, save_upload
from picturelock.api.work import json_bytes, plan_file_bytes, renamed, scratch
from picturelock.domain.access import Capability
from picturelock.domain.errors import InvalidInput
from picturelock.services import productions
from picturelock.services.snapshots import Snapshot, current
from picturelock.services.visibility import visible_task_ids

router = APIRouter(tags=["productions"])
VIEW = Capability.VIEW_SCHEDULE
OWN_PART = member_view(VIEW)  # vendors and clients: their organisation's part


class ProductionOut(BaseModel):
    id: int
    title: str
    format: str
    start: str
    version: int
    updated_by: str | None
    updated_at: str | None


class TaskVersionOut(BaseModel):
    id: str
    name: str
    version: int


class ProductionDetailOut(ProductionOut):
    tasks: list[TaskVersionOut]


class ImportedOut(BaseModel):
    id: int
    title: str
    warnings: list[str]


def _summary(summary: Any) -> dict[str, Any]:
    return {
        "id": summary.id,
        "title": summary.title,
        "format": summary.format,
        "start": summary.start.isoformat(),
        "version": summary.version,
        "updated_by": summary.updated_by,
        "updated_at": summary.updated_at.isoformat() if summary.updated_at else None,
    }


@router.get("/productions", operation_id="list_productions", response_model=list[ProductionOut])
def list_productions(request: Request, caller: Caller = Depends(signed_in)) -> Any:
    """The productions the caller may see the schedule of."""
    mine = gate(request).visible(caller.session, VIEW)
    return [
        _summary(summary)
        for summary in productions.list_productions(request.app.state.engine)
        if summary.id in mine
    ]


@router.post(
    "/productions",
    operation_id="import_production",
    status_code=201,
    response_model=ImportedOut,
    responses={413: {"model": ErrorOut}, 415: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
async def import_production(
    request: Request,
    file: UploadFile = File(description="A plan file (.yaml) or MS Project XML (.xml)."),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Hold an uploaded plan as a new production; the caller becomes its producer.
    Too large, unreadable or invalid: a 4xx naming every problem, and nothing is kept."""
    suffix = plan_suffix(file.filename)
    state = request.app.state
    with scratch() as folder:
        temp = folder / f"upload{suffix}"
        await save_upload(file, temp, state.max_upload_bytes)
        try:
            from picturelock.services.plans import read_plan

            plan, warnings = read_plan(temp)
        except InvalidInput as error:
            raise renamed(error, temp, file.filename or "upload") from None
    production_id = gate(request).import_as_producer(caller.session, plan)
    return ImportedOut(id=production_id, title=plan.production.title, warnings=[str(w) for w in warnings])


@router.get(
    "/productions/{production_id}",
    operation_id="get_production",
    response_model=ProductionDetailOut,
    openapi_extra=own_part_extra(VIEW),
)
def get_production(request: Request, seen: MemberView = Depends(OWN_PART)) -> Any:
    """The production with its version and each task's version (what a PATCH must name).
    Vendors and clients get their organisation's tasks only, and not who changed it last."""
    snap = current(seen.production_id, request.app.state.engine)  # the newest: its versions are for a PATCH
    part = ("production detail", seen.membership.role, seen.membership.organisation)
    body = snap.memo(part, lambda: json_bytes(_detail(snap, seen)))  # once per version
    return Response(body, media_type="application/json")


def _detail(snap: Snapshot, seen: MemberView) -> dict[str, Any]:
    stored, plan = snap.stored, snap.plan
    summary = {
        "id": stored.id,
        "title": plan.production.title,
        "format": plan.production.format,
        "start": plan.production.start.isoformat(),
        "version": stored.version,
        "updated_by": None if seen.scoped else stored.stamp.updated_by,
        "updated_at": stored.stamp.updated_at.isoformat() if stored.stamp.updated_at else None,
    }
    shown = visible_task_ids(plan, seen.membership)
    tasks = [
        {"id": t.id, "name": t.name, "version": stored.tasks[t.id].version}
        for t in plan.tasks
        if t.id in shown
    ]
    return {**summary, "tasks": tasks}


@router.get(
    "/productions/{production_id}/plan.yaml",
    operation_id="export_plan_file",
    response_class=Response,
    responses={200: {"content": {"application/yaml": {}}}},
    openapi_extra=capability_extra(VIEW),
)
def export_plan_file(request: Request, production_id: int = Depends(allowed(VIEW))) -> Response:
    """The production's plan as a plan file (YAML)."""
    plan = productions.get_production(production_id, request.app.state.engine).plan
    headers = {"Content-Disposition": f'attachment; filename="production-{production_id}.yaml"'}
    return Response(plan_file_bytes(plan), media_type="application/yaml", headers=headers)
