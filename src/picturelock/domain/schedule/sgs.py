"""Serial schedule generation on the slot axis: the engine under resource levelling.

A *pass* books tasks one at a time, each as early (forward) or as late (backward) as its links
and the resources already booked allow. Forward passes build schedules; backward passes only
right-justify a schedule to find a better order for the next forward pass (forward-backward
improvement), so they may use simpler arithmetic: whatever order they produce, the forward pass
that follows is exact, and every result is a valid schedule.

Semantics (the critical path's, see `cpm.py`):
- a task starts at the beginning of a working slot of its calendar and works `duration` working
  slots; its finish is the exclusive point after the last one (`WorkingTime.add_work`);
- it uses its demanded units on each of those working slots, and nowhere else;
- FS: succ.start >= pred.finish + lag; SS: succ.start >= pred.start + lag; FF: succ.finish >=
  pred.finish + lag; SF: succ.finish >= pred.start + lag. A lag counts working slots on the
  predecessor's calendar, or plain slots when elapsed; negative lags are leads. A bound is met
  in working time (W(point) >= W(bound) on the task's calendar: Friday evening meets Monday
  morning); milestones are points and compare as plain points;
- a movable task starts no earlier than the project start (point 0), the status point, its
  start-no-earlier-than point, and finishes no earlier than its must-finish-on point;
- pinned tasks and tasks with actuals are *fixed*: booked first, where they are, even when that
  overloads a resource. Demands above a resource's capacity are booked as the whole capacity.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from random import Random

from picturelock.domain.errors import DependencyLoop
from picturelock.domain.plan import LinkType
from picturelock.domain.schedule.booking import (
    GROW,
    FastCalendar,
    Profile,
    behind,
    conflict_after,
    conflict_before,
    latest_start_at_most,
    shift,
)
from picturelock.domain.schedule.network import Network

FS, SS, FF, SF = 0, 1, 2, 3
_CODES = {LinkType.FS: FS, LinkType.SS: SS, LinkType.FF: FF, LinkType.SF: SF}
SAMPLE_SCAN_LIMIT = 300  # above this many tasks, sampling blurs priorities instead of weighing regret

# (other task, link code, lag in slots, lag is elapsed)
CodedLink = tuple[int, int, int, bool]


@dataclass(slots=True)
class Problem:
    """A network prepared for schedule generation: fixed bookings, bounds, coded links."""

    __mutable_by_design__ = True

    net: Network
    cals: list[FastCalendar]  # per task
    dur: list[int]  # working slots; 0 for milestones
    fixed_start: list[int | None]
    fixed_finish: list[int]
    work_from: list[int]  # where a task's (remaining) work begins, for fixed tasks
    release: list[int]  # start lower bound: project start, status point, SNET
    finish_release: list[int]  # finish lower bound: MFO acts as finish-no-earlier-than
    demands: list[list[tuple[int, int]]]  # units booked (movable: at most the capacity)
    preds: list[list[CodedLink]]
    succs: list[list[CodedLink]]
    movable: list[int]
    base: int  # lowest slot any booking may use
    size: int = GROW  # profile length the last pass needed: the next one starts that big
    lf: list[int] = field(default_factory=list)  # latest finish (priority), filled by the caller
    es: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.net.ids)


def work_of(net: Network, i: int) -> int:
    """A task's working slots: milestones are points, whatever duration they carry."""
    return 0 if net.milestone[i] else net.duration[i]


def _fixed_times(net: Network, i: int) -> tuple[int, int, int] | None:
    """(start, work_from, finish) of a task that levelling must not move, else None."""
    cal, d = net.calendar[i], work_of(net, i)
    if net.actual_finish[i] is not None:
        finish = net.actual_finish[i]
        assert finish is not None
        start = net.actual_start[i]
        start = finish if start is None else start
        return start, finish, finish
    if net.actual_start[i] is not None:
        start = net.actual_start[i]
        assert start is not None
        work_from = start if net.status_point is None else max(start, net.status_point)
        work_from = cal.next_start(work_from) if d > 0 else work_from
        return start, work_from, cal.add_work(work_from, d)
    pinned = net.pinned[i]
    if pinned is not None:
        start = cal.next_start(pinned) if d > 0 else pinned
        return start, start, cal.add_work(start, d)
    return None


