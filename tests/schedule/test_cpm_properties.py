"""Invariants of the critical path on random networks (hypothesis).

A bound on a task's start or finish is met when, on the task's own calendar, the date has at least
as much working time behind it as the bound (a milestone, being a point, compares plainly). The
checks below use WorkingTime's public arithmetic only, not the engine's internals.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from picturelock.domain.plan import Link, LinkType, Progress, Task
from picturelock.domain.schedule.cpm import critical_path
from picturelock.domain.schedule.network import Network
from picturelock.domain.schedule.result import Schedule, TaskTimes

from .cpm_builders import MONDAY, SIX_DAYS, calendar, link, network, plan, task

CALENDARS = [
    calendar("standard", closed=[date(2027, 1, 12), date(2027, 1, 26), date(2027, 2, 5)]),
    calendar("six", SIX_DAYS, closed=[date(2027, 1, 16), date(2027, 1, 20)]),
]
TYPES = [LinkType.FS, LinkType.SS, LinkType.FF, LinkType.SF]


@st.composite
def plans(
    draw: st.DrawFn,
    *,
    constraints: bool = False,
    calendars: int = 2,
    elapsed: bool = True,
    pins: bool = False,
    progress: bool = False,
) -> object:
    n = draw(st.integers(1, 12))
    names = [f"t{i}" for i in range(n)]
    tasks: list[Task] = []
    for name in names:
        slots = draw(st.integers(0, 9))
        cal = draw(st.sampled_from(["standard", "six"][:calendars]))
        extra = {}
        if constraints:
            for kind in ("snet", "fnlt", "mfo"):
                if draw(st.integers(0, 5)) == 0:
                    extra[kind] = MONDAY + timedelta(days=draw(st.integers(0, 40)))
        if pins and draw(st.integers(0, 3)) == 0:
            extra["pinned"] = MONDAY + timedelta(days=draw(st.integers(0, 30)))
        if progress:
            extra["progress"] = draw(progresses())
        tasks.append(task(name, slots / 2, milestone=slots == 0, calendar=cal, **extra))
    links: list[Link] = []
    for j in range(1, n):
        for i in draw(st.sets(st.integers(0, j - 1), max_size=3)):
            kind = draw(st.sampled_from(TYPES))
            lag = draw(st.integers(-4, 4)) / 2
            links.append(link(names[i], names[j], kind.value, lag, elapsed and draw(st.booleans())))
    order = draw(st.permutations(tasks))  # plan order is not the link order
    return plan(order, links, calendars=CALENDARS[:calendars])


STATUS = MONDAY + timedelta(days=10)


@st.composite
def progresses(draw: st.DrawFn) -> Progress:
    """Nothing yet, finished before the status date, or started with work left."""
    began = MONDAY + timedelta(days=draw(st.integers(0, 9)))
    kind = draw(st.sampled_from(["none", "none", "finished", "started"]))
    if kind == "finished":
        return Progress(began, began + timedelta(days=draw(st.integers(0, (STATUS - began).days - 1))))
    if kind == "started":
        return Progress(began, None, Decimal(draw(st.integers(0, 10))) / 2)
    return Progress()


def ahead(net: Network, p: int, point: int, lag: int, elapsed: bool) -> int:
    return point + lag if elapsed else net.calendar[p].add_work(point, lag)


def reaches(net: Network, i: int, point: int, bound: int) -> bool:
    """`point` of task i is at or after `bound` in i's working time."""
    if net.milestone[i]:
        return point >= bound
    cal = net.calendar[i]
    return cal.work_before(point) >= cal.work_before(bound)


def within(net: Network, i: int, point: int, limit: int) -> bool:
    if net.milestone[i]:
        return point <= limit
    cal = net.calendar[i]
    return cal.work_before(point) <= cal.work_before(limit)


def link_holds(net: Network, p: int, s: int, typ: LinkType, lag: int, elapsed: bool, dates: dict) -> bool:
    """Whether the link holds with each task at the (start, finish) given in `dates`."""
    from_start, to_finish = typ in (LinkType.SS, LinkType.SF), typ in (LinkType.FF, LinkType.SF)
    bound = ahead(net, p, dates[p][0] if from_start else dates[p][1], lag, elapsed)
    return reaches(net, s, dates[s][1] if to_finish else dates[s][0], bound)


def lost_working_time(
    net: Network, p: int, s: int, typ: LinkType, lag: int, elapsed: bool, dates: dict
) -> bool:
    """Whether the link is broken by working time on s's calendar (a milestone pinned on a Saturday
    when its link wants Sunday loses none: that shows as no float lost, not negative float)."""
    from_start, to_finish = typ in (LinkType.SS, LinkType.SF), typ in (LinkType.FF, LinkType.SF)
    bound = ahead(net, p, dates[p][0] if from_start else dates[p][1], lag, elapsed)
    cal = net.calendar[s]
    return cal.work_before(dates[s][1] if to_finish else dates[s][0]) < cal.work_before(bound)


