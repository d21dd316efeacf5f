"""Run one claimed job: the work, its progress written as it goes, and how it ends.

`execute(job_id, engine, worker)` is what every worker calls (a process of the app's pool, or a
`picturelock worker`) once it has claimed the job. Progress is written by a ticker thread at most
TICKS_PER_SECOND times a second (only when it changed), with a heartbeat every HEARTBEAT_SECONDS
so a job whose worker died is noticed (and a job learns it was cancelled: its next step stops
it). A step that lasts a known time (the optimiser's time limit) moves the bar with the clock.
A job that raises a DomainError ends failed with its problems; one that crashes ends failed with
a generic message, the error going to the log, never to users.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlalchemy as sa

from picturelock.adapters.db import jobs as store
from picturelock.domain.errors import DomainError, InvalidInput
from picturelock.domain.findings import Problem
from picturelock.services.jobs import Outcome, kind_of

log = logging.getLogger("picturelock.jobs")
TICKS_PER_SECOND = 4
HEARTBEAT_SECONDS = 1.0  # also how soon a running job learns it was cancelled
CRASHED = "the job stopped on an unexpected error; it is in the server's log"


class JobCancelled(Exception):
    """The job was cancelled while it ran: stop, keep nothing."""


@dataclass
class Work:
    """What a kind's `run` gets: the job's production and options, the database, and `progress`."""

    job_id: int
    production_id: int
    options: dict[str, Any]
    engine: sa.Engine
    _reporter: Reporter = field(repr=False)

    def progress(self, fraction: float, message: str, *, until: float | None = None, over: float = 0) -> None:
        """Say where the job is (0..1). With `until` and `over`, the bar moves on by itself from
        `fraction` to `until` over `over` seconds (a step whose length is known, not its progress).
        Raises JobCancelled once the job has been cancelled."""
        self._reporter.set(fraction, message, until, over)


class Reporter:
    """Holds the latest progress; a ticker thread writes it (and the heartbeat) to the table."""

    def __init__(self, engine: sa.Engine, job_id: int) -> None:
        self.engine, self.job_id = engine, job_id
        self._lock = threading.Lock()
        self._state: tuple[float, str, float | None, float, float] = (0.0, "started", None, 0.0, 0.0)
        self._written: tuple[float, str] | None = None
        self._beat = time.monotonic()
        self.cancelled = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, name=f"job-{job_id}-progress", daemon=True)

    def __enter__(self) -> Reporter:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def set(self, fraction: float, message: str, until: float | None, over: float) -> None:
        if self.cancelled.is_set():
            raise JobCancelled
        with self._lock:
            self._state = (min(max(fraction, 0.0), 1.0), message, until, over, time.monotonic())

    def now(self) -> tuple[float, str]:
        with self._lock:
            fraction, message, until, over, since = self._state
        if until is not None and over > 0:
            share = min(1.0, (time.monotonic() - since) / over)
            fraction += (until - fraction) * share
        return round(fraction, 3), message

    def _tick(self) -> None:
        while not self._stop.wait(1 / TICKS_PER_SECOND):
            self.write()

    def write(self) -> None:
        """Write the progress if it changed, or the heartbeat when it is due."""
        current = self.now()
        due = time.monotonic() - self._beat >= HEARTBEAT_SECONDS
        if current == self._written and not due:
            return
        try:
            running = store.report(self.engine, self.job_id, current[0], current[1], store.utc_now())
        except sa.exc.SQLAlchemyError:
            log.warning("job %s: progress not written (database busy)", self.job_id, exc_info=True)
            return
        self._written, self._beat = current, time.monotonic()
        if not running:
            self.cancelled.set()


def execute(job_id: int, engine: sa.Engine, worker: str) -> str:
    """Run the claimed job `job_id` to its end; the state it ended in."""
    record = store.get(engine, job_id)
    if record is None or record.state != "running":
        return record.state if record else "gone"
    log.info("job %s (%s) of production %s started by %s", job_id, record.kind, record.production_id, worker)
    with Reporter(engine, job_id) as reporter:
        try:
            kind = kind_of(record.kind)
            work = Work(job_id, record.production_id, json.loads(record.options), engine, reporter)
            outcome = kind.run(work)
        except JobCancelled:
            return "cancelled"
        except InvalidInput as error:
            return _fail(engine, job_id, "the job's input has problems", list(error.problems))
        except DomainError as error:
            return _fail(engine, job_id, str(error), [Problem("job", record.kind, str(error))])
        except Exception:
            log.exception("job %s (%s) of production %s crashed", job_id, record.kind, record.production_id)
            return _fail(engine, job_id, CRASHED, [])
    return _done(engine, job_id, outcome)


def _done(engine: sa.Engine, job_id: int, outcome: Outcome) -> str:
    ended = store.finish(
        engine,
        job_id,
        "done",
        store.utc_now(),
        progress=1.0,
        message="done",
        result=json.dumps(outcome.result, default=str),
        output=outcome.output,
        output_name=outcome.output_name,
        output_media_type=outcome.output_media_type,
    )
    return "done" if ended else "cancelled"


def _fail(engine: sa.Engine, job_id: int, message: str, problems: list[Problem]) -> str:
    error = json.dumps([asdict(problem) for problem in problems])
    ended = store.finish(engine, job_id, "failed", store.utc_now(), message=message, error=error)
    return "failed" if ended else "cancelled"


def fail_crashed(engine: sa.Engine, job_id: int) -> None:
    """End a job whose process died under it (the pool saw it go)."""
    _fail(engine, job_id, CRASHED, [])
