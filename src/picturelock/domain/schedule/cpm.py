"""The critical path: forward and backward passes, total and free float, drivers.

Semantics (pinned by tests/schedule/test_cpm*.py)
------------------------------------------------
Axis. Times are points on the plan's half-day slot axis (`picturelock.domain.calendar`). A task
starts at the beginning of a working slot of its own calendar (`net.calendar[i]`) and finishes
at the exclusive point `WorkingTime.add_work(start, duration)`. Counts of working slots before
a point, W(point), are what the passes compare: two points with the same W on a calendar (Friday
evening and Monday morning on a Monday-Friday week) are the same working moment for that task.

Forward pass (early dates), in topological order. A task's early start ES is the first working
start of its calendar at or after every start bound: the project start (point 0), the status
point for a task not yet started, a start-no-earlier-than (SNET) date, and each FS/SS link.
Finish bounds (FF/SF links, and must-finish-on (MFO), which acts as finish-no-earlier-than going
forward) are met by the earliest start whose finish reaches the bound in working time:
W(EF) >= W(bound), i.e. `start_for_finish` arithmetic, so an SF link from a task starting on
Monday lets its successor finish on Friday evening. Link bounds:

    FS: succ.ES >= pred.EF + lag      SS: succ.ES >= pred.ES + lag
    FF: succ.EF >= pred.EF + lag      SF: succ.EF >= pred.ES + lag

A lag counts working slots on the PREDECESSOR's calendar (Primavera P6's default option), or
plain slots (two per calendar day, weekends included) when the link's elapsed flag is set.
Negative lags are leads. EF = add_work(ES, duration).

Milestones (net.milestone) are points, never snapped to working time: a milestone after a Friday
finish sits at Friday's exclusive end and is dated Friday. They still obey SNET and every link,
compared as plain points.

Pinned tasks (net.pinned) start at the pinned point, snapped to a working start, whatever the
links say. If their links want them later, that shortfall (working slots on the pinned task's
calendar) becomes negative total float on the pinned task: shown, not refused. A pinned task
will not move, so its predecessors' late dates must meet its pinned dates.

Progress. A task with an actual finish keeps actual start..actual finish (start = finish when
only the finish is known) and takes no part in the backward pass: it has no float and is never
critical. A started task keeps its actual start and finishes add_work(max(actual start, status
point), remaining duration); its float is measured from that resume point, and only its finish
bounds it backwards. Links into started or finished tasks are history: they bind nobody.

Backward pass (late dates), in reverse topological order. The project finish PF is the latest
early finish. A task's late finish is bounded by PF, finish-no-later-than (FNLT), MFO and its
successors' late dates through each link (the inverse of the lag arithmetic above, on the
predecessor's calendar); LS is the latest working start whose work finishes by then (and at or
before any SS/SF start bound); LF = add_work(LS, duration).

Floats, in working slots of the task's own calendar:
    total float TF = W(LS) - W(ES): negative when a constraint or pin cannot be met;
    free float FF = min(TF, W(PF) - W(EF), and for every successor link the working slots the
        task could slip, start and finish together, before the link would move that successor's
        EARLY dates).
Critical means TF <= 0 (finished tasks excepted). Schedule.critical_path lists critical tasks by
early start, then plan order. Schedule.working_days counts the project calendar's working days
from the earliest start to the project finish.

Drivers. TaskTimes.start_driver names what set the early start (link, constraint, status date,
project start, pinned, actual); among equal bounds a link wins, then a constraint. late_driver
names what bounds the late finish (successor link, FNLT/MFO constraint, project finish).

The passes read the Network's lists afresh on every call and keep nothing on it, so levelling can
call `critical_path` again on a copy with resource links and SNET points added.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from picturelock.domain.calendar import day_of, days_from_slots, fast_counters
from picturelock.domain.errors import DependencyLoop
from picturelock.domain.plan import LinkType
from picturelock.domain.schedule.network import NetLink, Network
from picturelock.domain.schedule.result import Driver, Schedule, TaskTimes, finish_date, start_date

Counter = Callable[[int], int]

_FS, _SS, _FF, _SF = LinkType.FS, LinkType.SS, LinkType.FF, LinkType.SF
_PLANNED, _PINNED, _STARTED, _FINISHED = 0, 1, 2, 3
_LOW = -(1 << 62)
Why = NetLink | str  # what set a date: the driving link, or the name of a limit
_HIGH = 1 << 62


def topological_order(net: Network) -> list[int]:
    """Task indices with every predecessor before its successors (Kahn, plan order for ties).

    Raises DependencyLoop naming one loop in link order, first task repeated at the end.
    """
    indegree = [len(links) for links in net.preds]
    order = [i for i, count in enumerate(indegree) if count == 0]
    succs = net.succs
    for i in order:  # the list grows while it is read: a queue
        for link in succs[i]:
            s = link[0]
            indegree[s] -= 1
            if indegree[s] == 0:
                order.append(s)
    if len(order) < len(indegree):
        raise DependencyLoop(_loop(net, indegree))
    return order


def _loop(net: Network, indegree: list[int]) -> list[str]:
    """One loop among the tasks Kahn's algorithm could not order, named in link order.

    Every such task has a predecessor that is also unordered, so walking predecessors from any
    of them must come back to a task already seen.
    """
    start = min(i for i, count in enumerate(indegree) if count > 0)
    seen: dict[int, int] = {}
    walk: list[int] = []
    node = start
    while node not in seen:
        seen[node] = len(walk)
        walk.append(node)
        node = next(link[0] for link in net.preds[node] if indegree[link[0]] > 0)
    cycle = walk[seen[node] :][::-1]  # predecessor walk reversed: link order
    first = cycle.index(min(cycle))
    cycle = cycle[first:] + cycle[:first]
    return [net.ids[i] for i in [*cycle, cycle[0]]]


def _ahead(x: int, lag: int, elapsed: bool, work_before: Counter, slot_at: Counter) -> int:
    """The point `lag` after point x: working slots on the given calendar, or elapsed slots."""
    if lag == 0:
        return x
    if elapsed:
        return x + lag
    if lag > 0:
        return slot_at(work_before(x) + lag - 1) + 1
    return slot_at(work_before(x) + lag)


def _behind(y: int, lag: int, elapsed: bool, work_before: Counter, slot_at: Counter) -> int:
    """The latest point x with _ahead(x, lag) <= y: the lag arithmetic run backwards."""
    if lag == 0:
        return y
    if elapsed:
        return y - lag
    if lag > 0:
        return slot_at(work_before(y) - lag)
    return slot_at(work_before(y + 1) - 1 - lag)


class _Passes:
    """The working arrays of one critical-path computation (built per call, never cached).

    For a task (not a milestone) the passes hold counts k = W(point) on its calendar; for a
    milestone they hold plain points. `esk`/`lsk` are W(ES)/W(LS) (W of the resume point for a
    started task), so total float is lsk - esk for both kinds. `early_why`/`late_why` hold the
    driving link, or the name of the limit that drove the date.
    """

    def __init__(self, net: Network) -> None:
        self.net = net
        n = len(net)
        pairs: dict[int, tuple[Counter, Counter]] = {}
        for cal in net.calendar:
            if id(cal) not in pairs:
                pairs[id(cal)] = fast_counters(cal)
        self.wb = [pairs[id(cal)][0] for cal in net.calendar]
        self.sa = [pairs[id(cal)][1] for cal in net.calendar]
        starts = {key: work_before(0) for key, (work_before, _) in pairs.items()}
        self.start_count = [starts[id(cal)] for cal in net.calendar]  # W(project start)
        self.finish_count = [0] * n  # W(project finish), set when the forward pass is done
        self.state = [_state(net, i) for i in range(n)]
        self.es, self.ef, self.esk = [0] * n, [0] * n, [0] * n
        self.ls, self.lf, self.lsk = [0] * n, [0] * n, [0] * n
        self.tf, self.ff, self.gap = [0] * n, [0] * n, [0] * n
        # the points a link into the task must not push past, late and early (see _anchor)
        self.late_start_at, self.late_finish_at, self.early_finish_at = [0] * n, [0] * n, [0] * n
        self.early_why: list[Why] = ["project start"] * n
        self.late_why: list[Why] = ["project finish"] * n
        self.finish = 0

    # -- forward ------------------------------------------------------------------------------
    def forward(self, order: list[int]) -> None:
        state, es, ef, esk, why, sa = self.state, self.es, self.ef, self.esk, self.early_why, self.sa
        milestone, duration = self.net.milestone, self.net.duration
        early_bound = self._early_bound
        for i in order:
            if state[i] != _PLANNED:
                self._pin(i) if state[i] == _PINNED else self._actual(i)
                continue
            best, why[i] = early_bound(i)
            if milestone[i]:
                es[i] = ef[i] = best
                esk[i] = self.wb[i](best)
                continue
            d, slot_at = duration[i], sa[i]
            es[i] = start = slot_at(best)
            ef[i] = slot_at(best + d - 1) + 1 if d > 0 else start
            esk[i] = best
        self.finish = max(ef, default=0)
        counts: dict[int, int] = {}
        for i, cal in enumerate(self.net.calendar):
            if id(cal) not in counts:
                counts[id(cal)] = self.wb[i](self.finish)
        self.finish_count = [counts[id(cal)] for cal in self.net.calendar]

    def _early_bound(self, i: int) -> tuple[int, Why]:
        """The earliest start its links and constraints allow: a count (a point for milestones)."""
        net, es, ef, wb, sa = self.net, self.es, self.ef, self.wb, self.sa
        work_before, d, point = wb[i], net.duration[i], net.milestone[i]
        why: Why = "project start"
        best = _LOW
        for link in net.preds[i]:
            p, typ, lag, elapsed = link
            x = es[p] if (typ is _SS or typ is _SF) else ef[p]
            if lag:
                x = _ahead(x, lag, elapsed, wb[p], sa[p])
            if not point:
                x = work_before(x) - d if (typ is _FF or typ is _SF) else work_before(x)
            if x > best:
                best, why = x, link
        if net.snet[i] is None and net.mfo[i] is None and net.status_point is None:
            k = 0 if point else self.start_count[i]  # the common case: only the project start
            return (k, "project start") if k > best else (best, why)
        for kind, at, finish in self._early_limits(i):
            k = at if point else work_before(at) - (d if finish else 0)
            if k > best:
                best, why = k, kind
        return best, why

    def _early_limits(self, i: int) -> list[tuple[str, int, bool]]:
        net = self.net
        limits = []
        if net.snet[i] is not None:
            limits.append(("snet", net.snet[i] or 0, False))
        if net.mfo[i] is not None:
            limits.append(("mfo", net.mfo[i] or 0, True))
        if net.status_point is not None:
            limits.append(("status date", net.status_point, False))
        limits.append(("project start", 0, False))
        return limits

    def _place(self, i: int, best: int, why: Why) -> None:
        d = self.net.duration[i]
        if self.net.milestone[i]:
            self.es[i] = self.ef[i] = best
            self.esk[i] = self.wb[i](best)
        else:
            slot_at = self.sa[i]
            self.es[i] = slot_at(best)
            self.ef[i] = slot_at(best + d - 1) + 1 if d > 0 else self.es[i]
            self.esk[i] = best
        self.early_why[i] = why

    def _pin(self, i: int) -> None:
        logic, _ = self._early_bound(i)
        pinned = self.net.pinned[i] or 0
        work_before = self.wb[i]
        if self.net.milestone[i]:
            self._place(i, pinned, "pinned")
            self.gap[i] = max(0, work_before(logic) - work_before(pinned))
        else:
            k = work_before(pinned)
            self._place(i, k, "pinned")
            self.gap[i] = max(0, logic - k)

    def _actual(self, i: int) -> None:
        net = self.net
        start = net.actual_start[i]
        if self.state[i] == _FINISHED:
            finish = net.actual_finish[i] or 0
            self.es[i], self.ef[i] = (finish if start is None else start), finish
            self.esk[i] = self.wb[i](self.es[i])
            self.early_why[i] = "finished"
            return
        start = start or 0
        resume = start if net.status_point is None else max(start, net.status_point)
        d = net.duration[i]
        k = self.wb[i](resume)
        self.es[i], self.esk[i] = start, k
        self.ef[i] = self.sa[i](k + d - 1) + 1 if d > 0 else resume
        self.early_why[i] = "started"

    # -- backward -----------------------------------------------------------------------------
    def backward(self, order: list[int]) -> None:
        state, late = self.state, self._late
        for p in reversed(order):
            if state[p] == _FINISHED:
                self._close(p)
            else:
                late(p)
            self._anchor(p)

    def _close(self, p: int) -> None:
        """A finished task: late dates are its actual dates; no float."""
        self.ls[p], self.lf[p], self.lsk[p] = self.es[p], self.ef[p], self.esk[p]
        self.late_why[p] = "finished"

    def _anchor(self, s: int) -> None:
        """The points a link into s must not push past: its start, or its finish moved to the
        latest point with the same working time (Friday evening -> Monday morning). A pinned
        task will not move, so its early points are its late ones too."""
        if self.net.milestone[s]:
            late_finish, early_finish = self.lf[s], self.ef[s]
        else:
            slot_at, d = self.sa[s], self.net.duration[s]
            late_finish, early_finish = slot_at(self.lsk[s] + d), slot_at(self.esk[s] + d)
        pinned = self.state[s] == _PINNED
        self.late_start_at[s] = self.es[s] if pinned else self.ls[s]
        self.late_finish_at[s] = early_finish if pinned else late_finish
        self.early_finish_at[s] = early_finish

    def _late(self, p: int) -> None:
        net = self.net
        d, point = net.duration[p], net.milestone[p]
        best, why, free = self._late_bound(p)
        work_before = self.wb[p]
        if net.fnlt[p] is None and net.mfo[p] is None:  # the common case: only the project finish
            k = self.finish if point else self.finish_count[p] - d
            if k < best:
                best, why = k, "project finish"
        else:
            for kind, at in self._late_limits(p):
                k = at if point else work_before(at) - d
                if k < best:
                    best, why = k, kind
        if point:
            self.ls[p] = self.lf[p] = best
            self.lsk[p] = work_before(best)
        else:
            slot_at = self.sa[p]
            self.ls[p], self.lsk[p] = slot_at(best), best
            self.lf[p] = slot_at(best + d - 1) + 1 if d > 0 else self.ls[p]
        total = self.lsk[p] - self.esk[p]
        if self.gap[p] > 0:  # a pinned task its links want later
            total = min(total, -self.gap[p])
        to_finish = self.finish_count[p] - self.esk[p] - (0 if point else d)
        self.tf[p], self.ff[p], self.late_why[p] = total, min(total, free, to_finish), why

    def _late_limits(self, p: int) -> list[tuple[str, int]]:
        net = self.net
        limits = []
        if net.fnlt[p] is not None:
            limits.append(("fnlt", net.fnlt[p] or 0))
        if net.mfo[p] is not None:
            limits.append(("mfo", net.mfo[p] or 0))
        limits.append(("project finish", self.finish))
        return limits

    def _late_bound(self, p: int) -> tuple[int, Why, int]:
        """The latest start its successors allow (count, or point for a milestone), and the
        free float those links leave measured against the successors' early dates."""
        net, state = self.net, self.state
        d, point, started = net.duration[p], net.milestone[p], state[p] == _STARTED
        work_before, slot_at, esk = self.wb[p], self.sa[p], self.esk[p]
        late_start, late_finish = self.late_start_at, self.late_finish_at
        early_start, early_finish = self.es, self.early_finish_at
        why: Why = "project finish"
        best = free = _HIGH
        for link in net.succs[p]:
            s, typ, lag, elapsed = link
            from_finish = typ is _FS or typ is _FF
            if state[s] >= _STARTED or (started and not from_finish):
                continue
            if typ is _FF or typ is _SF:
                x, xe = late_finish[s], early_finish[s]
            else:
                x, xe = late_start[s], early_start[s]
            if lag:
                x = _behind(x, lag, elapsed, work_before, slot_at)
                xe = _behind(xe, lag, elapsed, work_before, slot_at)
            if point:
                k, slack = x, work_before(xe) - esk
            elif from_finish:
                k, slack = work_before(x) - d, work_before(xe) - d - esk
            else:
                k, slack = work_before(x + 1) - 1, work_before(xe + 1) - 1 - esk
            if k < best:
                best, why = k, link
            if slack < free:
                free = slack
        return best, why, free