def all_links(net: Network):
    for s, links in enumerate(net.preds):
        for p, typ, lag, elapsed in links:
            yield p, s, typ, lag, elapsed


def times(net: Network, result: Schedule) -> list[TaskTimes]:
    return [result.tasks[task_id] for task_id in net.ids]


def early(rows: list[TaskTimes]) -> dict[int, tuple[int, int]]:
    return {i: (t.early_start, t.early_finish) for i, t in enumerate(rows)}


def late(rows: list[TaskTimes]) -> dict[int, tuple[int, int]]:
    return {i: (t.late_start, t.late_finish) for i, t in enumerate(rows)}


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(plans(constraints=True))
def test_early_and_late_dates_satisfy_every_link(the_plan) -> None:
    net = network(the_plan)
    rows = times(net, critical_path(net))
    for p, s, typ, lag, elapsed in all_links(net):
        assert link_holds(net, p, s, typ, lag, elapsed, early(rows)), (p, s, typ, lag, elapsed)
        assert link_holds(net, p, s, typ, lag, elapsed, late(rows)), (p, s, typ, lag, elapsed)


@FAST
@given(plans(constraints=True))
def test_constraints_hold_forward_and_backward(the_plan) -> None:
    net = network(the_plan)
    result = critical_path(net)
    for i, t in enumerate(times(net, result)):
        if net.snet[i] is not None:
            assert reaches(net, i, t.early_start, net.snet[i])
        if net.mfo[i] is not None:
            assert reaches(net, i, t.early_finish, net.mfo[i])
            assert within(net, i, t.late_finish, net.mfo[i])
        if net.fnlt[i] is not None:
            assert within(net, i, t.late_finish, net.fnlt[i])
        assert within(net, i, t.late_finish, result.finish)
        assert t.free_float <= t.total_float


@FAST
@given(plans())
def test_floats_without_constraints(the_plan) -> None:
    net = network(the_plan)
    result = critical_path(net)
    rows = times(net, result)
    assert result.finish == max(t.early_finish for t in rows)
    for t in rows:
        assert 0 <= t.free_float <= t.total_float
        assert t.early_start <= t.late_start and t.early_finish <= t.late_finish
        assert t.critical == (t.total_float == 0)
    assert result.critical_path, "some task always drives the finish"


@FAST
@given(plans(constraints=True))
def test_early_start_is_as_early_as_its_driver_allows(the_plan) -> None:
    net = network(the_plan)
    rows = times(net, critical_path(net))
    index = net.index()
    for s, t in enumerate(rows):
        driver = t.start_driver
        if driver.kind == "link":
            p = index[driver.task]
            tight = [
                link
                for link in net.preds[s]
                if link[0] == p and not _holds_one_slot_earlier(net, s, link, rows)
            ]
            assert tight, (t, driver)
        elif driver.kind == "project start":
            expected = 0 if net.milestone[s] else net.calendar[s].next_start(0)
            assert t.early_start == expected


def _holds_one_slot_earlier(net: Network, s: int, link: tuple, rows: list[TaskTimes]) -> bool:
    """Whether the link would still hold with task s one working slot (or point) earlier."""
    p, typ, lag, elapsed = link
    t = rows[s]
    cal = net.calendar[s]
    if net.milestone[s]:
        moved = (t.early_start - 1, t.early_finish - 1)
    else:
        start = cal.slot_at(cal.work_before(t.early_start) - 1)
        moved = (start, cal.add_work(start, net.duration[s]))
    dates = early(rows) | {s: moved}
    return link_holds(net, p, s, typ, lag, elapsed, dates)


@FAST
@given(plans(constraints=True))
def test_late_dates_are_as_late_as_the_successors_allow(the_plan) -> None:
    net = network(the_plan)
    result = critical_path(net)
    rows = times(net, result)
    for i, t in enumerate(rows):
        cal = net.calendar[i]
        if net.milestone[i]:
            moved = (t.late_start + 1, t.late_finish + 1)
        else:
            start = cal.slot_at(cal.work_before(t.late_start) + 1)
            moved = (start, cal.add_work(start, net.duration[i]))
        dates = late(rows) | {i: moved}
        limits = [x for x in (result.finish, net.fnlt[i], net.mfo[i]) if x is not None]
        broken = [x for x in limits if not within(net, i, moved[1], x)]
        broken += [link for link in all_links(net) if link[0] == i and not link_holds(net, *link, dates)]
        assert broken, f"{net.ids[i]} could finish later: {t}"


