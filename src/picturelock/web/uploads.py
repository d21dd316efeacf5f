"""Uploads from pages: a new production from a plan file or MS Project XML (/productions/new), and
a newer file replacing the plan of a production (/productions/ID/plan), checked against the
version the uploader saw. A bad file lists every problem and stores nothing; too large is refused.
"""

from __future__ import annotations

from typing import Any, cast

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile as StarletteUpload

from picturelock.api.deps import gate
from picturelock.api.errors import ApiError
from picturelock.api.uploads import plan_suffix, save_upload
from picturelock.api.work import renamed, scratch
from picturelock.domain.access import Capability
from picturelock.domain.errors import DependencyLoop, EditConflict, InvalidInput, UnsupportedFormat
from picturelock.domain.findings import Problem
from picturelock.domain.plan import Plan
from picturelock.services import editing, productions
from picturelock.services.plans import PLAN_SUFFIXES, read_plan
from picturelock.web.forms import FormValues
from picturelock.web.pages import may, page_caller, page_extra, page_production, render

router = APIRouter()
ProductionId = Path(ge=1, le=2**31 - 1)
ACCEPT = ",".join(PLAN_SUFFIXES)


class Refused(Exception):
    """An upload refused: the status to answer, a message and the problems to list."""

    def __init__(self, status: int, message: str, problems: Any = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems = list(problems)


async def uploaded_plan(request: Request, file: object) -> tuple[Plan, list[str]]:
    """The plan in the uploaded file and its import warnings; Refused naming every problem."""
    if not isinstance(file, StarletteUpload) or not file.filename:
        raise Refused(422, "choose a file to upload (a plan file or MS Project XML)")
    try:
        suffix = plan_suffix(file.filename)
        with scratch() as folder:
            temp = folder / f"upload{suffix}"
            await save_upload(cast(Any, file), temp, request.app.state.max_upload_bytes)
            try:
                plan, warnings = read_plan(temp)
            except InvalidInput as error:
                raise renamed(error, temp, file.filename or "upload") from None
    except ApiError as error:
        raise Refused(error.status, error.message, error.problems) from None
    except (InvalidInput, DependencyLoop) as error:
        problems = error.problems if isinstance(error, InvalidInput) else [Problem("plan", "", str(error))]
        raise Refused(422, f"{len(problems)} problem(s) in the file; nothing was saved", problems) from None
    except UnsupportedFormat as error:
        raise Refused(415, str(error)) from None
    return plan, [str(w) for w in warnings]


@router.get("/productions/new", response_class=HTMLResponse)
def new_production_form(request: Request) -> Response:
    page_caller(request)
    return render(request, "upload.html", accept=ACCEPT, refused=None)


@router.post("/productions/new", response_class=HTMLResponse)
async def new_production(request: Request) -> Response:
    """Hold the uploaded plan as a new production with the caller as producer; its dashboard."""
    form = await request.form()
    caller = page_caller(request)
    try:
        plan, _warnings = await uploaded_plan(request, form.get("file"))
    except Refused as refused:
        return render(request, "upload.html", refused.status, accept=ACCEPT, refused=refused)
    production_id = gate(request).import_as_producer(caller.session, plan)
    return RedirectResponse(f"/productions/{production_id}", status_code=303)


def _plan_page(request: Request, production_id: int, status: int = 200, **context: Any) -> Response:
    held = productions.get_production(production_id, request.app.state.engine)
    member = request.state.page_membership
    context.setdefault("refused", None)
    context.setdefault("conflict", None)
    context.setdefault("saved", None)
    return render(
        request,
        "plan_file.html",
        status,
        active="plan",
        accept=ACCEPT,
        held=held,
        may_edit=may(member, Capability.EDIT_SCHEDULE),
        **context,
    )


@router.get(
    "/productions/{production_id}/plan",
    response_class=HTMLResponse,
    openapi_extra=page_extra(Capability.VIEW_SCHEDULE),
)
def plan_file(request: Request, production_id: int = ProductionId, saved: int | None = None) -> Response:
    """The production's plan file: its version, a download, and (for editors) a newer file to upload."""
    page_production(request, production_id, Capability.VIEW_SCHEDULE)
    return _plan_page(request, production_id, saved=saved)


@router.post(
    "/productions/{production_id}/plan",
    response_class=HTMLResponse,
    openapi_extra=page_extra(Capability.EDIT_SCHEDULE),
)
async def replace_plan(request: Request, production_id: int = ProductionId) -> Response:
    """Replace the whole plan if the production is still at the version the uploader saw."""
    form = await request.form()
    caller, _ = page_production(request, production_id, Capability.EDIT_SCHEDULE)
    values = FormValues(form)
    try:
        expected_version = values.version()
        values.check()
        assert expected_version is not None
        plan, _warnings = await uploaded_plan(request, form.get("file"))
        version = editing.replace_plan(
            production_id, plan, expected_version, request.app.state.engine, by=caller.session.login
        )
    except Refused as refused:
        return _plan_page(request, production_id, refused.status, refused=refused)
    except EditConflict as conflict:
        return _plan_page(request, production_id, 409, conflict=conflict)
    except InvalidInput as error:
        message = f"{len(error.problems)} problem(s) in the plan; nothing was saved"
        return _plan_page(request, production_id, 422, refused=Refused(422, message, error.problems))
    return RedirectResponse(f"/productions/{production_id}/plan?saved={version}", status_code=303)
