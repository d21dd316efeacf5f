"""Levelling at scale: generated projects like the TaskJuggler runs in the reference notes.

A random DAG: each task has 0-3 predecessors among the previous 50 tasks (FS), a duration of
1-10 working days, and one of R resources (capacity 1); Monday-Friday calendar, no holidays.
Times the plan's compilation, `level` (default settings) and `levelled_schedule` (float after
levelling), checks every schedule with the independent checker, and prints a markdown table.

    .venv/bin/python benchmarks/bench_levelling.py                    # 1k/50, 5k/250, 10k/500
    .venv/bin/python benchmarks/bench_levelling.py --sizes 5000:250 --budget 8

Targets (docs/benchmarks.md): 5,000 tasks / 250 resources <= 10 s, 10,000 / 500 <= 30 s.
`tj3_compare.py` writes the same projects as .tjp files and times TaskJuggler on them.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from random import Random

from machine import describe
from picturelock.domain.calendar import weekday_rule
from picturelock.domain.plan import (
    Assignment,
    CalendarSpec,
    Link,
    Plan,
    Production,
    Resource,
    ResourceKind,
    Task,
)
from picturelock.domain.schedule.cpm import critical_path
from picturelock.domain.schedule.levelling import level, levelled_schedule
from picturelock.domain.schedule.network import Network, compile_network
from picturelock.domain.schedule.result import finish_date
from picturelock.domain.schedule.verify import check_schedule

START = date(2027, 1, 4)


@dataclass(frozen=True, slots=True)
class GeneratedTask:
    id: str
    days: int
    resource: int
    preds: tuple[int, ...]


def generate(tasks: int, resources: int, seed: int = 1) -> list[GeneratedTask]:
    """The benchmark project: deterministic for a seed."""
    rng = Random(seed)
    out = []
    for i in range(tasks):
        window = range(max(0, i - 50), i)
        preds = tuple(sorted(rng.sample(window, min(len(window), rng.randint(0, 3)))))
        out.append(GeneratedTask(f"t{i}", rng.randint(1, 10), rng.randrange(resources), preds))
    return out


def to_plan(project: list[GeneratedTask], resources: int) -> Plan:
    return Plan(
        production=Production("Levelling benchmark", "feature", 1, 90, "GBP", "GB", None, START),
        calendars=(CalendarSpec(id="standard", name="Monday to Friday"),),
        resources=tuple(Resource(f"r{r}", f"R{r}", ResourceKind.PERSON) for r in range(resources)),
        tasks=tuple(
            Task(t.id, t.id, Decimal(t.days), assignments=(Assignment(f"r{t.resource}"),)) for t in project
        ),
        links=tuple(Link(project[p].id, t.id) for t in project for p in t.preds),
    )


def compile_plan(plan: Plan) -> Network:
    return compile_network(plan, {"standard": weekday_rule(range(5), ())})


def run(
    tasks: int, resources: int, seed: int, budget: float | None, iterations: int | None
) -> dict[str, object]:
    plan = to_plan(generate(tasks, resources, seed), resources)
    t0 = time.perf_counter()
    net = compile_plan(plan)
    t1, c1 = time.perf_counter(), time.process_time()
    result = level(net, seed=seed, iterations=iterations, time_budget_s=budget)
    t2, c2 = time.perf_counter(), time.process_time()
    schedule = levelled_schedule(net, result)
    t3 = time.perf_counter()
    problems = check_schedule(net, result.start, result.finish)
    unlevelled = critical_path(net)
    return {
        "tasks": tasks,
        "resources": resources,
        "compile": t1 - t0,
        "level": t2 - t1,
        "level_cpu": c2 - c1,
        "schedule": t3 - t2,
        "total": t3 - t0,
        "iterations": result.iterations,
        "cpm_days": unlevelled.working_days,
        "levelled_days": schedule.working_days,
        "finish": finish_date(net.origin, result.makespan, result.makespan).isoformat(),
        "delayed": len(result.delays),
        "valid": not problems,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000:50,5000:250,10000:500", help="tasks:resources,...")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--budget", type=float, default=None, help="time budget of level() in seconds")
    parser.add_argument(
        "--iterations", type=int, default=None, help="sampling iterations (default: automatic)"
    )
    args = parser.parse_args(argv)
    print(f"Machine: {describe()}\n")
    print("| tasks | resources | compile | level (CPU) | float after levelling | total | iterations "
          "| CPM length | levelled length | last finish | delayed | valid |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---|")
    ok = True
    for size in args.sizes.split(","):
        tasks, resources = (int(x) for x in size.split(":"))
        r = run(tasks, resources, args.seed, args.budget, args.iterations)
        ok = ok and bool(r["valid"])
        print(
            f"| {tasks:,} | {resources} | {r['compile']:.2f} s | {r['level']:.2f} s ({r['level_cpu']:.2f} s) "
            f"| {r['schedule']:.2f} s "
            f"| **{r['total']:.2f} s** | {r['iterations']} | {r['cpm_days']:g} d | {r['levelled_days']:g} d "
            f"| {r['finish']} | {r['delayed']} | {'yes' if r['valid'] else 'NO'} |",
            flush=True,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
