"""Benchmark: a production into the database and back (SQLite file; PostgreSQL when given).

Run: `.venv/bin/python benchmarks/bench_persistence.py [episodes ...]` (default 10 100 500)
PostgreSQL too: set PICTURELOCK_BENCH_POSTGRES_URL (e.g. from scripts/postgres-for-tests.sh).

The plan is bench_planfile's drama series (20 tasks an episode, two assignments each, a chain
with a start-to-start link to the previous episode, a baseline entry per task). Timed, best of 3:

- import: `ProductionRepository.add` in one unit of work, committed;
- read: `get` (every table, Plan built, the versions of tasks, links and resources);
- edit one task: read, then `update_task` with its version, committed;
- save whole: `update` of the whole plan with one task changed (unchanged rows keep their
  versions), committed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bench_planfile import series
from machine import describe
from picturelock.adapters.db.engine import make_engine
from picturelock.adapters.db.uow import UnitOfWork
from picturelock.services.productions import upgrade_database


def best_of(runs: int, step: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        step()
        times.append(time.perf_counter() - began)
    return min(times)


def measure(db: str, episodes: int) -> tuple[int, list[float]]:
    plan = series(episodes)
    engine = make_engine(db)
    ids: list[int] = []

    def add() -> None:
        with UnitOfWork(engine) as uow:
            ids.append(uow.productions.add(plan))
            uow.commit()

    def read() -> None:
        with UnitOfWork(engine) as uow:
            uow.productions.get(ids[-1])

    def edit() -> None:
        with UnitOfWork(engine, by="bench") as uow:
            held = uow.productions.get(ids[-1])
            task = held.plan.tasks[len(held.plan.tasks) // 2]
            uow.productions.update_task(
                ids[-1], replace(task, notes=task.notes + "x"), held.tasks[task.id].version
            )
            uow.commit()

    def save() -> None:
        with UnitOfWork(engine, by="bench") as uow:
            held = uow.productions.get(ids[-1])
            tasks = (replace(held.plan.tasks[0], notes=held.plan.tasks[0].notes + "y"), *held.plan.tasks[1:])
            uow.productions.update(ids[-1], replace(held.plan, tasks=tasks), held.version)
            uow.commit()

    try:
        times = [best_of(3, step) for step in (add, read, edit, save)]
    finally:
        engine.dispose()
    return len(plan.tasks), times


def main(sizes: list[int]) -> None:
    print(describe())
    targets = [("SQLite file", str(Path(tempfile.mkdtemp()) / "bench.db"))]
    if os.environ.get("PICTURELOCK_BENCH_POSTGRES_URL"):
        targets.append(("PostgreSQL", os.environ["PICTURELOCK_BENCH_POSTGRES_URL"]))
    print("| database | tasks | import s | read s | edit one task s | save whole s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, db in targets:
        upgrade_database(db)
        for episodes in sizes:
            tasks, times = measure(db, episodes)
            print(f"| {name} | {tasks:,} | " + " | ".join(f"{t:.3f}" for t in times) + " |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100, 500])
