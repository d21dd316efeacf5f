"""Background jobs: long work (levelling with the optimiser, report rendering, later media QC) run
away from the request that asked for it, with its progress, result and output kept in the jobs table.

    view = submit("schedule", production_id, {"optimise": True, "time_limit": 60}, db, by="maya")
    job(production_id, view.id, db).state        # queued | running | done | failed | cancelled
    job(production_id, view.id, db).result       # the schedule document, once done

Who runs them (docs/jobs.md): by default a small pool inside the app (`job_workers.InAppWorkers`);
with PICTURELOCK_JOBS=queue, `picturelock worker` processes on any machine, fed through a
procrastinate queue on PostgreSQL. The table is the record either way. Kinds are a registry:
`register(JobKind(...))` adds one (job_kinds.py holds "schedule" and "report").
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from picturelock.adapters.db import jobs as store
from picturelock.adapters.db.engine import make_engine
from picturelock.adapters.db.repository import when
from picturelock.domain.errors import DomainError, InvalidInput, NotFound
from picturelock.domain.findings import Problem
from picturelock.services import productions

MODE_ENV = "PICTURELOCK_JOBS"  # "app" (default): workers in the app; "queue": procrastinate workers
STATES = ("queued", "running", "done", "failed", "cancelled")


class JobFinished(DomainError):
    """A job that has already finished cannot be cancelled."""


class QueueUnavailable(DomainError):
    """The job could not be handed to the queue (the job is marked failed)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a finished job leaves: a result (JSON-able), and the bytes of a file it made, if any."""

    result: dict[str, Any]
    output: bytes | None = None
    output_name: str | None = None
    output_media_type: str | None = None


@dataclass(frozen=True, slots=True)
class JobKind:
    """One kind of job: `check` turns submitted options into the options kept (InvalidInput naming
    every wrong one); `run(work)` does the work, reporting progress through `work.progress`."""

    name: str
    title: str
    check: Callable[[Mapping[str, Any]], dict[str, Any]]
    run: Callable[[Any], Outcome]


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    KINDS[kind.name] = kind
    return kind


def kind_of(name: str) -> JobKind:
    from picturelock.services import job_kinds  # noqa: F401  (registers the built-in kinds)

    if name not in KINDS:
        expected = "one of " + ", ".join(sorted(KINDS))
        raise InvalidInput([Problem("job", "kind", f"{name!r} is not a kind of job", expected=expected)])
    return KINDS[name]


@dataclass(frozen=True, slots=True)
class JobView:
    """A job as users see it."""

    id: int
    production_id: int
    kind: str
    options: dict[str, Any]
    state: str
    progress: float
    message: str
    result: dict[str, Any] | None
    problems: list[dict[str, Any]]
    output_name: str | None
    output_media_type: str | None
    output_size: int | None
    submitted_by: str | None
    submitted_at: str | None
    started_at: str | None
    finished_at: str | None
    worker: str | None
    attempts: int

    @property
    def finished(self) -> bool:
        return self.state in store.FINISHED

    def to_json(self, *, with_result: bool = True) -> dict[str, Any]:
        data = asdict(self)
        if not with_result:
            data["result"] = None
        return data


def _iso(moment: datetime | None) -> str | None:
    return when(moment)


def view(record: store.JobRecord) -> JobView:
    return JobView(
        id=record.id,
        production_id=record.production_id,
        kind=record.kind,
        options=json.loads(record.options),
        state=record.state,
        progress=round(float(record.progress), 4),
        message=record.message,
        result=None if record.result is None else json.loads(record.result),
        problems=[] if record.error is None else json.loads(record.error),
        output_name=record.output_name,
        output_media_type=record.output_media_type,
        output_size=record.output_size,
        submitted_by=record.submitted_by,
        submitted_at=_iso(record.submitted_at),
        started_at=_iso(record.started_at),
        finished_at=_iso(record.finished_at),
        worker=record.worker,
        attempts=record.attempts,
    )


@contextmanager
def engine_of(db: productions.Database) -> Iterator[sa.Engine]:
    """The caller's engine, or one made for a URL or path and disposed of afterwards."""
    engine = db if isinstance(db, sa.Engine) else make_engine(db)
    try:
        yield engine
    finally:
        if engine is not db:
            engine.dispose()


