"""Benchmark: whole API requests in process (FastAPI's TestClient, no network), SQLite file.

Run: `.venv/bin/python benchmarks/bench_api.py [requests]` (default 200)

Each request goes through everything a real one does: the body-size middleware, the bearer
session (`session_for`), the permission check (`authorise`), the service, the JSON or file
answer. The production is the small plan of tests/fixtures. Median of N requests (N/10 for the
schedule and exports, which schedule the plan each time).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from machine import describe
from picturelock.api.app import create_app
from picturelock.domain.access import Role
from picturelock.services.productions import import_plan, upgrade_database
from picturelock.services.settings import Settings

PLAN = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "small_plan.yaml"
PASSWORD = "a benchmark passphrase"


def median_ms(calls: int, request: Callable[[], int]) -> float:
    times = []
    for _ in range(calls):
        began = time.perf_counter()
        status = request()
        times.append(time.perf_counter() - began)
        assert status < 400, status
    return statistics.median(times) * 1000


def main(calls: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        upgrade_database(db)
        production = import_plan(PLAN, db)
        app = create_app(Settings.for_tests(), db=str(db))
        accounts = app.state.gate.accounts
        accounts.create_account("bench", PASSWORD)
        accounts.grant_membership(production, "bench", Role.PRODUCER, by="bench")
        token = accounts.sign_in("bench", PASSWORD, client_address="192.0.2.9").token
        headers = {"Authorization": f"Bearer {token}"}
        base = f"/api/v1/productions/{production}"
        with TestClient(app) as client:
            version = [1]

            def edit() -> int:
                body = {"expected_version": version[0], "changes": {"notes": f"v{version[0]}"}}
                answer = client.patch(f"{base}/tasks/ep1-offline", json=body, headers=headers)
                version[0] = answer.json()["version"]
                return answer.status_code

            def get(path: str, sign: bool = True) -> Callable[[], int]:
                return lambda: client.get(path, headers=headers if sign else {}).status_code

            tenth = calls // 10
            rows = [
                ("GET /productions (list)", calls, get("/api/v1/productions")),
                ("GET /productions/{id}", calls, get(base)),
                ("PATCH a task (checked, saved)", calls, edit),
                ("GET schedule (CPM + monitoring)", tenth, get(f"{base}/schedule")),
                ("GET export.csv", tenth, get(f"{base}/export.csv")),
                ("GET export.png", tenth, get(f"{base}/export.png")),
            ]
            unauthenticated = get("/api/v1/productions", sign=False)
            print(f"Machine: {describe()}")
            print(f"Small plan ({PLAN.name}), SQLite file, median of the given number of requests")
            print("| request | requests | median |")
            print("| --- | ---: | ---: |")
            for name, count, request in rows:
                print(f"| {name} | {count} | {median_ms(max(count, 5), request):.2f} ms |")
            refused = median_ms(calls, lambda: 200 if unauthenticated() == 401 else 500)
            print(f"| GET /productions unauthenticated (401) | {calls} | {refused:.2f} ms |")
        app.state.gate.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
