"""The schedule of a held production, as JSON or exported by format (as `picturelock export`)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response

from picturelock.api.deps import allowed, capability_extra
from picturelock.api.errors import ErrorOut
from picturelock.api.scope import MemberView, member_view, own_part_extra
from picturelock.api.work import (
    MAX_TIME_LIMIT,
    check_dates,
    export_bytes,
    held_plan,
    json_bytes,
    schedule_json,
    scheduled,
)
from picturelock.domain.access import Capability
from picturelock.services.snapshots import current
from picturelock.services.visibility import scope_document, scoped_document

router = APIRouter(tags=["schedule"])
VIEW = Capability.VIEW_SCHEDULE
OWN_PART = member_view(VIEW)  # vendors and clients: their organisation's part


class ExportFormat(StrEnum):
    xml = "xml"
    ics = "ics"
    csv = "csv"
    xlsx = "xlsx"
    svg = "svg"
    png = "png"


MEDIA_TYPES = {
    ExportFormat.xml: "application/xml",
    ExportFormat.ics: "text/calendar",
    ExportFormat.csv: "text/csv",
    ExportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.svg: "image/svg+xml",
    ExportFormat.png: "image/png",
}

LEVEL = Query(False, description="Level resources (heuristic).")
OPTIMISE = Query(False, description="Level with the CP-SAT optimiser (implies level).")
AS_OF = Query(None, description="Status date for progress (default: the plan's).")
TIME_LIMIT = Query(10.0, gt=0, le=MAX_TIME_LIMIT, description="Seconds the optimiser may take.")


@router.get(
    "/productions/{production_id}/schedule",
    operation_id="get_schedule",
    responses={422: {"model": ErrorOut}},
    response_model=dict[str, Any],
    openapi_extra=own_part_extra(VIEW),
)
def get_schedule(
    request: Request,
    seen: MemberView = Depends(OWN_PART),
    level: bool = LEVEL,
    optimise: bool = OPTIMISE,
    as_of: date | None = AS_OF,
    time_limit: float = TIME_LIMIT,
) -> Any:
    """Dates, float, drivers and the critical path, with the forecast, escalations, follow-ups
    and notes as of the status date: what `picturelock schedule --json` prints. Vendors and
    clients get their organisation's part only (docs/permissions.md), with a `scope` key."""
    engine = request.app.state.engine
    if not (level or optimise):  # the production now: scheduled, scoped and encoded once per version
        snap = current(seen.production_id, engine, as_of=as_of, viewer=seen.membership.user)
        if not seen.scoped:
            return Response(snap.document_json(), media_type="application/json")
        part = ("scoped schedule", seen.membership.role, seen.membership.organisation)
        body = snap.memo(part, lambda: json_bytes(scoped_document(snap, seen.membership)))
        return Response(body, media_type="application/json")
    plan = held_plan(seen.production_id, engine)
    sched = scheduled(plan, level=level, optimise=optimise, as_of=as_of, time_limit=time_limit)
    document = schedule_json(plan, sched, as_of)
    return scope_document(plan, document, seen.membership) if seen.scoped else document


@router.get(
    "/productions/{production_id}/export.{format}",
    operation_id="export_schedule",
    response_class=Response,
    responses={200: {"content": {media: {} for media in MEDIA_TYPES.values()}}, 422: {"model": ErrorOut}},
    openapi_extra=capability_extra(VIEW),
)
def export_schedule(
    request: Request,
    format: ExportFormat,
    production_id: int = Depends(allowed(VIEW)),
    level: bool = LEVEL,
    optimise: bool = OPTIMISE,
    as_of: date | None = AS_OF,
    time_limit: float = TIME_LIMIT,
    person: str | None = Query(None, max_length=200, description="iCalendar: only this person's tasks."),
    resource: str | None = Query(None, max_length=200, description="iCalendar: only this resource."),
    today: date | None = Query(None, description="Gantt: draw the today line on this date."),
    baseline: str | None = Query(None, max_length=200, description="Gantt, CSV, XLSX: baseline to compare."),
) -> Response:
    """The schedule as MS Project XML, iCalendar, CSV, XLSX or a Gantt chart (SVG, PNG). These show
    the whole production, so vendors and clients are answered "not found" (they read their part
    from GET schedule)."""
    plan = held_plan(production_id, request.app.state.engine)
    check_dates(plan, today=today)
    sched = scheduled(plan, level=level, optimise=optimise, as_of=as_of, time_limit=time_limit)
    given = {"person": person, "resource": resource, "today": today, "baseline": baseline}
    data = export_bytes(plan, sched, f".{format.value}", given)
    name = f"production-{production_id}.{format.value}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=MEDIA_TYPES[format], headers=headers)
