"""Resource levelling: delay tasks until no resource is booked beyond its capacity.

`level` runs a serial schedule generation scheme (see `sgs.py`) in MS Project's "standard"
order (user priority, highest first; then latest finish from the critical path; then early
start; then plan order), improves it by forward-backward passes (justification), and then by
regret-biased random sampling, each sample justified too. The shortest project wins; ties go to
the earlier total of starts. A fixed seed and a fixed iteration count give the same schedule
every time; a time budget only cuts the iterations short.

Every task the levelling delayed carries its reasons: which resource it waited for, how long,
and which task held it ("waited 3 days for Grading Suite 1, booked by Ep 2 grade").
`levelled_schedule` turns the result into the `Schedule` every consumer reads, with float
recomputed after levelling through resource arcs, so the critical chain it shows is real.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from random import Random

from picturelock.domain.calendar import days_from_slots
from picturelock.domain.plan import LinkType
from picturelock.domain.schedule.cpm import critical_path
from picturelock.domain.schedule.network import Network
from picturelock.domain.schedule.result import Driver, Schedule
from picturelock.domain.schedule.sgs import Problem, Run, backward, forward, prepare

MAX_ITERATIONS = 200
_WORK_PER_RUN = 25_000  # the default iteration count keeps iterations x tasks about this size
_ARC_SCAN = 40  # earlier bookings examined per task and resource when drawing resource arcs


@dataclass(frozen=True, slots=True)
class Levelled:
    """A levelled schedule: start and exclusive finish points per task index.

    `delays` explains, per delayed task id, what it waited for (oldest cause first); `arcs` are
    the resource arcs (earlier task, later task, resource index) that float is computed through.
    """

    start: tuple[int, ...]
    finish: tuple[int, ...]
    makespan: int
    delays: dict[str, tuple[Driver, ...]] = field(default_factory=dict)
    arcs: tuple[tuple[int, int, int], ...] = ()
    iterations: int = 0
    method: str = "heuristic"
    notes: tuple[str, ...] = ()


def default_iterations(tasks: int) -> int:
    """Sampling iterations when none are asked for: fewer for bigger plans, never zero."""
    return max(2, min(MAX_ITERATIONS, _WORK_PER_RUN // max(tasks, 1)))


def level(
    net: Network,
    *,
    seed: int = 0,
    iterations: int | None = None,
    out_of_time: Callable[[], bool] | None = None,
) -> Levelled:
    """Level the network's resources. Deterministic for a seed unless `out_of_time` bites.

    `out_of_time` is asked before each sampling iteration; the caller owns the clock (the domain
    has none), e.g. a deadline made by `services.scheduling`.
    """
    prob = prepare(net)
    if not prob.movable:
        run = forward(prob, [])
        return finish_run(prob, run.sequence, iterations=0)
    _set_priorities(prob)
    priority = net.priority
    standard = [(-priority[i], prob.lf[i], prob.es[i], i) for i in range(prob.n)]
    best = improve(prob, forward(prob, standard))
    rng = Random(seed)
    count = default_iterations(prob.n) if iterations is None else iterations
    done = 0
    for _ in range(count):
        if out_of_time is not None and out_of_time():
            break
        candidate = improve(prob, forward(prob, rng=rng))
        done += 1
        if candidate.score() < best.score():
            best = candidate
    return finish_run(prob, best.sequence, iterations=done)


def _set_priorities(prob: Problem) -> None:
    """Early starts and latest finishes without resources: the critical path's dates."""
    plan_order = [(i,) for i in range(prob.n)]
    early = forward(prob, plan_order, check=False)
    late = backward(prob, early, check=False)
    prob.es = early.start
    prob.lf = late.finish if late is not None else early.finish


def improve(prob: Problem, run: Run, rounds: int = 2) -> Run:
    """Forward-backward improvement: right-justify, then left-justify in the new start order."""
    priority = prob.net.priority
    best = run
    for _ in range(rounds):
        right = backward(prob, best)
        if right is None:
            break
        keys = [(-priority[i], right.start[i], i) for i in range(prob.n)]
        left = forward(prob, keys)
        if left.score() >= best.score():
            break
        best = left
    return best


def finish_run(
    prob: Problem,
    sequence: list[int],
    *,
    iterations: int,
    method: str = "heuristic",
    notes: tuple[str, ...] = (),
) -> Levelled:
    """Books the tasks once more in `sequence`, recording why each waited, into a `Levelled`."""
    rank = [0] * prob.n
    for position, i in enumerate(sequence):
        rank[i] = position
    run = forward(prob, [(r,) for r in rank], explain=True)
    return Levelled(
        start=tuple(run.start),
        finish=tuple(run.finish),
        makespan=run.makespan,
        delays=_explanations(prob, run),
        arcs=_resource_arcs(prob, run),
        iterations=iterations,
        method=method,
        notes=(*prob.notes, *notes),
    )


def days_text(slots: int) -> str:
    if slots == 1:
        return "half a day"
    days = days_from_slots(slots)
    return f"{days:g} day" + ("" if days == 1 else "s")


def _blocker(prob: Problem, run: Run, resource: int, slot: int) -> int:
    """The task booked on `resource` at `slot` that holds it longest, or -1."""
    best, best_finish = -1, -1
    for first, finish, task in run.bookings[resource]:
        if first <= slot < finish and finish > best_finish and prob.net.calendar[task].is_working(slot):
            best, best_finish = task, finish
    return best


