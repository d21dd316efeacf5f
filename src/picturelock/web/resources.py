"""Resources of a production (people, rooms, kit): the list, one resource's page to edit its name,
kind, capacity, calendar and leave, adding and removing. Edits name the version the page showed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from picturelock.domain.access import AccessDenied, Capability, decide
from picturelock.domain.calendar import DateSpan
from picturelock.domain.errors import EditConflict, InvalidInput
from picturelock.domain.findings import Problem
from picturelock.domain.plan import Resource, ResourceKind
from picturelock.services import editing
from picturelock.web.forms import FormValues
from picturelock.web.pages import may, page_extra, page_production, render
from picturelock.web.views import MemberView, member_view

router = APIRouter()
ProductionId = Path(ge=1, le=2**31 - 1)
ResourceId = Path(min_length=1, max_length=200)
VIEW, EDIT = Capability.VIEW_SCHEDULE, Capability.EDIT_SCHEDULE
MAX_CAPACITY = Decimal(10_000)


def leave_text(spans: tuple[DateSpan, ...]) -> str:
    """Leave as the form shows it: one span a line, 'first last reason'."""
    return "\n".join(f"{s.first.isoformat()} {s.last.isoformat()} {s.reason}".rstrip() for s in spans)


def parse_leave(values: FormValues, name: str = "leave") -> tuple[DateSpan, ...]:
    """Leave from its text: each line 'YYYY-MM-DD [YYYY-MM-DD] [reason]'; problems name the line."""
    spans = []
    for number, line in enumerate(values.raw.get(name, "").splitlines(), start=1):
        words = line.split()
        if not words:
            continue
        two = len(words) > 1 and _is_date(words[1])
        try:
            first = date.fromisoformat(words[0])
            last = date.fromisoformat(words[1]) if two else first
        except ValueError:
            values.problems.append(
                Problem(
                    "form",
                    f"{name} line {number}",
                    f"{line.strip()!r} does not start with a date",
                    expected="YYYY-MM-DD [YYYY-MM-DD] [reason]",
                )
            )
            continue
        reason = " ".join(words[2:] if two else words[1:])
        spans.append(DateSpan(first, last, reason))
    return tuple(spans)


def _is_date(word: str) -> bool:
    try:
        date.fromisoformat(word)
    except ValueError:
        return False
    return True


def _resource_from(values: FormValues, resource_id: str, held: Resource | None) -> Resource:
    name = values.text("name", required=True)
    kind = values.text("kind", required=True, limit=20) or ResourceKind.PERSON.value
    if kind not in {k.value for k in ResourceKind}:
        values.problems.append(
            Problem("form", "kind", f"{kind!r} is not a kind of resource", expected="person, room or kit")
        )
        kind = ResourceKind.PERSON.value
    capacity = values.decimal("capacity", low=Decimal("0.01"), high=MAX_CAPACITY, required=True)
    leave = parse_leave(values)
    values.check()
    assert name is not None and capacity is not None
    base = held or Resource(resource_id, name, ResourceKind(kind))
    return replace(
        base,
        name=name,
        kind=ResourceKind(kind),
        capacity=capacity,
        calendar=values.text("calendar", limit=200),
        leave=leave,
    )


def _list_page(request: Request, member: Any, status: int = 200, **context: Any) -> Response:
    view = member_view(request, member)
    rows = [
        (r, view.snapshot.stored.resources[r.id].version)
        for r in view.plan.resources
        if r.id in view.resource_ids
    ]
    context.setdefault("problems", [])
    context.setdefault("values", {})
    context.setdefault("removed", None)
    return render(
        request,
        "resources.html",
        status,
        active="resources",
        rows=rows,
        plan=view.plan,
        kinds=list(ResourceKind),
        may_edit=may(member, EDIT),
        **context,
    )


@router.get(
    "/productions/{production_id}/resources",
    response_class=HTMLResponse,
    openapi_extra=page_extra(VIEW, own_part=True),
)
def resource_list(request: Request, production_id: int = ProductionId) -> Response:
    _, member = page_production(request, production_id, VIEW, own_part=True)
    return _list_page(request, member, removed=request.query_params.get("removed"))


@router.post(
    "/productions/{production_id}/resources", response_class=HTMLResponse, openapi_extra=page_extra(EDIT)
)
async def add_resource(request: Request, production_id: int = ProductionId) -> Response:
    """A new resource (its id must be new)."""
    form = await request.form()
    caller, member = page_production(request, production_id, EDIT)
    values = FormValues(form)
    try:
        resource_id = values.text("id", required=True, limit=200) or ""
        resource = _resource_from(values, resource_id, None)
        editing.save_resource(
            production_id, resource, None, request.app.state.engine, by=caller.session.login
        )
    except EditConflict as conflict:
        problem = Problem("form", "id", str(conflict), expected="an id no other resource has")
        return _list_page(request, member, 409, problems=[problem], values=values.raw)
    except InvalidInput as error:
        return _list_page(request, member, 422, problems=error.problems, values=values.raw)
    return RedirectResponse(f"/productions/{production_id}/resources/{resource_id}?saved=1", status_code=303)


def _visible(request: Request, production_id: int, resource_id: str, capability: Capability) -> Any:
    caller, member = page_production(request, production_id, capability, own_part=capability is VIEW)
    view = member_view(request, member, newest=True)
    if resource_id not in view.resource_ids:
        raise AccessDenied(decide(None, capability, production=production_id))
    return caller, member, view


def _resource_page(
    request: Request, view: MemberView, member: Any, resource_id: str, status: int = 200, **context: Any
) -> Response:
    resource = view.plan.resource(resource_id)
    tried = context.pop("tried", None)
    values = {
        "name": resource.name,
        "kind": resource.kind.value,
        "capacity": resource.capacity,
        "calendar": resource.calendar or "",
        "leave": leave_text(resource.leave),
    }
    if tried is not None and context.get("conflict") is None:
        values.update({k: v for k, v in tried.items() if k in values})
    tasks = [
        t
        for t in view.plan.tasks
        if t.id in view.task_ids and any(a.resource == resource_id for a in t.assignments)
    ]
    context.setdefault("problems", [])
    context.setdefault("conflict", None)
    context.setdefault("saved", None)
    return render(
        request,
        "resource.html",
        status,
        active="resources",
        resource=resource,
        values=values,
        tried=tried,
        stamp=view.snapshot.stored.resources[resource_id],
        kinds=list(ResourceKind),
        plan=view.plan,
        tasks=tasks,
        may_edit=may(member, EDIT),
        **context,
    )


@router.get(
    "/productions/{production_id}/resources/{resource_id}",
    response_class=HTMLResponse,
    openapi_extra=page_extra(VIEW, own_part=True),
)
def resource_page(
    request: Request, production_id: int = ProductionId, resource_id: str = ResourceId
) -> Response:
    _, member, view = _visible(request, production_id, resource_id, VIEW)
    return _resource_page(request, view, member, resource_id, saved=request.query_params.get("saved"))


async def _change(request: Request, production_id: int, resource_id: str, remove: bool) -> Response:
    form = await request.form()
    caller, member, view = _visible(request, production_id, resource_id, EDIT)
    values = FormValues(form)
    engine, by = request.app.state.engine, caller.session.login
    try:
        expected = values.version()
        if remove:
            values.check()
            assert expected is not None
            editing.remove_resource(production_id, resource_id, expected, engine, by=by)
        else:
            resource = _resource_from(values, resource_id, view.plan.resource(resource_id))
            editing.save_resource(production_id, resource, expected, engine, by=by)
    except EditConflict as conflict:
        fresh = member_view(request, member, newest=True)
        return _resource_page(request, fresh, member, resource_id, 409, conflict=conflict, tried=values.raw)
    except InvalidInput as error:
        return _resource_page(
            request, view, member, resource_id, 422, problems=error.problems, tried=values.raw
        )
    if remove:
        return RedirectResponse(
            f"/productions/{production_id}/resources?removed={resource_id}", status_code=303
        )
    return RedirectResponse(f"/productions/{production_id}/resources/{resource_id}?saved=1", status_code=303)


@router.post(
    "/productions/{production_id}/resources/{resource_id}",
    response_class=HTMLResponse,
    openapi_extra=page_extra(EDIT),
)
async def edit_resource(
    request: Request, production_id: int = ProductionId, resource_id: str = ResourceId
) -> Response:
    """Change the resource if it is still at the version the page showed."""
    return await _change(request, production_id, resource_id, remove=False)


@router.post(
    "/productions/{production_id}/resources/{resource_id}/remove",
    response_class=HTMLResponse,
    openapi_extra=page_extra(EDIT),
)
async def remove_resource(
    request: Request, production_id: int = ProductionId, resource_id: str = ResourceId
) -> Response:
    """Remove the resource (refused while tasks are assigned to it; they are named)."""
    return await _change(request, production_id, resource_id, remove=True)
