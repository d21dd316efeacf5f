"""Benchmark: the interactive Gantt page, whole requests in process (FastAPI's TestClient, SQLite file).

Run: `.venv/bin/python benchmarks/bench_gantt_web.py [requests]` (default 20)

The production is gantt_render.py's 25-episode series (475 tasks, 500 chart rows, a baseline), held in
a real SQLite file. A post supervisor (who may drag) and a vendor (an outside cutting room: the cuts of
5 episodes, 15 tasks) read the page, the chart fragment at each zoom, and the critical path alone; the
supervisor moves a task back and forth (each move writes the plan, recomputes the schedule and redraws
the chart).
Median of N requests after one warm-up request each (the schedule of a version is computed once): a
"first draw" draws the chart afresh every time; "drawn before" reuses the chart kept for the version.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from gantt_render import series_plan
from machine import describe
from picturelock.api.deps import SESSION_COOKIE
from picturelock.domain.access import Role
from picturelock.domain.plan import Plan
from picturelock.services import productions
from picturelock.services.settings import Settings
from picturelock.web import gantt
from picturelock.web.site import create_site

PASSWORD = "a benchmark passphrase"
VENDOR_ORG = "cutting-room-1"


def plan_with_a_vendor() -> Plan:
    """The series with the first editor (every fifth episode's cutting) from an outside cutting room."""
    plan = series_plan()
    resources = tuple(
        replace(r, organisation=VENDOR_ORG) if r.id == "editor-1" else r for r in plan.resources
    )  # fmt: skip
    return replace(plan, resources=resources)


def median_ms(calls: int, request: Callable[[], int], *, cold: bool = False) -> float:
    """Median time of `request`; `cold`: each one draws its chart afresh (none kept from before)."""
    request()
    times = []
    for _ in range(calls):
        if cold:
            gantt.forget()
        began = time.perf_counter()
        status = request()
        times.append(time.perf_counter() - began)
        assert status < 400, status
    return statistics.median(times) * 1000


def browser(app: object, accounts: object, login: str, role: Role, production: int) -> tuple[TestClient, str]:
    organisation = VENDOR_ORG if role is Role.VENDOR else None
    accounts.create_account(login, PASSWORD)  # type: ignore[attr-defined]
    accounts.grant_membership(production, login, role, organisation, by="bench")  # type: ignore[attr-defined]
    session = accounts.sign_in(login, PASSWORD, client_address="192.0.2.9")  # type: ignore[attr-defined]
    client = TestClient(app)  # type: ignore[arg-type]
    client.cookies.set(SESSION_COOKIE, session.token)
    return client, accounts.csrf_token(session)  # type: ignore[attr-defined]


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.db")
        productions.upgrade_database(db)
        plan = plan_with_a_vendor()
        production = productions.import_plan(plan, db)
        app = create_site(Settings.for_tests(), db=db)
        accounts = app.state.gate.accounts
        supervisor, csrf = browser(app, accounts, "sup", Role.POST_SUPERVISOR, production)
        vendor, _ = browser(app, accounts, "vendor", Role.VENDOR, production)
        base = f"/productions/{production}/gantt"
        rows: dict[str, float] = {}
        for who, client in (("supervisor", supervisor), ("vendor", vendor)):
            page = lambda c=client: c.get(base).status_code  # noqa: E731
            rows[f"page, week, first draw ({who})"] = median_ms(calls, page, cold=True)
            rows[f"page, week, drawn before ({who})"] = median_ms(calls, page)
            for zoom in ("day", "month"):
                chart = lambda c=client, z=zoom: c.get(f"{base}/chart?zoom={z}").status_code  # noqa: E731
                rows[f"chart, {zoom}, first draw ({who})"] = median_ms(calls, chart, cold=True)
        critical = lambda: supervisor.get(f"{base}/chart?critical=1").status_code  # noqa: E731
        rows["chart, critical path only, first draw (supervisor)"] = median_ms(calls, critical, cold=True)
        rows["move a task (write, reschedule, redraw)"] = mover(supervisor, csrf, production, calls)
        size = len(supervisor.get(f"{base}/chart").content)
    print(describe())
    print(f"plan: {len(plan.tasks)} tasks, {len(plan.groups)} groups; N = {calls} (median)")
    print(f"chart fragment (week): {size / 1024:.0f} KiB")
    print("| request | median |\n| --- | --- |")
    for name, ms in rows.items():
        print(f"| {name} | {ms:.0f} ms |")


def mover(client: TestClient, csrf: str, production: int, calls: int) -> float:
    """Moves ep13-vfx a week later, then back, each on the version the last move returned."""
    versions = {
        "ep13-vfx": productions.get_production(production, client.app.state.engine).tasks["ep13-vfx"].version
    }  # type: ignore[attr-defined]
    first = date(2027, 6, 7)
    step = [0]

    def move() -> int:
        start = first + timedelta(weeks=step[0] % 2)
        step[0] += 1
        fields = {
            "task": "ep13-vfx",
            "start": start.isoformat(),
            "expected_version": str(versions["ep13-vfx"]),
        }
        headers = {"X-CSRF-Token": csrf, "X-Gantt-Fragment": "1"}
        answer = client.post(f"/productions/{production}/gantt/move", data=fields, headers=headers)
        versions["ep13-vfx"] += 1
        return answer.status_code

    return median_ms(calls, move)


if __name__ == "__main__":
    main()
