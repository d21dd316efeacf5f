"""Who runs jobs: a pool inside the app (one machine), or `picturelock worker` processes (many).

In the app (PICTURELOCK_JOBS=app, the default): `InAppWorkers(engine).start()` starts threads
that claim queued jobs from the table and run each in a process pool, so CPU-heavy levelling
never stalls the web. PICTURELOCK_JOB_WORKERS sets their number (default: half the cores, at
least 1; 0 runs none here). On a queue (PICTURELOCK_JOBS=queue): the app only defers, and
`serve_queue(url)` (what `picturelock worker` runs) claims and runs each job it is handed.

Either way, jobs whose worker stopped answering (no heartbeat for PICTURELOCK_JOB_SILENT_SECONDS,
default 60) are queued again, once; a job whose worker stops a second time ends failed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext

from picturelock.adapters.db import jobs as store
from picturelock.adapters.db.engine import make_engine
from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem
from picturelock.services import jobs, productions
from picturelock.services.job_run import execute, fail_crashed

log = logging.getLogger("picturelock.jobs")
WORKERS_ENV = "PICTURELOCK_JOB_WORKERS"
SILENT_ENV = "PICTURELOCK_JOB_SILENT_SECONDS"
MAX_ATTEMPTS = 2  # a job is started at most this often (its worker may die once)
IDLE_WAIT = 1.0  # seconds an idle worker waits between looks at the table
RECOVER_EVERY = 10.0  # seconds between looks for jobs whose worker went silent (at most)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _env_number(name: str, default: float, low: float, high: float) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        expected = f"a number from {low:g} to {high:g}"
        raise InvalidInput([Problem("environment", name, f"is {text!r}", expected=expected)])
    return value


def pool_size() -> int:
    """In-app workers: $PICTURELOCK_JOB_WORKERS, else half the cores (at least 1)."""
    return int(_env_number(WORKERS_ENV, max(1, (os.cpu_count() or 2) // 2), 0, 64))


def silent_for() -> timedelta:
    return timedelta(seconds=_env_number(SILENT_ENV, 60.0, 1.0, 86_400.0))


def recover_every() -> float:
    """Seconds between looks for silent workers: often enough to notice one within `silent_for`."""
    return min(RECOVER_EVERY, silent_for().total_seconds() / 2)


def recover(engine: sa.Engine) -> list[int]:
    """Queue again (or fail) the jobs whose worker went silent; the ids queued again."""
    requeued = store.recover(engine, silent_for(), MAX_ATTEMPTS, store.utc_now())
    for job_id in requeued:
        log.warning("job %s: its worker stopped answering; queued again", job_id)
    return requeued


# --- in the app ----------------------------------------------------------------------------------

_engines: dict[str, sa.Engine] = {}


def run_in_child(job_id: int, url: str, worker: str) -> str:
    """In a pool process: run a job claimed by the parent (one engine per process and database)."""
    engine = _engines.get(url)
    if engine is None:
        engine = _engines[url] = make_engine(url, poolclass=sa.pool.NullPool)
    return execute(job_id, engine, worker)


class InAppWorkers:
    """Threads that claim jobs and run them in a process pool, inside a running app."""

    def __init__(self, engine: sa.Engine, size: int | None = None) -> None:
        self.engine = engine
        self.size = pool_size() if size is None else size
        self.url = engine.url.render_as_string(hide_password=False)
        self.name = worker_name()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def start(self) -> None:
        if self.size == 0 or self._threads:
            return
        for number in range(self.size):
            thread = threading.Thread(target=self._loop, args=(number,), name=f"jobs-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)
        log.info("%s in-app job worker(s) started", self.size)

    def stop(self) -> None:
        self._stop.set()
        jobs.wake.set()
        for thread in self._threads:
            thread.join(timeout=2)
        self._threads.clear()
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None

    def _loop(self, number: int) -> None:
        every = recover_every()
        since_recovery = every if number == 0 else -1.0
        while not self._stop.is_set():
            try:
                if number == 0 and since_recovery >= every:
                    recover(self.engine)
                    since_recovery = 0.0
                job_id = store.claim_next(self.engine, self.name, store.utc_now())
            except sa.exc.SQLAlchemyError:
                log.warning("job worker: the database did not answer", exc_info=True)
                job_id = None
            if job_id is None:
                jobs.wake.wait(IDLE_WAIT)
                jobs.wake.clear()
                since_recovery += IDLE_WAIT if number == 0 else 0
                continue
            self._run(job_id)

    def _run(self, job_id: int) -> None:
        try:
            future: Future[str] = self._executor().submit(run_in_child, job_id, self.url, self.name)
            future.result()
        except Exception:
            log.exception("job %s: the process running it stopped", job_id)
            fail_crashed(self.engine, job_id)
            self._drop_pool()

    def _executor(self) -> ProcessPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                context: Any = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(max_workers=self.size, mp_context=context)
            return self._pool

    def _drop_pool(self) -> None:
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None


def start_in_app(engine: sa.Engine) -> InAppWorkers | None:
    """Start the app's own workers unless jobs go to a queue (then check the queue can be used)."""
    if jobs.mode() == "queue":
        if engine.dialect.name != "postgresql":
            raise InvalidInput(
                [Problem("environment", jobs.MODE_ENV, "is 'queue'", expected="a PostgreSQL database")]
            )
        return None
    workers = InAppWorkers(engine)
    workers.start()
    return workers


def close_queue() -> None:
    """Close the connections this process opened to hand jobs to the queue (at the app's shutdown)."""
    from picturelock.adapters import job_queue

    job_queue.close()


# --- on a queue (`picturelock worker`) -----------------------------------------------------------


def serve_queue(url: str, *, concurrency: int = 1) -> None:
    """Run jobs handed out by the queue on `url` until stopped (SIGINT/SIGTERM)."""
    from picturelock.adapters import job_queue

    engine = make_engine(url)
    _check_queue_database(engine)
    name = worker_name()
    stop = threading.Event()

    def run(job_id: int) -> None:
        if store.claim(engine, job_id, name, store.utc_now()):
            execute(job_id, engine, name)

    def watch() -> None:
        while not stop.wait(recover_every()):
            try:
                for job_id in recover(engine):
                    job_queue.defer(engine.url, job_id)
            except Exception:
                log.warning("job worker: could not look for stalled jobs", exc_info=True)

    watcher = threading.Thread(target=watch, name="jobs-recovery", daemon=True)
    watcher.start()
    try:
        job_queue.run_worker(engine.url, run, name=name, concurrency=concurrency)
    finally:
        stop.set()
        job_queue.close()
        engine.dispose()


def _check_queue_database(engine: sa.Engine) -> None:
    """The queue lives in PostgreSQL, and the schema must be the newest (a worker never upgrades)."""
    from picturelock.adapters.db import migrate

    where = engine.url.render_as_string(hide_password=True)
    if engine.dialect.name != "postgresql":
        engine.dispose()
        raise productions.DatabaseNotReady(f"{where}: the job queue needs a PostgreSQL database")
    with engine.connect() as connection:
        at = MigrationContext.configure(connection).get_current_revision()
    if at != migrate.head():
        engine.dispose()
        state = "has no Picture Lock tables" if at is None else f"is at schema {at}, not the newest"
        raise productions.DatabaseNotReady(
            f"the database {where} {state}: run `picturelock db upgrade` first"
        )
