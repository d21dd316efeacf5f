"""Invariants of levelling on random small plans (hypothesis): every levelled schedule passes the
independent checker, is never shorter than the critical path, and reads back through the
critical path with its own dates and no negative float."""

from __future__ import annotations

import os
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from picturelock.domain.calendar import DateSpan, weekday_rule
from picturelock.domain.plan import (
    Assignment,
    CalendarSpec,
    Link,
    LinkType,
    Plan,
    Production,
    Resource,
    ResourceKind,
    Task,
)
from picturelock.domain.schedule.cpm import critical_path
from picturelock.domain.schedule.levelling import level, levelled_schedule
from picturelock.domain.schedule.network import Network, compile_network
from picturelock.domain.schedule.verify import check_schedule

MONDAY = date(2027, 1, 4)
DAYS = [Decimal(x) for x in ("0", "0.5", "1", "1.5", "2", "3", "5")]
LAGS = [Decimal(x) for x in ("-1", "0", "0", "0.5", "2")]


@st.composite
def plans(draw: st.DrawFn, with_resources: bool = True) -> Network:
    resources = []
    if with_resources:
        for r in range(draw(st.integers(1, 3))):
            leave = ()
            if draw(st.booleans()):
                first = MONDAY + timedelta(days=draw(st.integers(0, 10)))
                leave = (DateSpan(first, first + timedelta(days=draw(st.integers(0, 3))), "leave"),)
            capacity = Decimal(draw(st.sampled_from(["1", "1", "2"])))
            resources.append(Resource(f"r{r}", f"Room {r}", ResourceKind.ROOM, capacity, leave=leave))
    tasks = []
    for i in range(draw(st.integers(2, 9))):
        days = draw(st.sampled_from(DAYS))
        assign = []
        for resource in resources:
            if draw(st.booleans()):
                assign.append(Assignment(resource.id, Decimal(draw(st.sampled_from(["0.5", "1", "1"])))))
        priority = draw(st.sampled_from([500, 500, 800]))
        tasks.append(
            Task(
                f"t{i}", f"Task {i}", days, milestone=days == 0, assignments=tuple(assign), priority=priority
            )
        )
    links = []
    for j in range(1, len(tasks)):
        for i in draw(st.sets(st.integers(0, j - 1), max_size=2)):
            kind = draw(st.sampled_from(list(LinkType)))
            links.append(Link(f"t{i}", f"t{j}", kind, draw(st.sampled_from(LAGS)), draw(st.booleans())))
    plan = Plan(
        production=Production("Random", "feature", 1, 90, "GBP", "GB", None, MONDAY),
        calendars=(CalendarSpec(id="standard", name="Standard week"),),
        resources=tuple(resources),
        tasks=tuple(tasks),
        links=tuple(links),
    )
    return compile_network(plan, {"standard": weekday_rule(range(5), ())})


FEW = settings(
    max_examples=int(os.environ.get("LEVELLING_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FEW
@given(plans(), st.integers(0, 3))
def test_levelled_schedules_are_valid_and_never_shorter_than_the_critical_path(
    net: Network, seed: int
) -> None:
    result = level(net, seed=seed, iterations=5)
    assert check_schedule(net, result.start, result.finish) == []
    cpm = critical_path(net)
    assert result.makespan >= cpm.finish
    for task_id in result.delays:  # a task levelling delayed starts after its early start
        assert result.start[net.ids.index(task_id)] > cpm.tasks[task_id].early_start


@FEW
@given(plans())
def test_the_levelled_schedule_reads_back_with_its_own_dates_and_no_negative_float(net: Network) -> None:
    result = level(net, iterations=3)
    schedule = levelled_schedule(net, result)
    for i, task_id in enumerate(net.ids):
        times = schedule.tasks[task_id]
        assert (times.early_start, times.early_finish) == (result.start[i], result.finish[i])
        assert times.total_float >= 0
        assert times.free_float <= times.total_float
    assert schedule.finish == result.makespan


@FEW
@given(plans(with_resources=False))
def test_without_resources_the_levelled_dates_are_the_early_dates(net: Network) -> None:
    result = level(net, iterations=1)
    cpm = critical_path(net)
    assert list(result.start) == [cpm.tasks[t].early_start for t in net.ids]
    assert list(result.finish) == [cpm.tasks[t].early_finish for t in net.ids]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_the_optimiser_is_valid_and_never_longer_than_the_heuristic(net: Network) -> None:
    from picturelock.adapters.solver.cpsat import optimise

    hint = level(net, iterations=2)
    result, proven = optimise(net, hint, time_limit_s=2, workers=1)
    assert check_schedule(net, result.start, result.finish) == []
    assert result.makespan <= hint.makespan
    if proven:
        assert result.method == "cp-sat"
