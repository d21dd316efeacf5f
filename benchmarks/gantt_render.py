"""Gantt chart speed, and the sample charts in docs/images.

    .venv/bin/python benchmarks/gantt_render.py            # time, and rewrite docs/images/gantt-*
    .venv/bin/python benchmarks/gantt_render.py --no-images

Builds a 25-episode series of 500 chart rows (19 tasks and a summary per episode, editors, a
grading suite and a dubbing theatre shared between episodes, weekly transmission dates), schedules
it with the real engine (levelled when levelling is available), and times the layout, the SVG
and the PNG (best of 5). The small plan file is charted too, for docs/images.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from machine import describe
from picturelock.adapters.exports.gantt_png import render_png, write_png
from picturelock.adapters.exports.gantt_svg import render_svg, write_svg
from picturelock.domain.gantt import layout
from picturelock.domain.plan import (
    Assignment,
    Baseline,
    BaselineEntry,
    CalendarSpec,
    Constraint,
    ConstraintKind,
    Group,
    Link,
    LinkType,
    Person,
    Plan,
    Production,
    Resource,
    ResourceKind,
    Task,
)
from picturelock.domain.schedule.result import Schedule
from picturelock.services.plans import load_plan
from picturelock.services.scheduling import schedule

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
START = date(2027, 1, 4)
EDITORS = 5  # a new episode's offline starts each week; each editor cuts every fifth episode

# (suffix, name, working days, resource, predecessors as (suffix, type, lag))
EPISODE: tuple[tuple[str, str, str, str | None, tuple[tuple[str, str, str], ...]], ...] = (
    ("off", "offline edit", "15", "editor", ()),
    ("dc", "director's cut", "5", "editor", (("off", "FS", "0"),)),
    ("dcn", "director's cut notes", "2", None, (("dc", "FS", "0"),)),
    ("pc", "producer's cut", "4", "editor", (("dcn", "FS", "0"),)),
    ("exn", "broadcaster notes", "3", None, (("pc", "FS", "0"),)),
    ("lock", "picture lock", "0", None, (("exn", "FS", "0"),)),
    ("vfx", "VFX shots", "10", None, (("lock", "FS", "0"),)),
    ("onl", "online conform", "2", "online", (("vfx", "FS", "0"),)),
    ("grd", "grade", "3", "grade", (("onl", "FS", "0"),)),
    ("grr", "grade review", "0.5", "grade", (("grd", "FS", "0"),)),
    ("ttl", "titles and captions", "1", "online", (("grr", "FS", "0"),)),
    ("sfx", "sound edit", "8", None, (("lock", "FS", "0"),)),
    ("adr", "ADR", "1", None, (("lock", "FS", "3"),)),
    ("fol", "Foley", "2", None, (("lock", "FS", "2"),)),
    ("mix", "final mix", "3", "dub", (("sfx", "FS", "0"), ("adr", "FS", "0"), ("fol", "FS", "0"))),
    ("me", "M&E and stems", "1", "dub", (("mix", "FS", "0"),)),
    ("qc", "QC", "1", None, (("ttl", "FS", "0"), ("me", "FS", "0"))),
    ("fix", "QC fixes", "1", "online", (("qc", "FS", "0"),)),
    ("del", "delivered to broadcaster", "0", None, (("fix", "FS", "0"),)),
)


def series_plan(episodes: int = 25) -> Plan:
    """A long series: 20 chart rows per episode (19 tasks and the episode's summary)."""
    tasks: list[Task] = []
    links: list[Link] = []
    baseline: dict[str, BaselineEntry] = {}
    for n in range(1, episodes + 1):
        editor = f"editor-{(n - 1) % EDITORS + 1}"
        tx = START + timedelta(weeks=14 + n)  # weekly transmissions after a run-in
        for suffix, name, days, resource, preds in EPISODE:
            task_id = f"ep{n}-{suffix}"
            who = editor if resource == "editor" else resource
            constraints = (Constraint(ConstraintKind.FNLT, tx),) if suffix == "del" else ()
            assigned = (Assignment(who),) if who else ()
            tasks.append(
                Task(task_id, f"Ep {n} {name}", Decimal(days), owner="maya" if who else "tom", kind=suffix,
                     milestone=days == "0", group=f"ep{n}", assignments=assigned, constraints=constraints)
            )  # fmt: skip
            links.extend(Link(f"ep{n}-{p}", task_id, LinkType(t), Decimal(lag)) for p, t, lag in preds)
        if n > 1:
            links.append(Link(f"ep{n - 1}-off", f"ep{n}-off", LinkType.SS, Decimal(5)))
        first = START + timedelta(weeks=n - 1)
        baseline[f"ep{n}-off"] = BaselineEntry(first, first + timedelta(days=18))
        baseline[f"ep{n}-del"] = BaselineEntry(tx - timedelta(days=7), tx - timedelta(days=7))
    return Plan(
        production=Production("Long series", "drama-series", episodes, 60, "GBP", "GB", "ENG", START),
        calendars=(CalendarSpec("standard", "Standard week"),),
        resources=(
            *(Resource(f"editor-{i}", f"Editor {i}", ResourceKind.PERSON) for i in range(1, EDITORS + 1)),
            Resource("online", "Online suite", ResourceKind.ROOM),
            Resource("grade", "Grading suite", ResourceKind.ROOM),
            Resource("dub", "Dubbing theatre", ResourceKind.ROOM),
        ),
        tasks=tuple(tasks),
        links=tuple(links),
        people=(Person("maya", "Maya Okafor", "Post supervisor"), Person("tom", "Tom Price", "Producer")),
        groups=tuple(Group(f"ep{n}", f"Episode {n}") for n in range(1, episodes + 1)),
        baselines=(Baseline("Agreed schedule v1", START, baseline),),
    )


def scheduled(plan: Plan) -> tuple[Schedule, str]:
    """Levelled if the engine can level; otherwise the logic-only schedule."""
    try:
        return schedule(plan, level=True), "levelled"
    except (ImportError, NotImplementedError) as missing:
        print(f"(levelling not available: {missing}; charting the logic-only schedule)", file=sys.stderr)
        return schedule(plan), "logic only"


def best_of(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-images", action="store_true", help="time only; leave docs/images alone")
    args = parser.parse_args()
    plan = series_plan()
    sched, kind = scheduled(plan)
    today = START + timedelta(weeks=6)
    chart = layout(plan, sched, today=today)
    rows = len(chart.rows)
    timings = {
        "layout": best_of(5, lambda: layout(plan, sched, today=today)),
        "SVG (render)": best_of(5, lambda: render_svg(chart)),
        "PNG (render + encode)": best_of(5, lambda: render_png(chart)),
    }
    svg_bytes, png_bytes = len(render_svg(chart).encode()), len(render_png(chart))
    print(describe())
    print(f"plan: {len(plan.tasks)} tasks, {rows} chart rows, {chart.days} days on the axis, schedule {kind}")
    print("| step | best of 5 |\n| --- | --- |")
    for step, seconds in timings.items():
        print(f"| {step} | {seconds * 1000:.0f} ms |")
    print(f"SVG {svg_bytes / 1024:.0f} KiB, PNG {png_bytes / 1024:.0f} KiB")
    if not args.no_images:
        IMAGES.mkdir(parents=True, exist_ok=True)
        write_svg(plan, sched, IMAGES / "gantt-500-rows.svg", today=today)
        write_png(plan, sched, IMAGES / "gantt-500-rows.png", today=today)
        small = load_plan(ROOT / "tests" / "fixtures" / "small_plan.yaml")
        small_schedule, _ = scheduled(small)
        write_svg(small, small_schedule, IMAGES / "gantt-small-plan.svg", today=date(2027, 1, 20))
        write_png(small, small_schedule, IMAGES / "gantt-small-plan.png", today=date(2027, 1, 20))
        print(f"wrote {IMAGES}/gantt-500-rows.(svg|png) and gantt-small-plan.(svg|png)")


if __name__ == "__main__":
    main()
