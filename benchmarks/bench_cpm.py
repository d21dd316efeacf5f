"""Benchmark: the critical path on large generated networks, beside a networkx longest path.

Run: .venv/bin/python benchmarks/bench_cpm.py [tasks ...]   (default: 50000 200000)

Each network has twice as many links as tasks (70% FS, 10% each SS/FF/SF; lags zero, positive,
negative and elapsed), two calendars (a 5-day and a 6-day week, each with about 20 closed days a
year), 500 SNET/FNLT constraints and 5% milestones. It is built as a Plan and compiled with
compile_network, as the application does. Timed separately:

  compile   compile_network(plan, rules)
  passes    topological order + forward + backward pass with total and free float
  full      critical_path(net): the passes plus the Schedule (TaskTimes, driver sentences)
  nx build  networkx DiGraph of the same links (plain FS, no calendars)
  nx pass   longest path by networkx topological sort: early starts, late starts, float

Best of three runs for the CPM columns. Targets (issue 2): full <= 1 s at 50k, <= 4 s at 200k.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import networkx as nx

from machine import describe
from picturelock.domain.calendar import weekday_rule
from picturelock.domain.plan import (
    CalendarSpec,
    Constraint,
    ConstraintKind,
    Link,
    LinkType,
    Plan,
    Production,
    Task,
)
from picturelock.domain.schedule import cpm
from picturelock.domain.schedule.network import Network, compile_network
from picturelock.domain.schedule.passes import Passes

START = date(2027, 1, 4)
WEEKS = {"five-day": range(5), "six-day": range(6)}


def closed_days(seed: int, years: int = 40) -> list[date]:
    """About 20 closed weekdays a year."""
    rng = random.Random(seed)
    return [START + timedelta(days=rng.randrange(365 * years)) for _ in range(20 * years)]


def generate(n_tasks: int, seed: int = 7) -> Plan:
    rng = random.Random(seed)
    tasks = []
    constrained = set(rng.sample(range(n_tasks), 500))
    for i in range(n_tasks):
        milestone = rng.random() < 0.05
        days = Decimal(0) if milestone else Decimal(rng.randint(1, 20)) / 2
        constraints: tuple[Constraint, ...] = ()
        if i in constrained:
            if rng.random() < 0.5:  # a turnover or booking date, within the first two years
                constraint = Constraint(ConstraintKind.SNET, START + timedelta(days=rng.randrange(0, 700)))
            else:  # a buyer's date, some met and some not
                constraint = Constraint(ConstraintKind.FNLT, START + timedelta(days=rng.randrange(900, 1600)))
            constraints = (constraint,)
        calendar = "six-day" if rng.random() < 0.3 else None
        tasks.append(
            Task(f"t{i}", f"Task {i}", days, milestone=milestone, calendar=calendar, constraints=constraints)
        )
    return Plan(
        production=Production("Bench", "drama-series", 50, 60, "GBP", "GB", None, START),
        calendars=tuple(CalendarSpec(cid, cid, frozenset(days)) for cid, days in WEEKS.items()),
        resources=(),
        tasks=tuple(tasks),
        links=tuple(links(n_tasks, rng)),
        project_calendar="five-day",
    )


def links(n_tasks: int, rng: random.Random) -> list[Link]:
    out: list[Link] = []
    seen: set[tuple[int, int]] = set()
    while len(out) < 2 * n_tasks:
        s = rng.randrange(1, n_tasks)
        p = rng.randrange(max(0, s - 2000), s)
        if (p, s) in seen:
            continue
        seen.add((p, s))
        roll = rng.random()
        kind = LinkType.FS if roll < 0.7 else rng.choice([LinkType.SS, LinkType.FF, LinkType.SF])
        lag_roll = rng.random()
        elapsed = False
        if lag_roll < 0.6:
            lag = Decimal(0)
        elif lag_roll < 0.85:
            lag = Decimal(rng.randint(1, 10)) / 2
        elif lag_roll < 0.95:
            lag = -Decimal(rng.randint(1, 4)) / 2
        else:
            lag, elapsed = Decimal(rng.randint(1, 14)), True
        out.append(Link(f"t{p}", f"t{s}", kind, lag, elapsed))
    return out


def rules() -> dict[str, Callable[[date], bool]]:
    return {cid: weekday_rule(days, closed_days(seed)) for seed, (cid, days) in enumerate(WEEKS.items())}


def best_of(runs: int, action: Callable[[], object]) -> tuple[float, float, object]:
    """Best wall-clock and best CPU (process) time over `runs`, and the last result."""
    wall = cpu = float("inf")
    result = None
    for _ in range(runs):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = action()
        wall = min(wall, time.perf_counter() - began)
        cpu = min(cpu, time.process_time() - began_cpu)
    return wall, cpu, result


def passes_only(net: Network) -> None:
    order = cpm.topological_order(net)
    work = Passes(net)
    work.forward(order)
    work.backward(order)


def networkx_cpm(net: Network) -> tuple[float, float]:
    began = time.perf_counter()
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(net)))
    graph.add_edges_from((p, s) for s, preds in enumerate(net.preds) for p, *_ in preds)
    built = time.perf_counter()
    duration = net.duration
    order = list(nx.topological_sort(graph))
    es = dict.fromkeys(order, 0)
    for node in order:
        finish = es[node] + duration[node]
        for succ in graph.successors(node):
            if finish > es[succ]:
                es[succ] = finish
    end = max(es[n] + duration[n] for n in order)
    ls = {}
    for node in reversed(order):
        latest = min((ls[s] for s in graph.successors(node)), default=end)
        ls[node] = latest - duration[node]
    floats = [ls[n] - es[n] for n in order]
    assert min(floats) >= 0
    return built - began, time.perf_counter() - built


def main(sizes: list[int]) -> None:
    print(describe())
    print("| tasks | links | compile s | passes s (cpu) | full s (cpu) | nx build s | nx pass s | critical |")
    print("| ----: | ----: | --------: | -------------: | -----------: | ---------: | --------: | -------: |")
    day_rules = rules()
    for n in sizes:
        plan = generate(n)
        compile_s, _, net = best_of(1, lambda plan=plan: compile_network(plan, day_rules))
        assert isinstance(net, Network)
        passes_s, passes_cpu, _ = best_of(3, lambda net=net: passes_only(net))
        full_s, full_cpu, schedule = best_of(3, lambda net=net: cpm.critical_path(net))
        nx_build, nx_pass = networkx_cpm(net)
        print(
            f"| {n:,} | {len(plan.links):,} | {compile_s:.2f} | {passes_s:.2f} ({passes_cpu:.2f}) | "
            f"{full_s:.2f} ({full_cpu:.2f}) | "
            f"{nx_build:.2f} | {nx_pass:.2f} | {len(schedule.critical_path):,} |"  # type: ignore[union-attr]
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [50_000, 200_000])
