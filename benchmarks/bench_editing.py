"""Benchmark: one edit of a held production through `services.editing` (SQLite; PostgreSQL when given).

Run: `.venv/bin/python benchmarks/bench_editing.py [episodes ...]` (default 10 100 500)
PostgreSQL too: set PICTURELOCK_BENCH_POSTGRES_URL (e.g. from scripts/postgres-for-tests.sh).

The plan is bench_planfile's drama series (20 tasks an episode, two assignments per task). Each
edit is a whole use case, committed: take the production's row, read the plan, check the item's
version, apply the change, check the whole plan, write what changed. The version an edit names
is read beforehand, untimed (a client has it from its last read). Best of 5, wall-clock and CPU:

- move: `move_task` on a task in the middle of the plan (its SNET constraint);
- progress: `record_progress` on the same task;
- link: `save_link` changing the lag of a link in the middle;
- add: `add_task` of a new task; remove: `remove_task` of one just added;
- for scale, `productions.update_task` (the PATCH route's edit, one task's fields) on the same
  task, and a read of the production (`get_production`), which every edit does once.
"""

from __future__ import annotations

import itertools
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench_planfile import series
from machine import describe
from picturelock.adapters.db.engine import make_engine
from picturelock.domain.plan import Task
from picturelock.services import editing
from picturelock.services.productions import get_production, import_plan, update_task, upgrade_database

RUNS = 5


def best_of(runs: int, prepare: Callable[[], Any], step: Callable[[Any], object]) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of `step` (given what `prepare` read, untimed)."""
    walls, cpus = [], []
    for _ in range(runs):
        given = prepare()
        wall, cpu = time.perf_counter(), time.process_time()
        step(given)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def measure(db: str, episodes: int) -> tuple[int, list[tuple[float, float]]]:
    plan = series(episodes)
    engine = make_engine(db)
    production = import_plan(plan, engine)
    middle = plan.tasks[len(plan.tasks) // 2]
    link = plan.links[len(plan.links) // 2]
    key = (link.predecessor, link.successor)
    counter = itertools.count()

    def held() -> Any:
        return get_production(production, engine)

    def move(now: Any) -> None:
        day = plan.production.start + timedelta(days=next(counter) % 30)
        editing.move_task(production, middle.id, day, now.tasks[middle.id].version, engine, by="bench")

    def progress(now: Any) -> None:
        editing.record_progress(
            production,
            middle.id,
            actual_start=None,
            actual_finish=None,
            remaining_days=None,
            expected_version=now.tasks[middle.id].version,
            db=engine,
            by="bench",
        )

    def relink(now: Any) -> None:
        changed = replace(link, lag_days=Decimal(next(counter) % 5))
        editing.save_link(production, changed, now.links[key].version, engine, by="bench")

    def add(task_id: str) -> None:
        editing.add_task(production, Task(task_id, "Bench task", Decimal(1)), engine, by="bench")

    def new_task() -> str:
        task_id = f"bench-{next(counter)}"
        add(task_id)
        return task_id

    def remove(task_id: str) -> None:
        editing.remove_task(production, task_id, 1, engine, by="bench")

    def patch(now: Any) -> None:
        notes = {"notes": f"n{next(counter)}"}
        update_task(production, middle.id, notes, now.tasks[middle.id].version, engine, by="bench")

    try:
        steps: list[tuple[Callable[[], Any], Callable[[Any], object]]] = [
            (held, move),
            (held, progress),
            (held, relink),
            (lambda: f"bench-{next(counter)}", add),
            (new_task, remove),
            (held, patch),
            (lambda: None, lambda _: get_production(production, engine)),
        ]
        return len(plan.tasks), [best_of(RUNS, prepare, step) for prepare, step in steps]
    finally:
        engine.dispose()


def main(sizes: list[int]) -> None:
    print(describe())
    targets = [("SQLite file", str(Path(tempfile.mkdtemp()) / "bench.db"))]
    if os.environ.get("PICTURELOCK_BENCH_POSTGRES_URL"):
        targets.append(("PostgreSQL", os.environ["PICTURELOCK_BENCH_POSTGRES_URL"]))
    print("Seconds, best of", RUNS, "wall-clock (CPU of this process)")
    print("| database | tasks | move | progress | link | add | remove | update_task | read |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, db in targets:
        upgrade_database(db)
        for episodes in sizes:
            tasks, times = measure(db, episodes)
            cells = " | ".join(f"{wall:.3f} ({cpu:.3f})" for wall, cpu in times)
            print(f"| {name} | {tasks:,} | {cells} |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100, 500])
