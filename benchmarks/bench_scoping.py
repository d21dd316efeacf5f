"""Benchmark: cutting a schedule document down to a vendor's or client's part (services.visibility).

Run: `.venv/bin/python benchmarks/bench_scoping.py [episodes ...]` (default 50 500 2500)

The demo production (Saltmarsh, 214 tasks: Halyard Sound the vendor, Albion One the client), then
the monitoring benchmark's series (20 tasks an episode) with each episode's grade, online and
conform tagged to a grading house, its premix, mix, fixes and masters to a sound house, and its
delivery to the client. The whole document (schedule and monitoring) is computed once, as the
snapshot cache does for every member; the times are `scope_document` alone: the median of
several runs, in milliseconds of this process's CPU time (the machine the numbers were taken on
was shared, and wall-clock times swung by 3x), for the vendor and the client. The API and pages
cut a part once per version and organisation (kept with the snapshot), so this is paid once
after each edit, not per request.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench_monitoring import series
from machine import describe
from picturelock.domain.access import Membership, Role
from picturelock.domain.plan import Plan
from picturelock.services import report, scheduling
from picturelock.services.monitoring import monitor
from picturelock.services.plans import load_plan
from picturelock.services.visibility import scope_document

DEMO = Path(__file__).resolve().parents[1] / "src" / "picturelock" / "data" / "demo" / "plan.yaml"
GRADE, SOUND = ("grade", "online", "conform"), ("premix", "mix", "fixes", "masters")


def tagged_series(episodes: int) -> Plan:
    plan = series(episodes)

    def organisation(task_id: str) -> str | None:
        step = task_id.split("-", 1)[1]
        if step in GRADE:
            return "grade-house"
        if step in SOUND:
            return "sound-house"
        return "tv-client" if step == "delivery" else None

    return dataclasses.replace(
        plan, tasks=tuple(dataclasses.replace(t, organisation=organisation(t.id)) for t in plan.tasks)
    )


def whole_document(plan: Plan) -> dict[str, Any]:
    schedule = scheduling.schedule(plan)
    document = report.schedule_document(plan, schedule)
    document.update(monitor(plan, schedule, as_of=plan.status_date).to_json())
    return document


def median_ms(plan: Plan, document: dict[str, Any], member: Membership, runs: int) -> tuple[float, int]:
    times, shown = [], 0
    for _ in range(runs):
        began = time.process_time()
        shown = len(scope_document(plan, document, member)["tasks"])
        times.append((time.process_time() - began) * 1000)
    return statistics.median(times), shown


def row(name: str, plan: Plan, vendor: str, client: str) -> str:
    document = whole_document(plan)
    runs = 9 if len(plan.tasks) < 20_000 else 3
    v_ms, v_tasks = median_ms(plan, document, Membership("v", 1, Role.VENDOR, vendor), runs)
    c_ms, c_tasks = median_ms(plan, document, Membership("c", 1, Role.CLIENT, client), runs)
    return f"| {name} | {len(plan.tasks):,} | {v_tasks:,} | {v_ms:.1f} | {c_tasks:,} | {c_ms:.1f} |"


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [50, 500, 2500]
    print(describe())
    print("| plan | tasks | vendor's tasks | vendor ms | client's tasks | client ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(row("demo (Saltmarsh)", load_plan(DEMO), "demo-vendor", "demo-client"), flush=True)
    for episodes in sizes:
        print(
            row(f"series, {episodes} episodes", tagged_series(episodes), "sound-house", "tv-client"),
            flush=True,
        )


if __name__ == "__main__":
    main()
