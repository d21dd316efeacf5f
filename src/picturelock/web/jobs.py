"""The Jobs page of a production: start a levelling, an optimisation or a report; follow each job's
progress (the table polls itself every second while a job is queued or running); open a levelled
schedule's result or download a report; cancel a job that has not finished.

Routes carry no job id in their path: the result shown is `?show=ID`, a cancel names `job_id` in
its form (so the generated page tests can reach every route)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from picturelock.domain.access import Capability
from picturelock.domain.errors import InvalidInput, NotFound
from picturelock.domain.findings import Problem
from picturelock.services import jobs
from picturelock.services.job_kinds import MAX_TIME_LIMIT, MEDIA_TYPES
from picturelock.web.forms import FormValues
from picturelock.web.pages import may, page_extra, page_production, render

router = APIRouter()
ProductionId = Path(ge=1, le=2**31 - 1)
VIEW, RUN = Capability.VIEW_SCHEDULE, Capability.RUN_JOBS
WHAT = {  # form choice -> (kind, options it implies, label)
    "level": ("schedule", {"level": True}, "Level the schedule (heuristic, seconds)"),
    "optimise": ("schedule", {"optimise": True}, "Optimise the levelling (CP-SAT, up to the time limit)"),
    "report": ("report", {}, "Render a report"),
}


def _jobs_context(request: Request, production_id: int, member: Any) -> dict[str, Any]:
    listed = jobs.jobs_of(production_id, request.app.state.engine)
    return {
        "jobs": listed,
        "active_jobs": any(not job.finished for job in listed),
        "may_run": may(member, RUN),
        "formats": list(MEDIA_TYPES),
    }


def _page(request: Request, production_id: int, member: Any, status: int = 200, **context: Any) -> Response:
    context.setdefault("problems", [])
    context.setdefault("values", {})
    context.setdefault("notice", None)
    shown = None
    wanted = request.query_params.get("show", "")
    if wanted.isdigit() and 0 < int(wanted) < 2**31:
        try:
            shown = jobs.job(production_id, int(wanted), request.app.state.engine)
        except NotFound:
            shown = None
    return render(
        request,
        "jobs.html",
        status,
        active="jobs",
        shown=shown,
        choices=WHAT,
        max_time_limit=MAX_TIME_LIMIT,
        **_jobs_context(request, production_id, member),
        **context,
    )


@router.get("/productions/{production_id}/jobs", response_class=HTMLResponse, openapi_extra=page_extra(VIEW))
def jobs_page(request: Request, production_id: int = ProductionId) -> Response:
    _, member = page_production(request, production_id, VIEW)
    notice = None
    if request.query_params.get("started", "").isdigit():
        notice = f"Job {request.query_params['started']} started: its progress shows below."
    elif request.query_params.get("cancelled", "").isdigit():
        notice = f"Job {request.query_params['cancelled']} was cancelled."
    return _page(request, production_id, member, notice=notice)


@router.get(
    "/productions/{production_id}/jobs/table", response_class=HTMLResponse, openapi_extra=page_extra(VIEW)
)
def jobs_table(request: Request, production_id: int = ProductionId) -> Response:
    """The table alone: what the page polls while a job is queued or running."""
    _, member = page_production(request, production_id, VIEW)
    return render(request, "jobs_table.html", **_jobs_context(request, production_id, member))


def _submission(values: FormValues) -> tuple[str, dict[str, Any]]:
    what = values.text("what", required=True, limit=20) or ""
    if what not in WHAT:
        values.problems.append(Problem("form", "what", f"{what!r} is not a job", expected=", ".join(WHAT)))
        values.check()
    kind, implied, _ = WHAT[what]
    options: dict[str, Any] = dict(implied)
    time_limit = values.text("time_limit", limit=20)
    if what == "optimise" and time_limit is not None:
        options["time_limit"] = time_limit
    if what == "report":
        options["format"] = values.text("format", required=True, limit=10)
        options["level"] = values.flag("level")
    values.check()
    return kind, options


@router.post("/productions/{production_id}/jobs", response_class=HTMLResponse, openapi_extra=page_extra(RUN))
async def start_job(request: Request, production_id: int = ProductionId) -> Response:
    """Start a job from the form; back to the page, where its progress shows."""
    form = await request.form()
    caller, member = page_production(request, production_id, RUN)
    values = FormValues(form)
    try:
        kind, options = _submission(values)
        started = jobs.submit(kind, production_id, options, request.app.state.engine, by=caller.session.login)
    except InvalidInput as error:
        return _page(request, production_id, member, 422, problems=error.problems, values=values.raw)
    except jobs.QueueUnavailable as unavailable:
        problem = Problem("jobs", "queue", str(unavailable))
        return _page(request, production_id, member, 503, problems=[problem], values=values.raw)
    return RedirectResponse(f"/productions/{production_id}/jobs?started={started.id}", status_code=303)


@router.post(
    "/productions/{production_id}/jobs/cancel", response_class=HTMLResponse, openapi_extra=page_extra(RUN)
)
async def cancel_job(request: Request, production_id: int = ProductionId) -> Response:
    """Cancel the job named in the form (`job_id`)."""
    form = await request.form()
    caller, member = page_production(request, production_id, RUN)
    values = FormValues(form)
    try:
        job_id = values.integer("job_id", low=1, high=2**31 - 1, required=True)
        values.check()
        assert job_id is not None
        jobs.cancel(production_id, job_id, request.app.state.engine, by=caller.session.login)
    except InvalidInput as error:
        return _page(request, production_id, member, 422, problems=error.problems)
    except jobs.JobFinished as finished:
        return _page(request, production_id, member, 409, problems=[Problem("jobs", "job_id", str(finished))])
    return RedirectResponse(f"/productions/{production_id}/jobs?cancelled={job_id}", status_code=303)