def _state(net: Network, i: int) -> int:
    if net.actual_finish[i] is not None:
        return _FINISHED
    if net.actual_start[i] is not None:
        return _STARTED
    if net.pinned[i] is not None:
        return _PINNED
    return _PLANNED


def critical_path(net: Network) -> Schedule:
    """Early and late dates, total and free float, drivers and the critical path of `net`."""
    order = topological_order(net)
    with _cyclic_gc_paused():
        passes = _Passes(net)
        passes.forward(order)
        passes.backward(order)
        return _schedule(net, passes)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Hundreds of thousands of small acyclic values are built here; the cyclic collector would
    walk the whole heap again and again for nothing (a third of the time at 50,000 tasks).
    Reference counting still frees everything; the collector runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _schedule(net: Network, passes: _Passes) -> Schedule:
    words = _Words(net, passes)
    early, late = words.early, words.late
    finished = [state == _FINISHED for state in passes.state]
    critical = [tf <= 0 and not done for tf, done in zip(passes.tf, finished, strict=True)]
    resource_ids = net.resource_ids
    tasks = {
        task_id: TaskTimes(
            task_id, cal.name, es, ef, ls, lf, es, ef, tf, ff, crit, early(i), late(i),
            tuple([resource_ids[r] for r, _units in demands]),
        )
        for i, (task_id, cal, es, ef, ls, lf, tf, ff, crit, demands) in enumerate(
            zip(
                net.ids, net.calendar, passes.es, passes.ef, passes.ls, passes.lf,
                passes.tf, passes.ff, critical, net.demands, strict=True,
            )
        )
    }  # fmt: skip
    path = sorted((i for i, crit in enumerate(critical) if crit), key=lambda i: (passes.es[i], i))
    start = min(passes.es, default=0)
    return Schedule(
        origin=net.origin,
        tasks=tasks,
        start=start,
        finish=passes.finish,
        working_days=days_from_slots(net.project_calendar.work_between(start, passes.finish)),
        critical_path=tuple(net.ids[i] for i in path),
        levelled=False,
        as_of=None if net.status_point is None else day_of(net.origin, net.status_point),
    )