def mode() -> str:
    """Who runs jobs: "app" (a pool in each app process) or "queue" (`picturelock worker`s)."""
    chosen = os.environ.get(MODE_ENV, "").strip().lower() or "app"
    if chosen not in ("app", "queue"):
        raise InvalidInput([Problem("environment", MODE_ENV, f"is {chosen!r}", expected="app or queue")])
    return chosen


def check_mode(db: productions.Database) -> None:
    """Refuse, before a server starts, a job mode the database cannot carry (the queue needs PostgreSQL)."""
    url = str(db.url) if isinstance(db, sa.Engine) else str(db)
    if mode() == "queue" and not url.startswith(("postgresql", "postgres:")):
        expected = "a PostgreSQL database (--db postgresql://...), or PICTURELOCK_JOBS=app"
        raise InvalidInput([Problem("environment", MODE_ENV, "is 'queue'", expected=expected)])


def submit(
    kind: str, production_id: int, options: Mapping[str, Any], db: productions.Database, *, by: str | None
) -> JobView:
    """Queue a job of `kind` on the production; it runs in the background. InvalidInput names every
    wrong option; NotFound for a production that does not exist."""
    spec = kind_of(kind)
    checked = spec.check(options)
    text = json.dumps(checked, sort_keys=True, default=str)
    with engine_of(db) as engine:
        productions.production_version(production_id, engine)
        job_id = store.add(engine, production_id, spec.name, text, by, store.utc_now())
        _dispatch(engine, job_id)
        return job(production_id, job_id, engine)


def _dispatch(engine: sa.Engine, job_id: int) -> None:
    if mode() == "app":
        wake.set()
        return
    from picturelock.adapters import job_queue

    try:
        job_queue.defer(engine.url, job_id)
    except Exception as error:
        store.claim(engine, job_id, "queue", store.utc_now())
        message = "the job queue could not be reached; try again later"
        store.finish(engine, job_id, "failed", store.utc_now(), message=message, error=_problems_json([]))
        raise QueueUnavailable(message) from error


def job(production_id: int, job_id: int, db: productions.Database) -> JobView:
    """One job of the production; NotFound if it has no such job."""
    with engine_of(db) as engine:
        record = store.get(engine, job_id, production_id)
    if record is None:
        raise NotFound(f"job {job_id} of production {production_id}")
    return view(record)


def jobs_of(production_id: int, db: productions.Database) -> list[JobView]:
    """The production's newest jobs (at most 100), newest first."""
    with engine_of(db) as engine:
        return [view(record) for record in store.of_production(engine, production_id)]


def cancel(production_id: int, job_id: int, db: productions.Database, *, by: str | None) -> JobView:
    """Cancel a queued job (it will not run) or a running one (its result is dropped; the work stops
    at its next step). JobFinished for one that is done or failed; a cancelled one stays so."""
    with engine_of(db) as engine:
        found = job(production_id, job_id, engine)
        if found.state == "cancelled":
            return found
        if not store.cancel(engine, production_id, job_id, by, store.utc_now()):
            state = job(production_id, job_id, engine).state
            if state != "cancelled":
                raise JobFinished(f"job {job_id} has already finished ({state}): there is nothing to cancel")
        return job(production_id, job_id, engine)


def output(production_id: int, job_id: int, db: productions.Database) -> tuple[bytes, str, str]:
    """The file a done job made: bytes, file name, media type. NotFound when there is none (yet)."""
    with engine_of(db) as engine:
        found = store.output(engine, production_id, job_id)
    if found is None:
        raise NotFound(f"the output of job {job_id} of production {production_id}")
    return found


def _problems_json(problems: list[Problem]) -> str:
    return json.dumps([asdict(problem) for problem in problems])


# In-app workers of this process wait on this; `submit` sets it so a new job starts at once.
wake = threading.Event()
