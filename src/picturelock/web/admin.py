"""A production's members (add, change role, remove; audited) and its audit log (with the hash
chain checked), for the roles that may manage members or read the log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from picturelock.api.deps import gate
from picturelock.domain.access import SCOPED_ROLES, Capability, Role
from picturelock.domain.errors import InvalidInput, NotFound
from picturelock.domain.findings import Problem
from picturelock.web.forms import FormValues
from picturelock.web.pages import page_extra, page_production, render

router = APIRouter()
ProductionId = Path(ge=1, le=2**31 - 1)
MEMBERS, AUDIT = Capability.MANAGE_MEMBERS, Capability.VIEW_AUDIT_LOG


def _members_page(request: Request, production_id: int, status: int = 200, **context: Any) -> Response:
    members = sorted(gate(request).accounts.members(production_id), key=lambda m: (m.role.value, m.user))
    context.setdefault("problems", [])
    context.setdefault("values", {})
    return render(
        request,
        "members.html",
        status,
        active="members",
        members=members,
        roles=list(Role),
        scoped_roles=SCOPED_ROLES,
        done=request.query_params.get("done"),
        **context,
    )


@router.get(
    "/productions/{production_id}/members", response_class=HTMLResponse, openapi_extra=page_extra(MEMBERS)
)
def members(request: Request, production_id: int = ProductionId) -> Response:
    """Who works on the production, in which role; forms to add, change and remove."""
    page_production(request, production_id, MEMBERS)
    return _members_page(request, production_id)


async def _change(request: Request, production_id: int, remove: bool) -> Response:
    form = await request.form()
    caller, _ = page_production(request, production_id, MEMBERS)
    values = FormValues(form)
    accounts = gate(request).accounts
    try:
        login = values.text("login", required=True, limit=320)
        role = values.text("role", required=not remove, limit=40)
        if role is not None and role not in {r.value for r in Role}:
            values.problems.append(
                Problem("form", "role", f"{role!r} is not a role", expected="one of the roles")
            )
        values.check()
        assert login is not None
        if remove:
            accounts.remove_member(caller.session, production_id, login)
        else:
            accounts.add_member(caller.session, production_id, login, role or "", values.text("organisation"))
    except InvalidInput as error:
        return _members_page(request, production_id, 422, problems=error.problems, values=values.raw)
    except NotFound as error:
        problem = Problem("form", "login", str(error), expected="the login of an existing account")
        return _members_page(request, production_id, 422, problems=[problem], values=values.raw)
    done = "removed" if remove else "saved"
    return RedirectResponse(f"/productions/{production_id}/members?done={done}", status_code=303)


@router.post(
    "/productions/{production_id}/members", response_class=HTMLResponse, openapi_extra=page_extra(MEMBERS)
)
async def save_member(request: Request, production_id: int = ProductionId) -> Response:
    """Make an account a member in a role, or change its role (audited)."""
    return await _change(request, production_id, remove=False)


@router.post(
    "/productions/{production_id}/members/remove",
    response_class=HTMLResponse,
    openapi_extra=page_extra(MEMBERS),
)
async def remove_member(request: Request, production_id: int = ProductionId) -> Response:
    """Take an account off the production (the last member who manages members stays)."""
    return await _change(request, production_id, remove=True)


@router.get(
    "/productions/{production_id}/audit", response_class=HTMLResponse, openapi_extra=page_extra(AUDIT)
)
def audit_log(request: Request, production_id: int = ProductionId) -> Response:
    """The audit log, newest first, and whether its hash chain is intact."""
    page_production(request, production_id, AUDIT)
    accounts = gate(request).accounts
    entries = list(reversed(accounts.audit_log(production_id)))
    return render(
        request, "audit.html", active="audit", entries=entries, broken=accounts.verify_audit(production_id)
    )
