"""Links between tasks: the list with each link's type and lag editable in place, adding, removing.
Each change names the link's version the page showed; a stale one is refused with who changed it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from picturelock.domain.access import Capability
from picturelock.domain.errors import EditConflict, InvalidInput, NotFound
from picturelock.domain.findings import Problem
from picturelock.domain.plan import Link, LinkType
from picturelock.services import editing
from picturelock.web.forms import FormValues
from picturelock.web.pages import may, page_extra, page_production, render
from picturelock.web.views import MemberView, member_view

router = APIRouter()
ProductionId = Path(ge=1, le=2**31 - 1)
VIEW, EDIT = Capability.VIEW_SCHEDULE, Capability.EDIT_SCHEDULE
MAX_LAG = Decimal(10_000)


def visible_links(view: MemberView) -> list[tuple[Link, int]]:
    """The links between two tasks the member may see, with their versions."""
    stamps = view.snapshot.stored.links
    return [
        (link, stamps[(link.predecessor, link.successor)].version)
        for link in view.plan.links
        if link.predecessor in view.task_ids and link.successor in view.task_ids
    ]


def _page(request: Request, member: Any, status: int = 200, **context: Any) -> Response:
    view = member_view(request, member, newest=True)
    names = {task.id: task.name for task in view.plan.tasks if task.id in view.task_ids}
    context.setdefault("problems", [])
    context.setdefault("conflict", None)
    context.setdefault("values", {})
    context.setdefault("saved", None)
    return render(
        request,
        "links.html",
        status,
        active="links",
        links=visible_links(view),
        names=names,
        types=list(LinkType),
        may_edit=may(member, EDIT),
        **context,
    )


@router.get(
    "/productions/{production_id}/links",
    response_class=HTMLResponse,
    openapi_extra=page_extra(VIEW, own_part=True),
)
def link_list(request: Request, production_id: int = ProductionId) -> Response:
    _, member = page_production(request, production_id, VIEW, own_part=True)
    return _page(request, member, saved=request.query_params.get("saved"))


def _link_of(values: FormValues) -> Link:
    predecessor = values.text("predecessor", required=True, limit=200)
    successor = values.text("successor", required=True, limit=200)
    kind = values.text("type", required=True, limit=2) or "FS"
    if kind not in LinkType.__members__:
        values.problems.append(
            Problem("form", "type", f"{kind!r} is not a link type", expected="FS, SS, FF or SF")
        )
    lag = values.decimal("lag_days", low=-MAX_LAG, high=MAX_LAG) or Decimal(0)
    values.check()
    assert predecessor is not None and successor is not None
    return Link(predecessor, successor, LinkType(kind), lag, values.flag("lag_elapsed"))


def _check_visible(view: MemberView, *task_ids: str) -> None:
    hidden = [task_id for task_id in task_ids if task_id not in view.task_ids]
    if hidden:
        raise NotFound(f"task {hidden[0]!r}")


@router.post(
    "/productions/{production_id}/links", response_class=HTMLResponse, openapi_extra=page_extra(EDIT)
)
async def save_link(request: Request, production_id: int = ProductionId) -> Response:
    """Add a link (no expected_version) or change the type and lag of one (with its version)."""
    form = await request.form()
    caller, member = page_production(request, production_id, EDIT)
    values = FormValues(form)
    try:
        expected = (
            values.integer("expected_version", low=1, high=2**31 - 1)
            if values.given("expected_version")
            else None
        )
        link = _link_of(values)
        _check_visible(member_view(request, member), link.predecessor, link.successor)
        editing.save_link(production_id, link, expected, request.app.state.engine, by=caller.session.login)
    except EditConflict as conflict:
        return _page(request, member, 409, conflict=conflict)
    except InvalidInput as error:
        return _page(request, member, 422, problems=error.problems, values=values.raw)
    return RedirectResponse(f"/productions/{production_id}/links?saved=1", status_code=303)


@router.post(
    "/productions/{production_id}/links/remove", response_class=HTMLResponse, openapi_extra=page_extra(EDIT)
)
async def remove_link(request: Request, production_id: int = ProductionId) -> Response:
    """Remove the link between two tasks if it is still at the version the page showed."""
    form = await request.form()
    caller, member = page_production(request, production_id, EDIT)
    values = FormValues(form)
    try:
        predecessor = values.text("predecessor", required=True, limit=200)
        successor = values.text("successor", required=True, limit=200)
        expected = values.version()
        values.check()
        assert predecessor is not None and successor is not None and expected is not None
        _check_visible(member_view(request, member), predecessor, successor)
        editing.remove_link(
            production_id, predecessor, successor, expected, request.app.state.engine, by=caller.session.login
        )
    except EditConflict as conflict:
        return _page(request, member, 409, conflict=conflict)
    except InvalidInput as error:
        return _page(request, member, 422, problems=error.problems, values=values.raw)
    return RedirectResponse(f"/productions/{production_id}/links?saved=removed", status_code=303)
