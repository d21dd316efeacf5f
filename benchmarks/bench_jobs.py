"""Benchmark: background jobs, in the app (SQLite file) and on the procrastinate queue (PostgreSQL).

Run: `.venv/bin/python benchmarks/bench_jobs.py`
PostgreSQL and the queue too: set PICTURELOCK_BENCH_POSTGRES_URL (e.g. from
scripts/postgres-for-tests.sh); two `picturelock worker` processes are started for it.

Timed, from `submit` to the job seen finished in the table (polled every 10 ms):
- first job: a small CSV report when the pool has not started yet (in-app: the process pool starts);
- 20 small reports submitted at once: the time until all are done, and the median latency of one;
- levelling a season (drama series, 12 episodes, 361 tasks): as a job, against calling the
  service directly in this process (the job's overhead);
- what a page polling a job costs (`jobs.job`), idle and while the optimiser runs a job for 10 s
  (the web process stays responsive: the work is in another process); that job levels a
  40-episode season (1,187 tasks).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from machine import describe
from picturelock.adapters.db.engine import make_engine
from picturelock.services import jobs, scheduling
from picturelock.services.job_workers import InAppWorkers
from picturelock.services.productions import import_plan, upgrade_database
from picturelock.services.templates import new_plan

SMALL_PLAN = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "small_plan.yaml"
POSTGRES_ENV = "PICTURELOCK_BENCH_POSTGRES_URL"


def wait(engine: sa.Engine, production: int, job_id: int) -> float:
    while not jobs.job(production, job_id, engine).finished:
        time.sleep(0.01)
    return time.perf_counter()


def timed_job(engine: sa.Engine, production: int, kind: str, options: dict[str, object]) -> float:
    began = time.perf_counter()
    job_id = jobs.submit(kind, production, options, engine, by="bench").id
    return wait(engine, production, job_id) - began


def burst(engine: sa.Engine, production: int, count: int) -> tuple[float, float]:
    began = time.perf_counter()
    submitted = [
        (time.perf_counter(), jobs.submit("report", production, {"format": "csv"}, engine, by="bench").id)
        for _ in range(count)
    ]
    latencies = [wait(engine, production, job_id) - at for at, job_id in submitted]
    return time.perf_counter() - began, statistics.median(latencies)


def poll_cost(engine: sa.Engine, production: int, job_id: int, seconds: float) -> float:
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        began = time.perf_counter()
        jobs.job(production, job_id, engine)
        samples.append(time.perf_counter() - began)
        time.sleep(0.05)
    return statistics.median(samples) * 1000


def measure(label: str, engine: sa.Engine) -> None:
    small = import_plan(SMALL_PLAN, engine, by="bench")
    season_plan = new_plan("drama-series", episodes=12, title="Bench season")
    season = import_plan(season_plan, engine, by="bench")
    first = timed_job(engine, small, "report", {"format": "csv"})
    total, median = burst(engine, small, 20)
    began = time.perf_counter()
    scheduling.schedule(season_plan, level=True)
    direct = time.perf_counter() - began
    as_job = timed_job(engine, season, "schedule", {"level": True})
    idle_job = jobs.submit("report", small, {"format": "csv"}, engine, by="bench").id
    wait(engine, small, idle_job)
    idle = poll_cost(engine, small, idle_job, 2)
    big = import_plan(new_plan("drama-series", episodes=40, title="Bench big season"), engine, by="bench")
    busy_job = jobs.submit("schedule", big, {"optimise": True, "time_limit": 10}, engine, by="bench").id
    while jobs.job(big, busy_job, engine).state != "running":
        time.sleep(0.01)
    busy = poll_cost(engine, big, busy_job, 4)
    if not jobs.job(big, busy_job, engine).finished:
        jobs.cancel(big, busy_job, engine, by="bench")
    print(
        f"| {label} | {first:.2f} | {total:.2f} | {median * 1000:.0f} | {direct:.2f} | {as_job:.2f} "
        f"| {idle:.1f} | {busy:.1f} |"
    )


def in_app(folder: Path) -> None:
    db = folder / "jobs.db"
    upgrade_database(db)
    engine = make_engine(db)
    pool = InAppWorkers(engine, size=1)
    pool.start()
    try:
        measure("in the app, SQLite, 1 worker", engine)
    finally:
        pool.stop()
        engine.dispose()


def on_queue(url: str, folder: Path) -> None:
    engine = sa.create_engine(
        url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    name = f"bench_jobs_{os.getpid()}"
    with engine.connect() as db:
        db.execute(sa.text(f'CREATE DATABASE "{name}"'))
    target = engine.url.set(database=name).render_as_string(hide_password=False)
    upgrade_database(target)
    os.environ[jobs.MODE_ENV] = "queue"
    command = [
        sys.executable,
        "-c",
        "from picturelock.cli.main import main; main()",
        "worker",
        "--db",
        target,
    ]
    workers = [subprocess.Popen(command, stderr=(folder / f"w{n}.log").open("wb")) for n in range(2)]
    held = make_engine(target)
    try:
        time.sleep(3)
        measure("queue, PostgreSQL, 2 workers", held)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(60)
        held.dispose()
        os.environ.pop(jobs.MODE_ENV)
        with engine.connect() as db:
            db.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def main() -> None:
    print(f"Machine: {describe()}\n")
    print(
        "| runner | first job s | 20 reports s | median latency ms | levelling direct s | as a job s "
        "| poll idle ms | poll while optimising ms |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as folder:
        in_app(Path(folder))
        url = os.environ.get(POSTGRES_ENV)
        if url:
            on_queue(url, Path(folder))


if __name__ == "__main__":
    main()