def _explanations(prob: Problem, run: Run) -> dict[str, tuple[Driver, ...]]:
    net = prob.net
    delays: dict[str, tuple[Driver, ...]] = {}
    for i, waits in run.waits.items():
        merged: list[list[int]] = []  # [resource, blocker, slots waited]
        for before, after, resource, slot in waits:
            blocker = _blocker(prob, run, resource, slot)
            waited = net.calendar[i].work_between(before, after)
            if merged and merged[-1][0] == resource and merged[-1][1] == blocker:
                merged[-1][2] += waited
            else:
                merged.append([resource, blocker, waited])
        drivers = []
        for resource, blocker, waited in merged:
            by = f", booked by {net.names[blocker]}" if blocker >= 0 else ""
            text = f"waited {days_text(waited)} for {net.resource_names[resource]}{by}"
            drivers.append(Driver("resource", text, task=net.ids[blocker] if blocker >= 0 else None))
        delays[net.ids[i]] = tuple(drivers)
    return delays


def _topological_positions(prob: Problem, start: list[int]) -> list[int]:
    """Each task's place in a link order that follows the levelled starts where links allow."""
    waiting = [len(p) for p in prob.preds]
    heap = [(start[i], i) for i in range(prob.n) if waiting[i] == 0]
    heapq.heapify(heap)
    position = [prob.n] * prob.n
    count = 0
    while heap:
        _, i = heapq.heappop(heap)
        position[i] = count
        count += 1
        for s, *_ in prob.succs[i]:
            waiting[s] -= 1
            if waiting[s] == 0:
                heapq.heappush(heap, (start[s], s))
    return position


def _resource_arcs(prob: Problem, run: Run) -> tuple[tuple[int, int, int], ...]:
    """Arcs b -> j where b finished on a resource before j started and j could not have run
    alongside b's last slot: delaying b would delay j. Arcs never close a loop with the links."""
    position = _topological_positions(prob, run.start)
    caps, base = prob.net.capacity, prob.base
    arcs: set[tuple[int, int, int]] = set()
    for r, bookings in enumerate(run.bookings):
        by_finish = sorted(bookings, key=lambda b: b[1])
        finishes = [b[1] for b in by_finish]
        row = run.usage[r]
        for first, _, j in bookings:
            units = next(u for res, u in prob.demands[j] if res == r)
            found_finish = None
            k = bisect_right(finishes, first) - 1
            for b_first, b_finish, b in reversed(by_finish[max(0, k - _ARC_SCAN + 1) : k + 1]):
                if found_finish is not None and b_finish < found_finish:
                    break
                if b == j or b_first >= first or row[b_finish - 1 - base] + units <= caps[r]:
                    continue
                found_finish = b_finish
                if position[b] < position[j]:
                    arcs.add((b, j, r))
    return tuple(sorted(arcs))


Arc = tuple[int, int, int]  # (earlier task, later task, resource)


def _constrained(net: Network, snet_at: dict[int, int], arcs: tuple[Arc, ...] = ()) -> Network:
    """A copy of `net` with SNET points at levelled starts and resource arcs added as FS links."""
    snet = list(net.snet)
    for i, point in snet_at.items():
        snet[i] = point
    preds = [list(links) for links in net.preds]
    succs = [list(links) for links in net.succs]
    for b, j, _ in arcs:
        preds[j].append((b, LinkType.FS, 0, False))
        succs[b].append((j, LinkType.FS, 0, False))
    return replace(net, snet=snet, preds=preds, succs=succs)


def _early_dates_at(net: Network, levelled: Levelled) -> tuple[dict[int, int], Schedule]:
    """SNET points that make the critical path's early dates the levelled dates, and that pass.

    SNET goes on the tasks levelling delayed; any other task whose early start still differs
    (a link the passes read differently) gets one too, and the pass is run again."""
    index = net.index()
    snet_at = {index[task_id]: levelled.start[index[task_id]] for task_id in levelled.delays}
    movable = [
        i
        for i in range(len(net))
        if net.pinned[i] is None and net.actual_start[i] is None and net.actual_finish[i] is None
    ]
    for _ in range(3):
        early = critical_path(_constrained(net, snet_at))
        missed = [i for i in movable if early.tasks[net.ids[i]].early_start != levelled.start[i]]
        if not missed:
            break
        snet_at.update((i, levelled.start[i]) for i in missed)
    return snet_at, early


def levelled_schedule(net: Network, levelled: Levelled, *, optimal: bool | None = None) -> Schedule:
    """The Schedule with levelled dates, float recomputed through the resource arcs (so a task
    that would push a later booking of the same room has that little float), the float before
    levelling kept beside it, and each delayed task's reasons."""
    before = critical_path(net)
    snet_at, early = _early_dates_at(net, levelled)
    after = critical_path(_constrained(net, snet_at, levelled.arcs))
    linked = {(i, s) for i, links in enumerate(net.succs) for s, *_ in links}
    arc_resource = {(b, j): r for b, j, r in levelled.arcs if (b, j) not in linked}
    index = net.index()
    tasks = {}
    for i, task_id in enumerate(net.ids):
        times = after.tasks[task_id]
        delays = levelled.delays.get(task_id, ())
        start_driver = delays[-1] if delays else early.tasks[task_id].start_driver
        late_driver = times.late_driver
        j = index.get(late_driver.task or "", -1)
        if (i, j) in arc_resource:
            text = f"{net.resource_names[arc_resource[i, j]]} is booked next by {net.names[j]}"
            late_driver = Driver("resource", text, task=net.ids[j])
        tasks[task_id] = replace(
            times,
            start=levelled.start[i],
            finish=levelled.finish[i],
            start_driver=start_driver,
            late_driver=late_driver,
            levelling_delays=delays,
        )
    return replace(
        after,
        tasks=tasks,
        levelled=True,
        optimal=optimal,
        float_before_levelling={task_id: before.tasks[task_id].total_float for task_id in net.ids},
        notes=(*after.notes, *levelled.notes),
    )
