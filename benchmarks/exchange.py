"""Exchange formats' speed: MSPDI write and read, CSV, XLSX and iCalendar on a large series.

    .venv/bin/python benchmarks/exchange.py              # 2,000 and 10,000 tasks
    .venv/bin/python benchmarks/exchange.py --tasks 500

Builds a series of episodes (20 tasks per episode in a chain with SS/FF links and lags, an
episode summary, an editor per episode, a shared grading suite and dubbing theatre, a baseline),
schedules it with the real engine (critical path, not levelled), and times each writer and the
MSPDI reader (best of 3). Results are recorded in docs/benchmarks.md under "Exchange formats".
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from machine import describe
from picturelock.adapters.exports.ical import write_ics
from picturelock.adapters.exports.tables import write_csv, write_xlsx
from picturelock.adapters.msproject import read_mspdi, write_mspdi
from picturelock.domain.calendar import DateSpan
from picturelock.domain.plan import (
    Assignment,
    Baseline,
    BaselineEntry,
    CalendarSpec,
    Group,
    Link,
    LinkType,
    Plan,
    Production,
    Resource,
    ResourceKind,
    Task,
)
from picturelock.services.scheduling import schedule

START = date(2027, 1, 4)
PER_EPISODE = 20


def series(tasks: int) -> Plan:
    episodes = max(1, tasks // PER_EPISODE)
    resources = [
        Resource("grade", "Grading suite", ResourceKind.ROOM),
        Resource("dub", "Dub stage", ResourceKind.ROOM),
    ]
    all_tasks: list[Task] = []
    links: list[Link] = []
    entries: dict[str, BaselineEntry] = {}
    for ep in range(1, episodes + 1):
        editor = f"editor-{ep}"
        resources.append(Resource(editor, f"Editor {ep}", ResourceKind.PERSON))
        for n in range(PER_EPISODE):
            task_id = f"ep{ep}-{n}"
            kit = (
                [Assignment(editor)] if n < 10 else [Assignment("grade" if n % 2 else "dub", Decimal("0.5"))]
            )
            all_tasks.append(Task(task_id, f"Ep {ep} step {n}", Decimal(n % 4 + 1), group=f"ep{ep}",
                                  assignments=tuple(kit)))  # fmt: skip
            if n:
                kind = (LinkType.FS, LinkType.SS, LinkType.FF)[n % 3]
                links.append(Link(f"ep{ep}-{n - 1}", task_id, kind, Decimal(n % 2), lag_elapsed=n % 5 == 0))
            entries[task_id] = BaselineEntry(START + timedelta(days=n), START + timedelta(days=n + 2))
        if ep > 1:
            links.append(Link(f"ep{ep - 1}-0", f"ep{ep}-0", LinkType.SS, Decimal(5)))
    return Plan(
        production=Production("Benchmark series", "drama-series", episodes, 60, "GBP", "GB", "ENG", START),
        calendars=(
            CalendarSpec("standard", "Standard", shutdowns=(DateSpan(date(2027, 12, 24), date(2028, 1, 2)),)),
        ),
        resources=tuple(resources),
        tasks=tuple(all_tasks),
        links=tuple(links),
        groups=tuple(Group(f"ep{ep}", f"Episode {ep}") for ep in range(1, episodes + 1)),
        baselines=(Baseline("Agreed", START, entries),),
    )


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return min(times)


def measure(count: int) -> str:
    """One table row: each writer and the reader timed on a series of about `count` tasks."""
    plan = series(count)
    result = schedule(plan)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        xml = out / "plan.xml"
        row = [
            best_of(3, lambda: write_mspdi(plan, result, xml)),
            best_of(3, lambda: read_mspdi(xml)),
            best_of(3, lambda: write_csv(plan, result, out / "s.csv")),
            best_of(3, lambda: write_xlsx(plan, result, out / "s.xlsx")),
            best_of(3, lambda: write_ics(plan, result, out / "s.ics")),
        ]
        size = xml.stat().st_size / 1e6
    return f"| {len(plan.tasks):,} | " + " | ".join(f"{t:.2f}" for t in row) + f" | {size:.1f} MB |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, nargs="*", default=[2000, 10000])
    args = parser.parse_args()
    print(f"# {describe()}; best of 3, seconds")
    print("| tasks | MSPDI write | MSPDI read | CSV | XLSX | ICS | MSPDI size |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for count in args.tasks:
        print(measure(count))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
