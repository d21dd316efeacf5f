"""The queue across machines: two `picturelock worker` processes on PostgreSQL (procrastinate), the
app deferring to them (PICTURELOCK_JOBS=queue). Several jobs all finish, shared between both; a
worker killed in the middle of a job does not lose it: the job is queued again (its heartbeat
stopped) and the other worker runs it to the end (attempts 2).

Skipped without PICTURELOCK_TEST_POSTGRES_URL (CI sets it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from picturelock.adapters.db.engine import make_engine
from picturelock.services import jobs
from picturelock.services.job_workers import SILENT_ENV
from picturelock.services.productions import import_plan, upgrade_database

from .conftest import drama

pytestmark = pytest.mark.postgres
SILENT_SECONDS = "5"  # the workers' patience with a silent colleague (60 s by default)


@pytest.fixture
def queue_db(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, sa.Engine]]:
    upgrade_database(postgres_url)
    monkeypatch.setenv(jobs.MODE_ENV, "queue")
    engine = make_engine(postgres_url)
    yield postgres_url, engine
    engine.dispose()


@pytest.fixture
def two_workers(
    queue_db: tuple[str, sa.Engine], tmp_path: Path
) -> Iterator[dict[int, subprocess.Popen[bytes]]]:
    """Two worker processes on the test's database, stopped (or killed) at the end."""
    url, _ = queue_db
    env = {**os.environ, SILENT_ENV: SILENT_SECONDS}
    env.pop(jobs.MODE_ENV, None)
    started: dict[int, subprocess.Popen[bytes]] = {}
    for number in (1, 2):
        log = (tmp_path / f"worker-{number}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-c", "from picturelock.cli.main import main; main()", "worker", "--db", url],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started[process.pid] = process
    yield started
    for process in started.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in started.values():
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait(engine: sa.Engine, production: int, ids: list[int], seconds: float) -> list[jobs.JobView]:
    deadline = time.monotonic() + seconds
    while True:
        views = [jobs.job(production, job_id, engine) for job_id in ids]
        if all(view.finished for view in views) or time.monotonic() > deadline:
            return views
        time.sleep(0.2)


def _pid(view: jobs.JobView) -> int:
    assert view.worker is not None
    return int(view.worker.rsplit(":", 1)[1])


def test_jobs_are_shared_between_two_workers_and_all_finish(
    queue_db: tuple[str, sa.Engine], two_workers: dict[int, subprocess.Popen[bytes]]
) -> None:
    _, engine = queue_db
    production = import_plan(drama(12), engine, by="tests")
    options = {"optimise": True, "time_limit": 20}
    ids = [jobs.submit("schedule", production, options, engine, by="maya").id for _ in range(4)]
    ids.append(jobs.submit("report", production, {"format": "xlsx"}, engine, by="maya").id)
    views = _wait(engine, production, ids, 180)
    assert [view.state for view in views] == ["done"] * 5, [(v.state, v.message) for v in views]
    ran = {_pid(view) for view in views}
    assert ran <= set(two_workers) and len(ran) == 2, "both workers ran some of the jobs"
    assert all(view.result for view in views)
    assert jobs.output(production, ids[-1], engine)[2].endswith("spreadsheetml.sheet")


def test_a_killed_workers_job_is_queued_again_and_the_other_worker_finishes_it(
    queue_db: tuple[str, sa.Engine], two_workers: dict[int, subprocess.Popen[bytes]]
) -> None:
    _, engine = queue_db
    production = import_plan(drama(40), engine, by="tests")
    job_id = jobs.submit("schedule", production, {"optimise": True, "time_limit": 30}, engine, by="maya").id
    deadline = time.monotonic() + 60
    while (view := jobs.job(production, job_id, engine)).state == "queued":
        assert time.monotonic() < deadline, "no worker took the job"
        time.sleep(0.05)
    assert view.state == "running"
    victim = _pid(view)
    two_workers[victim].kill()
    two_workers[victim].wait(10)
    (done,) = _wait(engine, production, [job_id], 180)
    assert (done.state, done.attempts) == ("done", 2), done.message
    assert _pid(done) != victim and _pid(done) in two_workers
    assert done.result is not None and done.result["levelled"] is True
