"""Background jobs of a production: start one (202), follow its progress, fetch its result or file,
cancel it. Running a job needs `run_jobs`; seeing jobs and their results needs `view_schedule`."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from picturelock.api.deps import Caller, allowed, capability_extra, signed_in
from picturelock.api.errors import ApiError, ErrorOut
from picturelock.domain.access import Capability
from picturelock.services import jobs
from picturelock.services.job_kinds import MAX_TIME_LIMIT

router = APIRouter(tags=["jobs"])
RUN = Capability.RUN_JOBS
VIEW = Capability.VIEW_SCHEDULE
JOB_ID = Path(ge=1, le=2**31 - 1, description="The job's id.")


class JobKindName(StrEnum):
    schedule = "schedule"
    report = "report"


class ReportFormat(StrEnum):
    xml = "xml"
    ics = "ics"
    csv = "csv"
    xlsx = "xlsx"
    svg = "svg"
    png = "png"


class JobOptions(BaseModel):
    """Options of a job; each kind takes its own (a report takes `format` and the rest)."""

    model_config = ConfigDict(extra="forbid")
    level: bool | None = Field(None, description="Level resources (a schedule job does by default).")
    optimise: bool | None = Field(None, description="Level with the CP-SAT optimiser.")
    time_limit: float | None = Field(
        None, gt=0, le=MAX_TIME_LIMIT, description="Seconds the optimiser may take (default 10)."
    )
    as_of: date | None = Field(None, description="Status date for progress (default: the plan's).")
    format: ReportFormat | None = Field(None, description="Report: the file to render.")
    person: str | None = Field(None, max_length=200, description="Report (ics): only this person's tasks.")
    resource: str | None = Field(None, max_length=200, description="Report (ics): only this resource.")
    today: date | None = Field(None, description="Report (Gantt): the today line.")
    baseline: str | None = Field(None, max_length=200, description="Report: the baseline to compare.")


class JobRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: JobKindName
    options: JobOptions | None = None


class ProblemOut(BaseModel):
    place: str
    field: str
    message: str
    line: int | None = None
    expected: str = ""


class JobOut(BaseModel):
    id: int
    production_id: int
    kind: str
    options: dict[str, Any]
    state: str = Field(description="queued, running, done, failed or cancelled")
    progress: float = Field(description="0..1")
    message: str
    result: dict[str, Any] | None = Field(description="A done job's result (not in lists).")
    problems: list[ProblemOut] = Field(description="Why a failed job failed.")
    output_name: str | None
    output_media_type: str | None
    output_size: int | None
    submitted_by: str | None
    submitted_at: str | None
    started_at: str | None
    finished_at: str | None
    worker: str | None
    attempts: int


def _db(request: Request) -> Any:
    return request.app.state.engine


@router.post(
    "/productions/{production_id}/jobs",
    operation_id="submit_job",
    status_code=202,
    response_model=JobOut,
    responses={422: {"model": ErrorOut}},
    openapi_extra=capability_extra(RUN),
)
def submit_job(
    request: Request,
    body: JobRequest,
    production_id: int = Depends(allowed(RUN)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Start a job (levelling or optimising the schedule, or rendering a report); it runs in the
    background: follow it at `GET .../jobs/{job_id}`."""
    options = body.options.model_dump(exclude_none=True, mode="json") if body.options else {}
    try:
        view = jobs.submit(body.kind.value, production_id, options, _db(request), by=caller.session.login)
    except jobs.QueueUnavailable as unavailable:
        raise ApiError(503, str(unavailable), code="queue_unavailable") from None
    return view.to_json()


@router.get(
    "/productions/{production_id}/jobs",
    operation_id="list_jobs",
    response_model=list[JobOut],
    openapi_extra=capability_extra(VIEW),
)
def list_jobs(request: Request, production_id: int = Depends(allowed(VIEW))) -> Any:
    """The production's newest jobs (at most 100), newest first, without their results."""
    return [view.to_json(with_result=False) for view in jobs.jobs_of(production_id, _db(request))]


@router.get(
    "/productions/{production_id}/jobs/{job_id}",
    operation_id="get_job",
    response_model=JobOut,
    openapi_extra=capability_extra(VIEW),
)
def get_job(request: Request, job_id: int = JOB_ID, production_id: int = Depends(allowed(VIEW))) -> Any:
    """One job: state, progress, message; its result once done, its problems if it failed."""
    return jobs.job(production_id, job_id, _db(request)).to_json()


@router.get(
    "/productions/{production_id}/jobs/{job_id}/output",
    operation_id="job_output",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
    openapi_extra=capability_extra(VIEW),
)
def job_output(
    request: Request, job_id: int = JOB_ID, production_id: int = Depends(allowed(VIEW))
) -> Response:
    """The file a done report job rendered (404 until there is one)."""
    data, name, media_type = jobs.output(production_id, job_id, _db(request))
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, media_type=media_type, headers=headers)


@router.delete(
    "/productions/{production_id}/jobs/{job_id}",
    operation_id="cancel_job",
    response_model=JobOut,
    responses={409: {"model": ErrorOut}},
    openapi_extra=capability_extra(RUN),
)
def cancel_job(
    request: Request,
    job_id: int = JOB_ID,
    production_id: int = Depends(allowed(RUN)),
    caller: Caller = Depends(signed_in),
) -> Any:
    """Cancel a queued job (it will not run) or a running one (its result is dropped); 409 if it
    has already finished."""
    try:
        return jobs.cancel(production_id, job_id, _db(request), by=caller.session.login).to_json()
    except jobs.JobFinished as finished:
        raise ApiError(409, str(finished), code="conflict") from None


def install(app: FastAPI) -> None:
    """Start the app's own job workers with the app, and stop them with it (PICTURELOCK_JOBS=app)."""
    from picturelock.services import job_workers

    def start() -> None:
        app.state.job_workers = job_workers.start_in_app(app.state.engine)

    def stop() -> None:
        workers = getattr(app.state, "job_workers", None)
        if workers is not None:
            workers.stop()
        job_workers.close_queue()

    app.router.add_event_handler("startup", start)
    app.router.add_event_handler("shutdown", stop)
