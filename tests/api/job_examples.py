"""Well-formed requests for the jobs routes, for the generated access tests and the fuzz tests.

A job to read (and download) is a report job that really ran, made once per production; a job to
cancel is a new one each time, held as running by a worker of the tests (written straight into the
table, so the app's own workers cannot finish it first): cancelling it succeeds whoever asks.
"""

from __future__ import annotations

import time
from typing import Any

import sqlalchemy as sa

from picturelock.adapters.db import jobs as store
from picturelock.adapters.db.engine import make_engine
from picturelock.adapters.db.jobs_tables import jobs as jobs_table
from picturelock.services import jobs

from .examples import Example
from .harness import Api

_finished: dict[tuple[str, int], int] = {}
FUZZ_TIME_LIMIT = 0.5  # the optimiser's seconds in fuzzed jobs: the input is fuzzed, not the solver


def finished_report(api: Api, production: int) -> int:
    """A done CSV report job of the production (run by the app's workers), made once."""
    key = (str(api.db), production)
    if key not in _finished:
        job_id = jobs.submit("report", production, {"format": "csv"}, api.db, by="tests").id
        deadline = time.monotonic() + 120
        while not jobs.job(production, job_id, api.db).finished:
            assert time.monotonic() < deadline, "the app's job workers never ran the report"
            time.sleep(0.1)
        _finished[key] = job_id
    return _finished[key]


def running_job(api: Api, production: int) -> int:
    """A job that a worker of the tests holds as running."""
    engine = make_engine(api.db)
    now = store.utc_now()
    try:
        with engine.begin() as db:
            values = {"production_id": production, "kind": "schedule", "options": "{}", "state": "running"}
            times = {"submitted_at": now, "started_at": now, "heartbeat_at": now}
            held = {"worker": "tests:0", "attempts": 1, "message": "started", "submitted_by": "tests"}
            row = db.execute(sa.insert(jobs_table).values(**values, **times, **held))
            key = row.inserted_primary_key
            assert key is not None
            return int(key[0])
    finally:
        engine.dispose()


EXAMPLES: dict[str, Any] = {
    "submit_job": lambda *_: Example(body={"kind": "report", "options": {"format": "csv"}}),
    "get_job": lambda api, p, held, h: Example({"job_id": finished_report(api, p)}),
    "job_output": lambda api, p, held, h: Example({"job_id": finished_report(api, p)}),
    "cancel_job": lambda api, p, held, h: Example({"job_id": running_job(api, p)}),
}


def aim(case: Any, api: Api) -> None:
    """Real job ids in the path; the optimiser's time kept short."""
    path = case.path_parameters if isinstance(case.path_parameters, dict) else {}
    if "job_id" in path:
        operation_id = case.operation.definition.raw.get("operationId")
        made = running_job if operation_id == "cancel_job" else finished_report
        path["job_id"] = made(api, api.home)
    body = case.body if isinstance(case.body, dict) else {}
    options = body.get("options")
    if isinstance(options, dict) and isinstance(options.get("time_limit"), int | float):
        options["time_limit"] = min(float(options["time_limit"]), FUZZ_TIME_LIMIT)