def _demands(net: Network, i: int, notes: list[str]) -> list[tuple[int, int]]:
    if work_of(net, i) <= 0:
        return []
    booked = []
    for r, units in net.demands[i]:
        cap = net.capacity[r]
        if units > cap:
            notes.append(
                f"{net.names[i]} asks for {units / 100:g} of {net.resource_names[r]}, which has "
                f"{cap / 100:g}: booked as if it needed all of it"
            )
            units = cap
        if units > 0:
            booked.append((r, units))
    return booked


def prepare(net: Network) -> Problem:
    """The network in the form the passes use."""
    n = len(net.ids)
    fixed_start: list[int | None] = [None] * n
    fixed_finish, work_from = [0] * n, [0] * n
    release, finish_release = [0] * n, [-(1 << 60)] * n
    notes: list[str] = []
    demands: list[list[tuple[int, int]]] = []
    base = 0
    for i in range(n):
        times = _fixed_times(net, i)
        if times is not None:
            fixed_start[i], work_from[i], fixed_finish[i] = times
            base = min(base, work_from[i])
            demands.append([(r, u) for r, u in net.demands[i] if u > 0] if work_of(net, i) > 0 else [])
            continue
        demands.append(_demands(net, i, notes))
        lower = 0 if net.status_point is None else max(0, net.status_point)
        snet = net.snet[i]
        release[i] = lower if snet is None else max(lower, snet)
        mfo = net.mfo[i]
        if mfo is not None:
            finish_release[i] = mfo
    preds = [[(p, _CODES[t], lag, el) for p, t, lag, el in links] for links in net.preds]
    succs = [[(s, _CODES[t], lag, el) for s, t, lag, el in links] for links in net.succs]
    movable = [i for i in range(n) if fixed_start[i] is None]
    shared: dict[int, FastCalendar] = {}
    for cal in net.calendar:
        if id(cal) not in shared:
            shared[id(cal)] = FastCalendar(cal, base)
    cals = [shared[id(cal)] for cal in net.calendar]
    dur = [work_of(net, i) for i in range(n)]
    return Problem(
        net, cals, dur, fixed_start, fixed_finish, work_from, release, finish_release, demands, preds, succs,
        movable, base, notes=notes,
    )  # fmt: skip


@dataclass(slots=True)
class Run:
    """One generated schedule. `sequence` is the order the movable tasks were booked in."""

    __mutable_by_design__ = True

    start: list[int]
    finish: list[int]
    sequence: list[int]
    makespan: int
    waits: dict[int, list[tuple[int, int, int, int]]] = field(default_factory=dict)
    bookings: list[list[tuple[int, int, int]]] = field(default_factory=list)  # per resource (from, to, i)
    usage: list[list[int]] = field(default_factory=list)

    def score(self) -> tuple[int, int]:
        return self.makespan, sum(self.start)


class _Forward:
    """One forward pass: books each task at its earliest feasible start."""

    def __init__(self, prob: Problem, check: bool, explain: bool) -> None:
        net = prob.net
        self.prob, self.check, self.explain = prob, check, explain
        self.cal, self.dur = prob.cals, prob.dur
        n = len(net.ids)
        self.start, self.finish = [0] * n, [0] * n
        self.profile = Profile(net, prob.base, prob.size)
        self.run = Run(self.start, self.finish, [], 0)
        if explain:
            self.run.bookings = [[] for _ in net.capacity]
        for i in range(n):
            fixed = prob.fixed_start[i]
            if fixed is not None:
                self.start[i], self.finish[i] = fixed, prob.fixed_finish[i]
                self._book_fixed(i)

    def _book_fixed(self, i: int) -> None:
        d, demands = self.dur[i], self.prob.demands[i]
        if d <= 0 or not demands or not self.check:
            return
        finish, slots = self.cal[i].window(self.prob.work_from[i], d)
        self.profile.ensure(finish)
        self.profile.book(demands, slots)
        if self.explain:
            for r, _ in demands:
                self.run.bookings[r].append((slots[0], finish, i))

    def lower_bound(self, i: int) -> int:
        prob, start, finish, cal = self.prob, self.start, self.finish, self.cal
        t, f = prob.release[i], prob.finish_release[i]
        for p, code, lag, elapsed in prob.preds[i]:
            if code == FS:
                t = max(t, shift(cal[p], finish[p], lag, elapsed))
            elif code == SS:
                t = max(t, shift(cal[p], start[p], lag, elapsed))
            elif code == FF:
                f = max(f, shift(cal[p], finish[p], lag, elapsed))
            else:
                f = max(f, shift(cal[p], start[p], lag, elapsed))
        d, c = self.dur[i], cal[i]
        if d <= 0:  # a milestone is a point: bounds compare as plain points
            return max(t, f)
        if f > t:  # the finish reaches the bound in working time: W(finish) >= W(bound)
            t = max(t, c.start_for_finish(f, d))
        return c.next_start(t)

    def place(self, i: int) -> None:
        t = self.lower_bound(i)
        d, c, demands = self.dur[i], self.cal[i], self.prob.demands[i]
        if d <= 0:
            self.start[i] = self.finish[i] = t
            return
        if not demands or not self.check:
            self.start[i], self.finish[i] = t, c.add_work(t, d)
            return
        profile, waits = self.profile, []
        while True:
            finish, slots = c.window(t, d)
            profile.ensure(finish)
            r, _, free = conflict_after(profile, demands, slots)
            if r < 0:
                break
            moved = c.next_start(free)
            if self.explain:  # held by whoever holds the last slot of the overload
                waits.append((t, moved, r, free - 1))
            t = moved
        profile.book(demands, slots)
        self.start[i], self.finish[i] = t, finish
        if self.explain:
            if waits:
                self.run.waits[i] = waits
            for r, _ in demands:
                self.run.bookings[r].append((slots[0], finish, i))

    def done(self) -> Run:
        self.prob.size = max(self.prob.size, self.profile.size)
        run = self.run
        run.makespan = max(max(self.finish, default=0), 0)
        if self.explain:
            run.usage = self.profile.rows
        return run


