"""Benchmark: monitoring (forecast, follow-ups, notes, escalations) on a large series.

Run: `.venv/bin/python benchmarks/bench_monitoring.py [episodes ...]`

Each episode is a 20-task post chain (assembly, cuts with notes rounds, lock, VFX, grade, sound,
mix, QC, delivery with a buyer's due date), baselined, with a brief and a confirmation; a share
of the offlines run late so that escalations fire. Prints a table (tasks, due dates,
escalations, seconds for the critical path and for monitoring).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from machine import describe
from picturelock.adapters.holiday_calendars import day_rules
from picturelock.domain.plan import (
    Acknowledgement,
    Assignment,
    Baseline,
    BaselineEntry,
    Brief,
    CalendarSpec,
    Confirmation,
    Constraint,
    ConstraintKind,
    Link,
    NotesRound,
    Person,
    Plan,
    Production,
    Resource,
    ResourceKind,
    Task,
)
from picturelock.domain.schedule.cpm import critical_path
from picturelock.domain.schedule.network import compile_network
from picturelock.services.monitoring import monitor

START = date(2027, 1, 4)
STEPS = (
    ("assembly", 10),
    ("dc", 5),
    ("dc-notes-wait", 0),
    ("pc", 5),
    ("exec-cut", 3),
    ("lock", 0),
    ("vfx", 15),
    ("titles", 3),
    ("conform", 2),
    ("grade", 4),
    ("online", 2),
    ("dialogue", 5),
    ("fx", 5),
    ("music", 8),
    ("premix", 3),
    ("mix", 3),
    ("qc", 1),
    ("fixes", 1),
    ("masters", 1),
    ("delivery", 0),
)


def episode(n: int, offset_days: int) -> tuple[list[Task], list[Link], dict[str, BaselineEntry]]:
    tasks, links, baseline = [], [], {}
    first = START + timedelta(days=offset_days)
    late = n % 7 == 3  # some offlines run long
    for k, (step, days) in enumerate(STEPS):
        task_id = f"ep{n}-{step}"
        constraints: tuple[Constraint, ...] = ()
        if k == 0:
            constraints = (Constraint(ConstraintKind.SNET, first),)
        if step == "delivery":
            constraints = (Constraint(ConstraintKind.FNLT, first + timedelta(days=112)),)
        duration = Decimal(days + (6 if late and step == "assembly" else 0))
        tasks.append(
            Task(
                task_id,
                f"Ep {n} {step}",
                duration,
                owner="maya" if k % 2 else None,
                milestone=days == 0,
                assignments=(Assignment(f"editor-{n % 20}"),) if step in ("assembly", "dc", "pc") else (),
                constraints=constraints,
            )
        )
        if k:
            links.append(Link(f"ep{n}-{STEPS[k - 1][0]}", task_id))
        baseline[task_id] = BaselineEntry(first + timedelta(days=k * 5), first + timedelta(days=k * 5 + 4))
    return tasks, links, baseline


def series(episodes: int) -> Plan:
    tasks: list[Task] = []
    links: list[Link] = []
    baseline: dict[str, BaselineEntry] = {}
    for n in range(episodes):
        t, ln, b = episode(n, (n // 20) * 7)
        tasks += t
        links += ln
        baseline |= b
    ids = [f"ep{n}" for n in range(episodes)]
    return Plan(
        production=Production("Benchmark series", "drama-series", episodes, 60, "GBP", "GB", "ENG", START),
        calendars=(CalendarSpec("standard", "Standard week"),),
        resources=tuple(
            Resource(f"editor-{i}", f"Editor {i}", ResourceKind.PERSON, person="sam") for i in range(20)
        ),
        tasks=tuple(tasks),
        links=tuple(links),
        people=(
            Person("maya", "Maya Okafor", "Post supervisor"),
            Person("sam", "Sam Reid", "Editor"),
            Person("exec", "Priya Shah", "Executive"),
        ),
        baselines=(Baseline("v1", START, baseline),),
        briefs=tuple(
            Brief(
                f"{e}-brief",
                "grade",
                f"{e} grade brief",
                (f"{e}-grade", f"{e}-assembly"),
                acknowledgements=(Acknowledgement("sam", START),),
            )
            for e in ids
        ),
        confirmations=tuple(Confirmation(f"{e}-spec", "spec", "exec", "executive", f"{e}-lock") for e in ids),
        notes_rounds=tuple(
            NotesRound(f"{e}-notes", f"{e} director's cut", f"{e}-dc", 2, f"{e}-pc", from_person="exec")
            for e in ids
        ),
        status_date=START + timedelta(days=30),
    )


def run(episodes: int) -> tuple[int, int, str, float, float]:
    plan = series(episodes)
    as_of = plan.status_date
    began = time.perf_counter()
    net = compile_network(plan, day_rules(plan.calendars, plan.production), as_of=as_of)
    sched = critical_path(net)
    scheduled = time.perf_counter() - began
    began = time.perf_counter()
    result = monitor(plan, sched, as_of=as_of, network=net)
    monitored = time.perf_counter() - began
    kinds = Counter(f"{e.kind} {e.severity}" for e in result.escalations)
    found = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    return len(plan.tasks), episodes, found, scheduled, monitored


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [50, 500, 2500]
    print(describe())
    print(f"{'tasks':>8} {'due dates':>10} {'CPM s':>8} {'monitor s':>10}  escalations")
    for size in sizes:
        tasks, dues, found, scheduled, monitored = run(size)
        print(f"{tasks:>8} {dues:>10} {scheduled:>8.2f} {monitored:>10.2f}  {found}")


if __name__ == "__main__":
    main()
