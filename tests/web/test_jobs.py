"""The Jobs page: start a levelling or a report from the form, follow it in the table (which polls itself
while a job is queued or running), open the levelled schedule or download the file, cancel a job,
and see every wrong value of the form named. The app's own workers run the jobs."""

from __future__ import annotations

import re
import time

import sqlalchemy as sa
from fastapi.testclient import TestClient

from picturelock.adapters.db import jobs as store
from picturelock.adapters.db.engine import make_engine
from picturelock.adapters.db.jobs_tables import jobs as jobs_table
from picturelock.domain.access import Capability, Role, decide
from picturelock.services import jobs, productions, scheduling

from .harness import Site


def _start(site: Site, browser: TestClient, **form: str) -> int:
    page = f"/productions/{site.home}/jobs"
    response = browser.post(page, data={"csrf_token": site.csrf(browser), **form})
    assert response.status_code == 303, response.text[:500]
    found = re.search(r"started=(\d+)$", response.headers["location"])
    assert found is not None
    return int(found.group(1))


def _row_state(html: str, job_id: int) -> str:
    found = re.search(rf'<tr data-job="{job_id}" data-state="(\w+)">', html)
    assert found is not None, f"job {job_id} is not in the table"
    return found.group(1)


def _until_finished(site: Site, browser: TestClient, job_id: int) -> str:
    deadline = time.monotonic() + 120
    while True:
        table = browser.get(f"/productions/{site.home}/jobs/table").text
        if _row_state(table, job_id) in ("done", "failed", "cancelled"):
            return table
        assert time.monotonic() < deadline, "the job never finished"
        time.sleep(0.2)


def test_a_levelling_started_from_the_page_shows_its_levelled_schedule(site: Site) -> None:
    browser = site.browser(Role.PRODUCER)
    job_id = _start(site, browser, what="level")
    table = _until_finished(site, browser, job_id)
    assert _row_state(table, job_id) == "done" and "hx-trigger" not in table, (
        "polling stops when all are done"
    )
    page = browser.get(f"/productions/{site.home}/jobs?show={job_id}").text
    plan = productions.get_production(site.home, site.db).plan
    levelled = scheduling.schedule(plan, level=True)
    shown = re.findall(r'<tr data-task="([^"]+)"', page.split('id="result-tasks"')[1])
    assert shown == list(levelled.tasks)
    assert 'id="result-finish"' in page and ", levelled" in page


def test_a_report_started_from_the_page_downloads(site: Site) -> None:
    browser = site.browser(Role.PRODUCER)
    job_id = _start(site, browser, what="report", format="csv")
    table = _until_finished(site, browser, job_id)
    link = re.search(rf'href="(/api/v1/productions/{site.home}/jobs/{job_id}/output)"', table)
    assert link is not None
    download = browser.get(link.group(1))
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert download.content == jobs.output(site.home, job_id, site.db)[0]


def test_a_running_job_polls_and_can_be_cancelled(site: Site) -> None:
    engine = make_engine(site.db)
    now = store.utc_now()
    try:
        with engine.begin() as db:  # a job held by a worker of the tests, so it stays running
            row = {"production_id": site.home, "kind": "schedule", "options": "{}", "state": "running"}
            held = {"submitted_at": now, "started_at": now, "heartbeat_at": now, "worker": "tests:0"}
            inserted = db.execute(sa.insert(jobs_table).values(**row, **held, attempts=1))
        assert inserted.inserted_primary_key is not None
        job_id = int(inserted.inserted_primary_key[0])
    finally:
        engine.dispose()
    browser = site.browser(Role.PRODUCER)
    page = browser.get(f"/productions/{site.home}/jobs").text
    assert f'hx-get="/productions/{site.home}/jobs/table" hx-trigger="every 1s"' in page
    assert _row_state(page, job_id) == "running"
    form = {"csrf_token": site.csrf(browser), "job_id": str(job_id)}
    cancelled = browser.post(f"/productions/{site.home}/jobs/cancel", data=form)
    assert cancelled.status_code == 303 and cancelled.headers["location"].endswith(f"cancelled={job_id}")
    assert _row_state(browser.get(f"/productions/{site.home}/jobs").text, job_id) == "cancelled"
    again = browser.post(f"/productions/{site.home}/jobs/cancel", data=form)
    assert again.status_code == 303, "cancelling a cancelled job is harmless"


def test_wrong_values_are_named_and_nothing_starts(site: Site) -> None:
    browser = site.browser(Role.PRODUCER)
    before = len(jobs.jobs_of(site.home, site.db))
    form = {"csrf_token": site.csrf(browser), "what": "optimise", "time_limit": "-5"}
    refused = browser.post(f"/productions/{site.home}/jobs", data=form)
    assert refused.status_code == 422
    assert "<code>time_limit</code>" in refused.text
    form = {"csrf_token": site.csrf(browser), "what": "report", "format": "doc"}
    assert "<code>format</code>" in browser.post(f"/productions/{site.home}/jobs", data=form).text
    assert len(jobs.jobs_of(site.home, site.db)) == before


def test_who_may_see_but_not_run_jobs_gets_no_form(site: Site) -> None:
    for role in Role:
        member = site.membership(role)
        sees = decide(member, Capability.VIEW_SCHEDULE, production=site.home).allowed
        runs = decide(member, Capability.RUN_JOBS, production=site.home).allowed
        if not sees:
            continue
        page = site.browser(role).get(f"/productions/{site.home}/jobs").text
        assert ('id="start-job"' in page) is runs, role