def _loop_from(prob: Problem, placed: list[bool]) -> DependencyLoop:
    """Names a dependency loop among the tasks a pass could not reach."""
    ids = prob.net.ids
    i = next(k for k in range(prob.n) if not placed[k])
    seen: dict[int, int] = {}
    path: list[int] = []
    while i not in seen:
        seen[i] = len(path)
        path.append(i)
        i = next(p for p, *_ in prob.preds[i] if not placed[p])
    loop = path[seen[i] :]
    loop.reverse()
    return DependencyLoop([ids[k] for k in [*loop, loop[0]]])


def _waiting_counts(prob: Problem, links: list[list[CodedLink]]) -> list[int]:
    counts = [len(ls) for ls in links]
    for i in range(prob.n):
        if prob.fixed_start[i] is not None:
            for other, *_ in (prob.succs if links is prob.preds else prob.preds)[i]:
                counts[other] -= 1
    return counts


def forward(
    prob: Problem,
    keys: Sequence[tuple[int, ...]] | None = None,
    *,
    rng: Random | None = None,
    check: bool = True,
    explain: bool = False,
) -> Run:
    """A forward serial pass. Among ready tasks it books the one with the lowest key, or, with
    `rng`, one drawn by regret-biased sampling on latest finish within the top user priority."""
    engine = _Forward(prob, check, explain)
    waiting = _waiting_counts(prob, prob.preds)
    ready = [i for i in prob.movable if waiting[i] == 0]
    fixed, succs, sequence = prob.fixed_start, prob.succs, engine.run.sequence
    if rng is None:
        pick = _heap_picker(keys or [], ready)
    elif prob.n <= SAMPLE_SCAN_LIMIT:
        pick = _sampler(prob, rng, ready)
    else:
        pick = _heap_picker(_random_keys(prob, rng), ready)
    for _ in range(len(prob.movable)):
        i = pick(None)
        if i < 0:
            placed = [fixed[k] is not None for k in range(prob.n)]
            for k in sequence:
                placed[k] = True
            raise _loop_from(prob, placed)
        engine.place(i)
        sequence.append(i)
        for s, *_ in succs[i]:
            waiting[s] -= 1
            if waiting[s] == 0 and fixed[s] is None:
                pick(s)
    return engine.done()


Picker = Callable[[int | None], int]  # pick(task) adds a ready task; pick(None) takes one (-1: none)


def _heap_picker(keys: Sequence[tuple[int, ...]], ready: list[int]) -> Picker:
    heap = [(keys[i], i) for i in ready]
    heapq.heapify(heap)

    def pick(task: int | None) -> int:
        if task is not None:
            heapq.heappush(heap, (keys[task], task))
            return task
        return heapq.heappop(heap)[1] if heap else -1

    return pick


