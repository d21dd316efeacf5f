"""An independent check of a schedule against its network: links, bounds and capacities.

Written apart from the schedule generator (it asks `WorkingTime` directly and shares no code
with `sgs.py`), so that tests and benchmarks can trust a levelled schedule only once this has
found nothing wrong with it. Each problem is a sentence naming the task and what it breaks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from picturelock.domain.calendar import WorkingTime
from picturelock.domain.plan import LinkType
from picturelock.domain.schedule.network import Network


def _moved(cal: WorkingTime, point: int, lag: int, elapsed: bool) -> int:
    """`point` plus a lag in working slots of `cal` (or plain slots when elapsed)."""
    if elapsed or lag == 0:
        return point + lag
    if lag > 0:
        return cal.slot_at(cal.work_before(point) + lag - 1) + 1
    return cal.slot_at(cal.work_before(point) + lag)


def _work(net: Network, i: int) -> int:
    return 0 if net.milestone[i] else net.duration[i]


def _is_fixed(net: Network, i: int) -> bool:
    return net.pinned[i] is not None or net.actual_start[i] is not None or net.actual_finish[i] is not None


def _work_from(net: Network, i: int, start: int) -> int:
    """Where a task's remaining work begins: its start, or the status point for a started one."""
    if net.actual_start[i] is not None and net.status_point is not None:
        return net.calendar[i].next_start(max(start, net.status_point))
    return start


def expected_finish(net: Network, i: int, start: int) -> int:
    if net.actual_finish[i] is not None:
        finish = net.actual_finish[i]
        assert finish is not None
        return finish
    d, cal = _work(net, i), net.calendar[i]
    if d <= 0:
        started = net.actual_start[i] is not None and net.status_point is not None
        return max(start, net.status_point or 0) if started else start
    work_from = _work_from(net, i, start)
    return cal.slot_at(cal.work_before(work_from) + d - 1) + 1


def _bounds(net: Network, i: int, start: int, finish: int) -> list[str]:
    name, d, cal = net.ids[i], _work(net, i), net.calendar[i]
    problems = []
    if d > 0 and not cal.is_working(start):
        problems.append(f"{name} starts at {start}, not a working slot of {cal.name}")
    lows = [("the project start", 0), ("the status date", net.status_point), ("its SNET", net.snet[i])]
    for what, low in lows:
        if low is not None and not _reaches(net, i, start, low):
            problems.append(f"{name} starts at {start}, before {what} ({low})")
    mfo = net.mfo[i]
    if mfo is not None and not _reaches(net, i, finish, mfo):
        problems.append(f"{name} finishes at {finish}, before its must-finish-on point {mfo}")
    return problems


def _fixed(net: Network, i: int, start: int) -> list[str]:
    name, cal = net.ids[i], net.calendar[i]
    actual = net.actual_start[i] if net.actual_start[i] is not None else net.actual_finish[i]
    if actual is not None:
        return [] if start == actual else [f"{name} has actuals from {actual} but was moved to {start}"]
    pinned = net.pinned[i]
    assert pinned is not None
    want = cal.next_start(pinned) if _work(net, i) > 0 else pinned
    return [] if start == want else [f"{name} is pinned at {want} but was moved to {start}"]


def _reaches(net: Network, i: int, point: int, bound: int) -> bool:
    """Whether a task's `point` is at or after `bound`: in working time on its calendar (Friday
    evening reaches Monday morning), or as plain points for a milestone."""
    if net.milestone[i]:
        return point >= bound
    cal = net.calendar[i]
    return cal.work_before(point) >= cal.work_before(bound)


def _links(net: Network, i: int, start: Sequence[int], finish: Sequence[int]) -> list[str]:
    problems = []
    for p, kind, lag, elapsed in net.preds[i]:
        cal = net.calendar[p]
        from_point = start[p] if kind in (LinkType.SS, LinkType.SF) else finish[p]
        to_point = start[i] if kind in (LinkType.FS, LinkType.SS) else finish[i]
        if not _reaches(net, i, to_point, _moved(cal, from_point, lag, elapsed)):
            problems.append(
                f"{net.ids[i]} ({start[i]}..{finish[i]}) breaks {kind} {lag:+d} from {net.ids[p]} "
                f"({start[p]}..{finish[p]})"
            )
    return problems


def _capacity(net: Network, start: Sequence[int]) -> list[str]:
    fixed_use: dict[tuple[int, int], int] = defaultdict(int)
    movable_use: dict[tuple[int, int], int] = defaultdict(int)
    users: dict[tuple[int, int], list[str]] = defaultdict(list)
    for i in range(len(net.ids)):
        d, cal = _work(net, i), net.calendar[i]
        if d <= 0 or net.actual_finish[i] is not None:
            continue
        first = cal.work_before(_work_from(net, i, start[i]))
        fixed = _is_fixed(net, i)
        for r, units in net.demands[i]:
            use = fixed_use if fixed else movable_use
            for k in range(first, first + d):
                slot = cal.slot_at(k)
                use[r, slot] += units if fixed else min(units, net.capacity[r])
                users[r, slot].append(net.ids[i])
    problems = []
    for (r, slot), units in sorted(movable_use.items()):
        total = units + fixed_use.get((r, slot), 0)
        if total > net.capacity[r]:
            problems.append(
                f"{net.resource_ids[r]} carries {total / 100:g} of {net.capacity[r] / 100:g} at slot {slot}: "
                + ", ".join(users[r, slot])
            )
    return problems


def check_schedule(net: Network, start: Sequence[int], finish: Sequence[int] | None = None) -> list[str]:
    """Everything wrong with `start` (and `finish`, when given) for `net`; empty when valid.

    Movable tasks must start on a working slot, after the project start, status date and their
    SNET, finish after their MFO, and satisfy every link coming in; pinned tasks and tasks with
    actuals must stay where they are (their links may break: that shows as negative float).
    At any slot where a movable task works, a resource's bookings must fit its capacity.
    """
    n = len(net.ids)
    if len(start) != n:
        return [f"{len(start)} starts for {n} tasks"]
    finishes = [expected_finish(net, i, start[i]) for i in range(n)]
    problems = []
    for i in range(n):
        if finish is not None and finish[i] != finishes[i]:
            problems.append(f"{net.ids[i]} finishes at {finish[i]}, its work gives {finishes[i]}")
        if _is_fixed(net, i):
            problems.extend(_fixed(net, i, start[i]))
            continue
        problems.extend(_bounds(net, i, start[i], finishes[i]))
        problems.extend(_links(net, i, start, finishes))
    problems.extend(_capacity(net, start))
    return problems
