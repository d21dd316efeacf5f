"""The jobs table: add, read, claim, report progress, finish, cancel, recover from dead workers.

Each function is one short transaction on `engine`. State changes are guarded by the state they
expect (`... WHERE state = 'running'`), so two workers never both run a job, a cancelled job's
late result is dropped, and progress stops being written once a job is no longer running.
Claiming takes the oldest queued job with one UPDATE; on PostgreSQL the inner SELECT skips rows
another worker has locked (FOR UPDATE SKIP LOCKED), on SQLite the database serialises writers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from picturelock.adapters.db.jobs_tables import jobs

Clock = Callable[[], datetime]
ACTIVE = ("queued", "running")
FINISHED = ("done", "failed", "cancelled")
LISTED = 100  # the newest jobs listed per production


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class JobRecord:
    """A job as the table holds it, without its output bytes (read those with `output`)."""

    id: int
    production_id: int
    kind: str
    options: str
    state: str
    progress: float
    message: str
    result: str | None
    error: str | None
    output_name: str | None
    output_media_type: str | None
    output_size: int | None
    submitted_by: str | None
    submitted_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    heartbeat_at: datetime | None
    worker: str | None
    attempts: int


c = jobs.c
_COLUMNS = (
    c.id, c.production_id, c.kind, c.options, c.state, c.progress, c.message, c.result, c.error,
    c.output_name, c.output_media_type, sa.func.length(c.output).label("output_size"), c.submitted_by,
    c.submitted_at, c.started_at, c.finished_at, c.heartbeat_at, c.worker, c.attempts,
)  # fmt: skip


def _record(row: Any) -> JobRecord:
    return JobRecord(**row._mapping)


def add(engine: sa.Engine, production_id: int, kind: str, options: str, by: str | None, now: datetime) -> int:
    """A new queued job; its id."""
    values = {"production_id": production_id, "kind": kind, "options": options, "state": "queued"}
    with engine.begin() as db:
        inserted = db.execute(
            sa.insert(jobs).values(**values, submitted_by=by, submitted_at=now, message="queued")
        )
        key = inserted.inserted_primary_key
        assert key is not None
        return int(key[0])


def get(engine: sa.Engine, job_id: int, production_id: int | None = None) -> JobRecord | None:
    where = [c.id == job_id] + ([c.production_id == production_id] if production_id is not None else [])
    with engine.connect() as db:
        row = db.execute(sa.select(*_COLUMNS).where(*where)).first()
    return None if row is None else _record(row)


def of_production(engine: sa.Engine, production_id: int, limit: int = LISTED) -> list[JobRecord]:
    """The production's newest jobs, newest first."""
    query = sa.select(*_COLUMNS).where(c.production_id == production_id).order_by(c.id.desc()).limit(limit)
    with engine.connect() as db:
        return [_record(row) for row in db.execute(query)]


def output(engine: sa.Engine, production_id: int, job_id: int) -> tuple[bytes, str, str] | None:
    """The bytes, file name and media type a done job made, or None."""
    query = sa.select(c.output, c.output_name, c.output_media_type).where(
        c.id == job_id, c.production_id == production_id, c.state == "done", c.output.is_not(None)
    )
    with engine.connect() as db:
        row = db.execute(query).first()
    if row is None:
        return None
    return bytes(row.output), str(row.output_name), str(row.output_media_type)


def _start(worker: str, now: datetime) -> dict[str, object]:
    return {
        "state": "running",
        "worker": worker,
        "started_at": now,
        "heartbeat_at": now,
        "attempts": c.attempts + 1,
        "progress": 0.0,
        "message": "started",
    }


def claim_next(engine: sa.Engine, worker: str, now: datetime) -> int | None:
    """Take the oldest queued job for `worker`; its id, or None when none waits."""
    oldest = sa.select(c.id).where(c.state == "queued").order_by(c.id).limit(1)
    if engine.dialect.name == "postgresql":
        oldest = oldest.with_for_update(skip_locked=True)
    statement = (
        sa.update(jobs)
        .where(c.id == oldest.scalar_subquery(), c.state == "queued")
        .values(**_start(worker, now))
        .returning(c.id)
    )
    with engine.begin() as db:
        taken = db.execute(statement).scalar()
    return None if taken is None else int(taken)


def claim(engine: sa.Engine, job_id: int, worker: str, now: datetime) -> bool:
    """Take job `job_id` if it is still queued."""
    statement = sa.update(jobs).where(c.id == job_id, c.state == "queued").values(**_start(worker, now))
    with engine.begin() as db:
        return db.execute(statement).rowcount == 1


def report(engine: sa.Engine, job_id: int, progress: float, message: str, now: datetime) -> bool:
    """Write a running job's progress (and its heartbeat); False once it is no longer running."""
    statement = (
        sa.update(jobs)
        .where(c.id == job_id, c.state == "running")
        .values(progress=progress, message=message, heartbeat_at=now)
    )
    with engine.begin() as db:
        return db.execute(statement).rowcount == 1


def finish(engine: sa.Engine, job_id: int, state: str, now: datetime, **values: object) -> bool:
    """End a running job as `state` ("done" or "failed") with its result, output or error."""
    if state not in ("done", "failed"):
        raise ValueError(f"a running job ends done or failed, not {state}")
    statement = (
        sa.update(jobs)
        .where(c.id == job_id, c.state == "running")
        .values(state=state, finished_at=now, heartbeat_at=now, **values)
    )
    with engine.begin() as db:
        return db.execute(statement).rowcount == 1


def cancel(engine: sa.Engine, production_id: int, job_id: int, by: str | None, now: datetime) -> bool:
    """Cancel a queued or running job; False when it had already finished (or does not exist)."""
    statement = (
        sa.update(jobs)
        .where(c.id == job_id, c.production_id == production_id, c.state.in_(ACTIVE))
        .values(state="cancelled", finished_at=now, message=f"cancelled by {by}" if by else "cancelled")
    )
    with engine.begin() as db:
        return db.execute(statement).rowcount == 1


def recover(engine: sa.Engine, silent_for: timedelta, max_attempts: int, now: datetime) -> list[int]:
    """Jobs whose worker has been silent for `silent_for`: queued again while they have attempts
    left, else failed. The ids queued again (a queue must be told about them)."""
    silent = sa.and_(c.state == "running", c.heartbeat_at < now - silent_for)
    with engine.begin() as db:
        again = db.execute(
            sa.update(jobs)
            .where(silent, c.attempts < max_attempts)
            .values(state="queued", progress=0.0, message="queued again: the worker running it stopped")
            .returning(c.id)
        ).scalars()
        requeued = sorted(int(job_id) for job_id in again)
        db.execute(
            sa.update(jobs)
            .where(silent, c.attempts >= max_attempts)
            .values(
                state="failed",
                finished_at=now,
                message=f"the worker running it stopped, {max_attempts} times: not tried again",
            )
        )
    return requeued
