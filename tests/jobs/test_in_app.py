"""Jobs run by the app's own workers (threads claiming jobs, a process pool running them), on SQLite
and PostgreSQL: the result is what scheduling the plan directly gives, a report's file is the
export's, a failure keeps its problems, a cancelled job never runs; and through the API."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from picturelock.services import exports, jobs, productions, report, scheduling
from picturelock.services.job_run import CRASHED
from picturelock.services.job_workers import InAppWorkers

from .conftest import SMALL_PLAN, drama


@pytest.fixture
def workers(engine: sa.Engine) -> Iterator[InAppWorkers]:
    pool = InAppWorkers(engine, size=1)
    pool.start()
    yield pool
    pool.stop()


def finished(engine: sa.Engine, production: int, job_id: int, seconds: float = 120) -> jobs.JobView:
    deadline = time.monotonic() + seconds
    while True:
        view = jobs.job(production, job_id, engine)
        if view.finished:
            return view
        assert time.monotonic() < deadline, f"job {job_id} still {view.state} ({view.message})"
        time.sleep(0.1)


def test_a_levelling_job_gives_the_levelled_schedule(
    engine: sa.Engine, production: int, workers: InAppWorkers
) -> None:
    submitted = jobs.submit("schedule", production, {"level": True}, engine, by="maya")
    done = finished(engine, production, submitted.id)
    assert (done.state, done.progress, done.attempts) == ("done", 1.0, 1)
    assert done.worker == workers.name
    held = productions.get_production(production, engine)
    expected = report.schedule_document(held.plan, scheduling.schedule(held.plan, level=True))
    assert done.result is not None
    assert done.result["levelled"] is True and done.result["production_version"] == held.version
    assert {t["id"]: (t["start"], t["finish"]) for t in done.result["tasks"]} == {
        t["id"]: (t["start"], t["finish"]) for t in expected["tasks"]
    }
    assert done.result["finish"] == expected["finish"] and "escalations" in done.result


def test_a_report_job_keeps_the_exported_file(
    engine: sa.Engine, production: int, workers: InAppWorkers, tmp_path: Path
) -> None:
    submitted = jobs.submit("report", production, {"format": "csv"}, engine, by="maya")
    done = finished(engine, production, submitted.id)
    assert done.state == "done"
    data, name, media_type = jobs.output(production, submitted.id, engine)
    plan = productions.get_production(production, engine).plan
    expected = exports.export(plan, scheduling.schedule(plan), tmp_path / "expected.csv").read_bytes()
    assert (data, name, media_type) == (expected, f"production-{production}.csv", "text/csv")
    assert done.result == {"format": "csv", "bytes": len(expected), "production_version": 1}


def test_a_failing_job_keeps_its_problems(engine: sa.Engine, production: int, workers: InAppWorkers) -> None:
    submitted = jobs.submit("report", production, {"format": "ics", "person": "nobody"}, engine, by="maya")
    failed = finished(engine, production, submitted.id)
    assert failed.state == "failed"
    assert [(p["field"], p["message"]) for p in failed.problems] == [("person", "no person 'nobody'")]


def test_a_cancelled_job_never_runs(engine: sa.Engine, production: int) -> None:
    cancelled = jobs.submit("report", production, {"format": "csv"}, engine, by="maya")
    jobs.cancel(production, cancelled.id, engine, by="maya")
    pool = InAppWorkers(engine, size=1)
    pool.start()
    try:
        after = jobs.submit("report", production, {"format": "csv"}, engine, by="maya")
        assert finished(engine, production, after.id).state == "done"
    finally:
        pool.stop()
    never = jobs.job(production, cancelled.id, engine)
    assert (never.state, never.started_at, never.attempts) == ("cancelled", None, 0)


def test_no_workers_when_jobs_go_to_a_queue_and_the_queue_needs_postgresql(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from picturelock.domain.errors import InvalidInput
    from picturelock.services.job_workers import start_in_app

    monkeypatch.setenv(jobs.MODE_ENV, "queue")
    if engine.dialect.name == "postgresql":
        assert start_in_app(engine) is None
    else:
        with pytest.raises(InvalidInput, match="PostgreSQL"):
            start_in_app(engine)
    monkeypatch.setenv(jobs.MODE_ENV, "sometimes")
    with pytest.raises(InvalidInput, match="app or queue"):
        jobs.mode()


def test_through_the_api_a_report_job_runs_and_its_file_downloads(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from picturelock.api.app import create_app
    from picturelock.domain.access import Role
    from picturelock.services.settings import Settings

    db = tmp_path / "api.db"
    productions.upgrade_database(db)
    production = productions.import_plan(SMALL_PLAN, db)
    app = create_app(Settings.for_tests(), db=str(db))
    accounts = app.state.gate.accounts
    accounts.create_account("maya", "a long enough test password")
    accounts.grant_membership(production, "maya", Role.PRODUCER, by="tests")
    token = accounts.sign_in("maya", "a long enough test password", client_address="192.0.2.1").token
    bearer = {"Authorization": f"Bearer {token}"}
    base = f"/api/v1/productions/{production}/jobs"
    with TestClient(app) as client:
        accepted = client.post(base, json={"kind": "report", "options": {"format": "png"}}, headers=bearer)
        # the app's worker may have claimed the job before the answer was written
        assert accepted.status_code == 202 and accepted.json()["state"] in ("queued", "running", "done")
        job_url = f"{base}/{accepted.json()['id']}"
        deadline = time.monotonic() + 120
        while (body := client.get(job_url, headers=bearer).json())["state"] in ("queued", "running"):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert (body["state"], body["output_media_type"]) == ("done", "image/png")
        file = client.get(f"{job_url}/output", headers=bearer)
        assert file.content.startswith(b"\x89PNG") and len(file.content) == body["output_size"]
        assert [j["id"] for j in client.get(base, headers=bearer).json()] == [body["id"]]
        refused = client.delete(job_url, headers=bearer)
        assert (refused.status_code, refused.json()["error"]["code"]) == (409, "conflict")
        bad = client.post(base, json={"kind": "schedule", "options": {"format": "csv"}}, headers=bearer)
        assert bad.status_code == 422 and bad.json()["error"]["problems"][0]["field"] == "format"


def test_a_pool_process_that_dies_fails_its_job_and_the_pool_starts_afresh(engine: sa.Engine) -> None:
    season = productions.import_plan(drama(40), engine, by="tests")
    before = set(multiprocessing.active_children())
    pool = InAppWorkers(engine, size=1)
    pool.start()
    try:
        doomed = jobs.submit("schedule", season, {"optimise": True, "time_limit": 60}, engine, by="maya").id
        deadline = time.monotonic() + 120
        while jobs.job(season, doomed, engine).message != "levelling":
            assert time.monotonic() < deadline, "the job never started levelling"
            time.sleep(0.05)
        for child in set(multiprocessing.active_children()) - before:
            assert child.pid is not None
            os.kill(child.pid, signal.SIGKILL)
        failed = finished(engine, season, doomed)
        assert (failed.state, failed.message, failed.problems) == ("failed", CRASHED, [])
        after = jobs.submit("report", season, {"format": "csv"}, engine, by="maya").id
        assert finished(engine, season, after).state == "done"
    finally:
        pool.stop()
