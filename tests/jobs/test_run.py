"""Running one job (what every worker does once it has claimed it), on SQLite and PostgreSQL: progress
written as it goes, a domain error ending failed with its problems, a crash ending failed without
its details, cancelling; submitting with bad options; claims and recovery in the table.

Kinds made for these tests are registered as any new kind would be (`jobs.register`) and steered
from the test through events, so each state can be looked at while the job is in it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from picturelock.adapters.db import jobs as store
from picturelock.domain.errors import InvalidInput, NotFound
from picturelock.domain.findings import Problem
from picturelock.services import jobs
from picturelock.services.job_run import CRASHED, HEARTBEAT_SECONDS, execute
from picturelock.services.jobs import JobKind, Outcome

GO: dict[int, threading.Event] = {}  # job id -> set by the test to let the job take its next step
AT: dict[int, threading.Event] = {}  # job id -> set by the job when it reached a step


def _pause(work: Any) -> None:
    AT[work.job_id].set()
    assert GO[work.job_id].wait(20), "the test never let the job go on"
    GO[work.job_id].clear()


def _steps(work: Any) -> Outcome:
    work.progress(0.2, "first step")
    _pause(work)
    work.progress(0.6, "second step")
    _pause(work)
    work.progress(0.65, "waiting on the clock", until=0.9, over=1.0)
    _pause(work)
    work.progress(0.95, "last step")
    return Outcome({"answer": 42}, b"made", "answer.txt", "text/plain")


def _refuses(work: Any) -> Outcome:
    raise InvalidInput([Problem("plan", "tasks[2].duration", "is negative", expected="0 or more")])


def _crashes(work: Any) -> Outcome:
    raise RuntimeError("secret internals")


def _options(given: Any) -> dict[str, Any]:
    return dict(given)


for name, run in (("test-steps", _steps), ("test-refuses", _refuses), ("test-crashes", _crashes)):
    jobs.register(JobKind(name, name, _options, run))


@pytest.fixture
def started(engine: sa.Engine, production: int) -> Iterator[Callable[[str], tuple[int, threading.Thread]]]:
    """Submit a job of a kind and run it in a thread as a worker would; joined at the end."""
    threads: list[threading.Thread] = []

    def start(kind: str) -> tuple[int, threading.Thread]:
        job_id = jobs.submit(kind, production, {}, engine, by="maya").id
        GO[job_id], AT[job_id] = threading.Event(), threading.Event()
        assert store.claim(engine, job_id, "test-worker", store.utc_now())
        thread = threading.Thread(target=execute, args=(job_id, engine, "test-worker"))
        thread.start()
        threads.append(thread)
        return job_id, thread

    yield start
    for job_id in GO:
        GO[job_id].set()
    for thread in threads:
        thread.join(10)


def _reach_step(job_id: int) -> None:
    assert AT[job_id].wait(20), "the job never reached its step"
    AT[job_id].clear()


def _seen(
    engine: sa.Engine, production: int, job_id: int, check: Callable[[jobs.JobView], bool]
) -> jobs.JobView:
    """The job as the table holds it, once `check` holds (the ticker writes a few times a second)."""
    deadline = time.monotonic() + 10
    while True:
        view = jobs.job(production, job_id, engine)
        if check(view) or time.monotonic() > deadline:
            return view
        time.sleep(0.05)


def test_progress_is_written_as_the_job_goes(engine: sa.Engine, production: int, started: Any) -> None:
    job_id, thread = started("test-steps")
    _reach_step(job_id)
    first = _seen(engine, production, job_id, lambda v: v.progress == 0.2)
    assert (first.state, first.progress, first.message) == ("running", 0.2, "first step")
    GO[job_id].set()
    _reach_step(job_id)
    second = _seen(engine, production, job_id, lambda v: v.progress == 0.6)
    assert (second.progress, second.message) == (0.6, "second step")
    GO[job_id].set()
    _reach_step(job_id)
    ramp = [_seen(engine, production, job_id, lambda v: v.message == "waiting on the clock").progress]
    time.sleep(0.4)
    ramp.append(jobs.job(production, job_id, engine).progress)
    assert 0.65 <= ramp[0] < ramp[1] < 0.9, "a step of known length moves the bar along with the clock"
    GO[job_id].set()
    thread.join(10)
    done = jobs.job(production, job_id, engine)
    assert (done.state, done.progress, done.result, done.problems) == ("done", 1.0, {"answer": 42}, [])
    assert (done.output_name, done.output_media_type, done.output_size) == ("answer.txt", "text/plain", 4)
    assert jobs.output(production, job_id, engine) == (b"made", "answer.txt", "text/plain")
    assert done.started_at and done.finished_at and done.worker == "test-worker" and done.attempts == 1


def test_a_domain_error_ends_failed_with_its_problems(
    engine: sa.Engine, production: int, started: Any
) -> None:
    job_id, thread = started("test-refuses")
    thread.join(10)
    failed = jobs.job(production, job_id, engine)
    assert failed.state == "failed"
    assert failed.problems == [
        {
            "place": "plan",
            "field": "tasks[2].duration",
            "message": "is negative",
            "line": None,
            "expected": "0 or more",
        }
    ]
    assert failed.result is None and failed.output_name is None
    with pytest.raises(NotFound):
        jobs.output(production, job_id, engine)


def test_a_crash_ends_failed_without_its_details_which_go_to_the_log(
    engine: sa.Engine, production: int, started: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="picturelock.jobs"):
        job_id, thread = started("test-crashes")
        thread.join(10)
    failed = jobs.job(production, job_id, engine)
    assert (failed.state, failed.message, failed.problems) == ("failed", CRASHED, [])
    assert "secret internals" not in repr(failed.to_json())
    assert "secret internals" in caplog.text


def test_a_running_job_cancelled_stops_at_its_next_step_and_keeps_nothing(
    engine: sa.Engine, production: int, started: Any
) -> None:
    job_id, thread = started("test-steps")
    _reach_step(job_id)
    cancelled = jobs.cancel(production, job_id, engine, by="maya")
    assert (cancelled.state, cancelled.message) == ("cancelled", "cancelled by maya")
    time.sleep(HEARTBEAT_SECONDS * 2)  # the job learns it at its next heartbeat
    GO[job_id].set()
    thread.join(10)
    assert not thread.is_alive()
    after = jobs.job(production, job_id, engine)
    assert (after.state, after.result, after.output_name) == ("cancelled", None, None)
    assert not AT[job_id].is_set(), "the job stopped at its next step instead of going on"
    assert jobs.cancel(production, job_id, engine, by="maya").state == "cancelled", (
        "cancelling twice is harmless"
    )


def test_a_queued_job_cancelled_is_never_claimed(engine: sa.Engine, production: int) -> None:
    job_id = jobs.submit("schedule", production, {}, engine, by="maya").id
    assert jobs.cancel(production, job_id, engine, by="tom").state == "cancelled"
    assert store.claim_next(engine, "w", store.utc_now()) is None
    assert not store.claim(engine, job_id, "w", store.utc_now())
    assert jobs.job(production, job_id, engine).started_at is None


def test_a_finished_job_cannot_be_cancelled(engine: sa.Engine, production: int, started: Any) -> None:
    job_id, thread = started("test-refuses")
    thread.join(10)
    with pytest.raises(jobs.JobFinished, match="already finished"):
        jobs.cancel(production, job_id, engine, by="maya")
    assert jobs.job(production, job_id, engine).state == "failed"


def test_bad_options_are_refused_naming_each_and_nothing_is_queued(
    engine: sa.Engine, production: int
) -> None:
    with pytest.raises(InvalidInput) as refused:
        jobs.submit(
            "report", production, {"format": "doc", "time_limit": -3, "colour": "red"}, engine, by="m"
        )
    assert sorted(p.field for p in refused.value.problems) == ["colour", "format", "time_limit"]
    with pytest.raises(InvalidInput, match="not a kind of job"):
        jobs.submit("transcode", production, {}, engine, by="m")
    with pytest.raises(NotFound):
        jobs.submit("schedule", production + 1000, {}, engine, by="m")
    assert jobs.jobs_of(production, engine) == []


def test_options_kept_are_the_checked_ones(engine: sa.Engine, production: int) -> None:
    view = jobs.submit("schedule", production, {"optimise": True, "as_of": "2027-02-01"}, engine, by="maya")
    assert view.options == {"level": True, "optimise": True, "time_limit": 10.0, "as_of": "2027-02-01"}
    assert (view.state, view.progress, view.submitted_by, view.attempts) == ("queued", 0.0, "maya", 0)
    assert [v.id for v in jobs.jobs_of(production, engine)] == [view.id]


def test_each_queued_job_is_claimed_once_by_racing_workers(engine: sa.Engine, production: int) -> None:
    ids = {jobs.submit("schedule", production, {}, engine, by="maya").id for _ in range(12)}
    taken: list[int] = []
    lock = threading.Lock()

    def worker(name: str) -> None:
        while (job_id := store.claim_next(engine, name, store.utc_now())) is not None:
            with lock:
                taken.append(job_id)

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(taken) == sorted(ids)


def test_a_job_whose_worker_went_silent_is_queued_again_once_then_failed(
    engine: sa.Engine, production: int
) -> None:
    job_id = jobs.submit("schedule", production, {}, engine, by="maya").id
    then = store.utc_now()
    silent, later = timedelta(seconds=30), then + timedelta(seconds=31)
    assert store.claim_next(engine, "dead:1", then) == job_id
    assert store.recover(engine, silent, 2, then + timedelta(seconds=29)) == [], "not silent long enough"
    assert store.recover(engine, silent, 2, later) == [job_id]
    again = jobs.job(production, job_id, engine)
    assert (again.state, again.attempts) == ("queued", 1)
    assert store.claim_next(engine, "dead:2", later) == job_id
    assert store.recover(engine, silent, 2, later + timedelta(seconds=31)) == []
    failed = jobs.job(production, job_id, engine)
    assert (failed.state, failed.attempts, failed.worker) == ("failed", 2, "dead:2")
    assert "stopped" in failed.message
