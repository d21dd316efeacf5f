"""Benchmark: reading and writing plan files of growing size.

Run: `.venv/bin/python benchmarks/bench_planfile.py [episodes ...]` (default 10 100 500)

Each episode is 20 tasks (offline, cuts, lock, online, grade, sound, mix, QC, delivery ...) in a
chain with one start-to-start link to the previous episode, two resources assigned per task, a
buyer's finish-no-later-than date on the delivery, and a baseline entry per task. The plan is
written with `dump_plan`, then read back three ways:

- clean: a sound file (`parse_plan`: fast read, schema, semantic checks, Plan);
- 1 mistake: the same file with one unknown owner in the last task (the round-trip reader is
  then run as well, to give the line);
- 1/episode: one mistake per episode, of different kinds (bad number, unknown field, unknown
  person, bad date), so the broken parts are set aside and the rest is still checked.

Best of 3 runs of each step.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from machine import describe
from picturelock.adapters.planfile import dump_plan, parse_plan
from picturelock.domain.errors import InvalidInput
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

START = date(2027, 1, 4)
STEPS = ("offline", "dc", "pc", "lock", "turnover", "vfx", "online", "grade", "titles", "review")
STEPS += ("sound-edit", "adr", "foley", "mix", "me", "qc", "fixes", "textless", "masters", "delivery")


def series(episodes: int) -> Plan:
    people = (Person("maya", "Maya Okafor", "Post supervisor"), Person("tom", "Tom Price", "Producer"))
    resources = tuple(Resource(f"suite-{k}", f"Suite {k}", ResourceKind.ROOM) for k in range(10))
    tasks: list[Task] = []
    links: list[Link] = []
    baseline: dict[str, BaselineEntry] = {}
    for ep in range(1, episodes + 1):
        for k, step in enumerate(STEPS):
            task_id = f"ep{ep}-{step}"
            last = k == len(STEPS) - 1
            due = (Constraint(ConstraintKind.FNLT, START + timedelta(days=60 + 7 * ep)),) if last else ()
            assign = (Assignment(f"suite-{k % 10}"), Assignment(f"suite-{(k + 3) % 10}", Decimal("0.5")))
            tasks.append(
                Task(
                    task_id,
                    f"Ep {ep} {step}",
                    Decimal(0 if last else 1 + k % 5),
                    "maya",
                    last,
                    f"ep{ep}",
                    assignments=() if last else assign,
                    constraints=due,
                    kind=step,
                )
            )
            if k:
                links.append(Link(f"ep{ep}-{STEPS[k - 1]}", task_id))
            elif ep > 1:
                links.append(Link(f"ep{ep - 1}-offline", task_id, LinkType.SS, Decimal(5)))
            first = START + timedelta(days=7 * ep + k)
            baseline[task_id] = BaselineEntry(first, first + timedelta(days=2))
    return Plan(
        production=Production("Benchmark", "drama-series", episodes, 60, "GBP", "GB", "ENG", START),
        calendars=(CalendarSpec("standard", "Standard week"),),
        resources=resources,
        tasks=tuple(tasks),
        links=tuple(links),
        people=people,
        groups=tuple(Group(f"ep{ep}", f"Episode {ep}") for ep in range(1, episodes + 1)),
        baselines=(Baseline("v1", START, baseline),),
    )


MISTAKES = ("    priority: high\n", "    colour: red\n", "    notes: [x]\n", "    pinned_start: 2027-02-30\n")


def with_mistakes(text: str, every_episode: bool) -> str:
    """`text` with a mistake in each episode's QC task, or only an unknown calendar in the last."""
    lines = text.splitlines(keepends=True)
    qc = [i for i, line in enumerate(lines) if line.startswith("  - id: ep") and line.endswith("-qc\n")]
    if not every_episode:
        lines.insert(qc[-1] + 1, "    calendar: nowhere\n")
        return "".join(lines)
    for n, index in enumerate(reversed(qc)):
        lines.insert(index + 1, MISTAKES[n % len(MISTAKES)])
    return "".join(lines)


def best(run: Callable[[], object], times: int = 3) -> float:
    result = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        result.append(time.perf_counter() - started)
    return min(result)


def refused(text: str) -> Callable[[], int]:
    def run() -> int:
        try:
            parse_plan(text, "bench.yaml")
        except InvalidInput as error:
            return len(error.problems)
        raise AssertionError("expected problems")

    return run


def main(sizes: list[int]) -> None:
    print(describe())
    print("| tasks | lines | dump s | clean s | 1 mistake s | 1/episode s | problems |")
    print("| ----: | ----: | -----: | ------: | ----------: | ----------: | -------: |")
    for episodes in sizes:
        plan = series(episodes)
        text = dump_plan(plan)
        assert parse_plan(text, "bench.yaml") == plan
        one, many = with_mistakes(text, False), with_mistakes(text, True)
        assert refused(one)() == 1
        problems = refused(many)()
        dump_s = best(lambda plan=plan: dump_plan(plan))
        clean_s = best(lambda text=text: parse_plan(text, "bench.yaml"))
        print(
            f"| {len(plan.tasks):,} | {text.count(chr(10)):,} | {dump_s:.2f} | {clean_s:.2f} "
            f"| {best(refused(one)):.2f} | {best(refused(many)):.2f} | {problems} |"
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10, 100, 500])
