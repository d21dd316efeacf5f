"""The caller's productions (/), and a new production from an uploaded file (/productions/new)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from picturelock.api.deps import gate
from picturelock.domain.access import Capability
from picturelock.services import productions
from picturelock.web.pages import page_caller, render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    """Every production the caller may see, newest change first, with their role in each."""
    caller = page_caller(request)
    roles = {m.production: m for m in gate(request).accounts.memberships(caller.session)}
    mine = gate(request).visible(caller.session, Capability.VIEW_SCHEDULE)
    held = [s for s in productions.list_productions(request.app.state.engine) if s.id in mine]
    return render(request, "home.html", productions=held, roles=roles)