@FAST
@given(plans())
def test_free_float_is_what_a_task_can_slip_without_moving_a_successor(the_plan) -> None:
    net = network(the_plan)
    result = critical_path(net)
    rows = times(net, result)

    def slipped(i: int, slots: int) -> dict[int, tuple[int, int]]:
        cal, t = net.calendar[i], rows[i]
        if net.milestone[i]:
            start = cal.slot_at(cal.work_before(t.early_start) + slots - 1) + 1 if slots else t.early_start
            return early(rows) | {i: (start, start)}
        start = cal.slot_at(cal.work_before(t.early_start) + slots)
        return early(rows) | {i: (start, cal.add_work(start, net.duration[i]))}

    def fits(i: int, dates: dict[int, tuple[int, int]]) -> bool:
        outgoing = [link for link in all_links(net) if link[0] == i]
        return within(net, i, dates[i][1], result.finish) and all(
            link_holds(net, *link, dates) for link in outgoing
        )

    for i, t in enumerate(rows):
        assert fits(i, slipped(i, t.free_float)), net.ids[i]
        if t.free_float < t.total_float and not net.milestone[i]:
            assert not fits(i, slipped(i, t.free_float + 1)), net.ids[i]


@FAST
@given(plans(calendars=1, elapsed=False))
def test_critical_tasks_chain_from_start_to_finish_on_one_calendar(the_plan) -> None:
    """On one calendar, without elapsed lags, the drivers of the last task are all critical.

    (Across calendars or elapsed lags a driving task may have float of its own: a Friday finish
    followed by a one-day elapsed lag could slip half a day and still start its successor on
    Monday. P6 offers "longest path" for that case; we report float as it is.)"""
    net = network(the_plan)
    result = critical_path(net)
    last = min((t for t in result.tasks.values() if t.early_finish == result.finish), key=lambda t: t.task_id)
    chain = [last]
    while chain[-1].start_driver.kind == "link":
        chain.append(result.tasks[chain[-1].start_driver.task or ""])
    assert all(t.critical for t in chain), chain
    assert chain[-1].start_driver.kind == "project start"


@FAST
@given(plans(constraints=True, pins=True))
def test_pinned_tasks_hold_their_dates_and_show_broken_links_as_negative_float(the_plan) -> None:
    net = network(the_plan)
    rows = times(net, critical_path(net))
    dates_early, dates_late = early(rows), late(rows)
    for i, t in enumerate(rows):
        if net.pinned[i] is None:
            continue
        cal = net.calendar[i]
        assert t.early_start == (net.pinned[i] if net.milestone[i] else cal.next_start(net.pinned[i]))
        broken = [link for link in net.preds[i] if lost_working_time(net, link[0], i, *link[1:], dates_early)]
        assert t.total_float < 0 or not broken, (t, broken)
    for p, s, typ, lag, elapsed in all_links(net):
        if net.pinned[s] is None:
            assert link_holds(net, p, s, typ, lag, elapsed, dates_early)
        # a pinned task will not move: its predecessors' late dates meet its pinned dates
        target = dates_early if net.pinned[s] is not None else dates_late
        assert link_holds(net, p, s, typ, lag, elapsed, dates_late | {s: target[s]})


@FAST
@given(plans(progress=True))
def test_progress_keeps_history_and_schedules_the_rest_after_the_status_date(the_plan) -> None:
    net = network(the_plan, as_of=STATUS)
    result = critical_path(net)
    rows = times(net, result)
    status = net.status_point or 0
    history = [net.actual_start[i] is not None or net.actual_finish[i] is not None for i in range(len(net))]
    for i, t in enumerate(rows):
        cal = net.calendar[i]
        if net.actual_finish[i] is not None:
            assert (t.finish, t.total_float, t.free_float, t.critical) == (net.actual_finish[i], 0, 0, False)
        elif net.actual_start[i] is not None:
            assert t.start == net.actual_start[i]
            assert t.finish == cal.add_work(max(t.start, status), net.duration[i])
        else:
            assert reaches(net, i, t.early_start, status)
    for p, s, typ, lag, elapsed in all_links(net):
        if not history[s]:
            assert link_holds(net, p, s, typ, lag, elapsed, early(rows))
            # a started task's late start is where its remaining work may resume at the latest;
            # the start its SS/SF links hang on is its actual start, which cannot move
            fixed_start = {p: (rows[p].early_start, rows[p].late_finish)} if history[p] else {}
            assert link_holds(net, p, s, typ, lag, elapsed, late(rows) | fixed_start)
