"""A job queue on PostgreSQL (procrastinate) for workers on many machines.

The queue carries only a job's id: the jobs table stays the record of state and progress. The web
app defers `picturelock.run_job(job_id=...)` onto the queue "picturelock"; each
`picturelock worker` process listens to it (LISTEN/NOTIFY, with polling as a fallback) and runs the
jobs it fetches, one at a time. procrastinate's own tables live beside ours in the same database,
created by the first worker or app that needs them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

QUEUE = "picturelock"
TASK = "picturelock.run_job"
_SCHEMA_LOCK = 7_263_541_019  # pg_advisory_xact_lock key: one process creates the queue's tables
_deferrers: dict[str, Any] = {}
_lock = threading.Lock()


def conninfo(url: sa.URL | str) -> str:
    """A libpq connection string for a database URL (postgresql+psycopg:// -> postgresql://)."""
    parsed = sa.make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "postgresql":
        raise ValueError("the job queue needs a PostgreSQL database (postgresql://...)")
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def ensure_schema(url: sa.URL | str) -> bool:
    """Create procrastinate's tables if the database has none yet; True when they were created."""
    import psycopg
    from procrastinate.schema import SchemaManager

    with psycopg.connect(conninfo(url)) as connection:
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
        found = connection.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
        if found is not None and found[0] is not None:
            return False
        connection.execute(SchemaManager.get_schema())
        return True


def defer(url: sa.URL | str, job_id: int) -> None:
    """Put job `job_id` on the queue (a worker will claim it from the jobs table)."""
    key = conninfo(url)
    with _lock:
        app = _deferrers.get(key)
        if app is None:
            import procrastinate

            ensure_schema(url)
            app = procrastinate.App(connector=procrastinate.SyncPsycopgConnector(conninfo=key))
            app.open()
            _deferrers[key] = app
    app.configure_task(TASK, queue=QUEUE).defer(job_id=job_id)


def close() -> None:
    """Close the connections `defer` opened."""
    with _lock:
        for app in _deferrers.values():
            app.close()
        _deferrers.clear()


def run_worker(url: sa.URL | str, run: Callable[[int], None], *, name: str, concurrency: int = 1) -> None:
    """Run a procrastinate worker until SIGINT/SIGTERM: each job fetched calls `run(job_id)`."""
    import procrastinate

    ensure_schema(url)
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(url)))

    @app.task(name=TASK, queue=QUEUE)
    def run_job(job_id: int) -> None:
        run(job_id)

    app.run_worker(
        queues=[QUEUE],
        name=name,
        concurrency=concurrency,
        delete_jobs="successful",
        fetch_job_polling_interval=2.0,
    )