def _random_keys(prob: Problem, rng: Random) -> list[tuple[int, ...]]:
    """Latest finishes blurred by up to twice the mean duration: biased sampling for plans too
    big to weigh every ready task at each step."""
    spread = 2 * max(1, sum(prob.dur) // max(1, prob.n))
    priority, lf = prob.net.priority, prob.lf
    return [(-priority[i], lf[i] + int(rng.random() * spread), i) for i in range(prob.n)]


def _sampler(prob: Problem, rng: Random, ready: list[int]) -> Picker:
    """Regret-based biased random sampling (Kolisch & Drexl) on latest finish."""
    priority, lf = prob.net.priority, prob.lf
    uniform = len(set(priority)) <= 1
    pool = list(ready)

    def pick(task: int | None) -> int:
        if task is not None:
            pool.append(task)
            return task
        if not pool:
            return -1
        candidates = list(range(len(pool)))
        if not uniform:
            top = max(priority[i] for i in pool)
            candidates = [k for k in candidates if priority[pool[k]] == top]
        worst = max(lf[pool[k]] for k in candidates)
        weights = [worst - lf[pool[k]] + 1 for k in candidates]
        k = rng.choices(candidates, weights)[0]
        pool[k], pool[-1] = pool[-1], pool[k]
        return pool.pop()

    return pick


class _Backward:
    """One backward pass: books each task at its latest feasible finish before `end`."""

    def __init__(self, prob: Problem, run: Run, end: int, check: bool) -> None:
        net = prob.net
        self.prob, self.check, self.end = prob, check, end
        self.cal, self.dur = prob.cals, prob.dur
        self.start, self.finish = list(run.start), list(run.finish)
        self.profile = Profile(net, prob.base, prob.size)
        if check:
            for i in range(prob.n):
                d = self.dur[i]
                if prob.fixed_start[i] is not None and d > 0 and prob.demands[i]:
                    finish, slots = self.cal[i].window(prob.work_from[i], d)
                    self.profile.ensure(finish)
                    self.profile.book(prob.demands[i], slots)

    def upper_bound(self, i: int) -> int:
        """The latest start allowed by the successors already booked and the project end."""
        start, finish, c, d = self.start, self.finish, self.cal[i], self.dur[i]
        t, f = 1 << 60, self.end
        for s, code, lag, elapsed in self.prob.succs[i]:
            if code == FS:
                f = min(f, behind(c, start[s], lag, elapsed))
            elif code == SS:
                t = min(t, behind(c, start[s], lag, elapsed))
            elif code == FF:
                f = min(f, behind(c, finish[s], lag, elapsed))
            else:
                t = min(t, behind(c, finish[s], lag, elapsed))
        if d <= 0:
            return min(t, f)
        latest = c.start_for_finish(f, d)
        return latest if t >= latest else latest_start_at_most(c, t, d)

    def place(self, i: int) -> bool:
        t, d, c = self.upper_bound(i), self.dur[i], self.cal[i]
        demands, profile = self.prob.demands[i], self.profile
        if d <= 0:
            self.start[i] = self.finish[i] = t
            return True
        while True:
            if self.check and t < profile.base:
                return False
            finish, slots = c.window(t, d)
            if not demands or not self.check:
                break
            profile.ensure(finish)
            bound = conflict_before(profile, demands, slots)
            if bound < 0:
                profile.book(demands, slots)
                break
            t = c.start_for_finish(bound, d)
        self.start[i], self.finish[i] = t, finish
        return True


def backward(prob: Problem, run: Run, *, end: int | None = None, check: bool = True) -> Run | None:
    """Right-justifies `run` before `end` (its makespan by default), latest finish first.

    Returns None when a task would have to start before the lowest slot held (the pass is then
    of no use as an order)."""
    engine = _Backward(prob, run, run.makespan if end is None else end, check)
    waiting = _waiting_counts(prob, prob.succs)
    finish, start, fixed = run.finish, run.start, prob.fixed_start
    heap = [(-finish[i], -start[i], -i) for i in prob.movable if waiting[i] == 0]
    heapq.heapify(heap)
    sequence: list[int] = []
    while heap:
        i = -heapq.heappop(heap)[2]
        if not engine.place(i):
            return None
        sequence.append(i)
        for p, *_ in prob.preds[i]:
            waiting[p] -= 1
            if waiting[p] == 0 and fixed[p] is None:
                heapq.heappush(heap, (-finish[p], -start[p], -p))
    sequence.reverse()
    return Run(engine.start, engine.finish, sequence, engine.end)