class _Words:
    """Drivers as sentences for people; dates inclusive and ISO, as result.py shows them.

    Sentences that do not depend on the task (project start, project finish) are one shared
    Driver each; task labels and lag texts are built once."""

    def __init__(self, net: Network, passes: _Passes) -> None:
        self.net, self.passes = net, passes
        self.labels = [f"{task_id} ({name})" for task_id, name in zip(net.ids, net.names, strict=True)]
        self.lags: dict[tuple[int, bool], str] = {}
        self.project_start = Driver("project start", f"project start {net.origin.isoformat()}")
        self.project_finish = Driver("project finish", f"project finish {self.finish_day(passes.finish)}")

    def start_day(self, point: int) -> str:
        return day_of(self.net.origin, point).isoformat()

    def finish_day(self, point: int) -> str:
        return finish_date(self.net.origin, point, point).isoformat()

    def link(self, link: NetLink, word: str) -> Driver:
        other, typ, lag, elapsed = link
        lag_text = ""
        if lag:
            lag_text = self.lags.get((lag, elapsed)) or self.lags.setdefault(
                (lag, elapsed), _lag_text(lag, elapsed)
            )
        return Driver(
            "link", f"{_TYPE_NAMES[typ]}{lag_text} {word} {self.labels[other]}", self.net.ids[other]
        )

    def early(self, i: int) -> Driver:
        why, net = self.passes.early_why[i], self.net
        if not isinstance(why, str):
            return self.link(why, "after")
        if why == "project start":
            return self.project_start
        if why == "snet":
            return Driver("constraint", f"start no earlier than {self.start_day(net.snet[i] or 0)}")
        if why == "mfo":
            return Driver("constraint", f"must finish on {self.finish_day(net.mfo[i] or 0)}")
        if why == "status date":
            status = self.start_day(net.status_point or 0)
            return Driver("status date", f"not started by the status date {status}")
        if why == "pinned":
            return self.pinned(i)
        return self.actual(i, why)

    def pinned(self, i: int) -> Driver:
        passes = self.passes
        text = f"pinned to start {start_date(self.net.origin, passes.es[i], passes.ef[i]).isoformat()}"
        if passes.gap[i] > 0:
            text += f"; its links want it {days_from_slots(passes.gap[i]):g}d later"
        return Driver("pinned", text)

    def actual(self, i: int, kind: str) -> Driver:
        started = self.start_day(self.passes.es[i])
        if kind == "finished":
            return Driver("actual", f"finished: actual {started} to {self.finish_day(self.passes.ef[i])}")
        return Driver("actual", f"started {started}; {days_from_slots(self.net.duration[i]):g}d remaining")

    def late(self, i: int) -> Driver:
        why, net = self.passes.late_why[i], self.net
        if not isinstance(why, str):
            return self.link(why, "before")
        if why == "project finish":
            return self.project_finish
        if why == "fnlt":
            return Driver("constraint", f"finish no later than {self.finish_day(net.fnlt[i] or 0)}")
        if why == "mfo":
            return Driver("constraint", f"must finish on {self.finish_day(net.mfo[i] or 0)}")
        return Driver("actual", f"finished {self.finish_day(self.passes.ef[i])}")


_TYPE_NAMES = {kind: kind.value for kind in LinkType}


def _lag_text(lag: int, elapsed: bool) -> str:
    """' + 2d', ' - 0.5d', ' + 3ed' (elapsed), or '' for no lag."""
    if lag == 0:
        return ""
    sign = "+" if lag > 0 else "-"
    return f" {sign} {days_from_slots(abs(lag)):g}{'ed' if elapsed else 'd'}"
