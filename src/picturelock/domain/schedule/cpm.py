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

from collections.abc import Callable

from picturelock.domain.calendar import day_of, days_from_slots, fast_counters
from picturelock.domain.errors import DependencyLoop
from picturelock.domain.plan import LinkType
from picturelock.domain.schedule.network import NetLink, Network
from picturelock.domain.schedule.result import Driver, Schedule, TaskTimes, finish_date, start_date

Counter = Callable[[int], int]

_FS, _SS, _FF, _SF = LinkType.FS, LinkType.SS, LinkType.FF, LinkType.SF
_PLANNED, _PINNED, _STARTED, _FINISHED = 0, 1, 2, 3
_LOW = -(1 << 62)
Why = tuple[str, NetLink | None]  # what set a date: a kind, and the link when it was one
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
    started task), so total float is lsk - esk for both kinds.
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
        self.state = [_state(net, i) for i in range(n)]
        self.es, self.ef, self.esk = [0] * n, [0] * n, [0] * n
        self.ls, self.lf, self.lsk = [0] * n, [0] * n, [0] * n
        self.tf, self.ff, self.gap = [0] * n, [0] * n, [0] * n
        self.early_why: list[Why] = [("", None)] * n
        self.late_why: list[Why] = [("", None)] * n
        self.finish = 0

    # -- forward ------------------------------------------------------------------------------
    def forward(self, order: list[int]) -> None:
        state = self.state
        for i in order:
            kind = state[i]
            if kind == _PLANNED:
                self._place(i, *self._early_bound(i))
            elif kind == _PINNED:
                self._pin(i)
            else:
                self._actual(i)
        self.finish = max(self.ef, default=0)

    def _early_bound(self, i: int) -> tuple[int, Why]:
        """The earliest start its links and constraints allow: a count (a point for milestones)."""
        net, es, ef, wb, sa = self.net, self.es, self.ef, self.wb, self.sa
        work_before, d, point = wb[i], net.duration[i], net.milestone[i]
        why: Why = ("project start", None)
        best = _LOW
        for link in net.preds[i]:
            p, typ, lag, elapsed = link
            from_start = typ is _SS or typ is _SF
            bound = _ahead(es[p] if from_start else ef[p], lag, elapsed, wb[p], sa[p])
            k = bound if point else work_before(bound) - (d if typ is _FF or typ is _SF else 0)
            if k > best:
                best, why = k, ("link", link)
        for kind, at, finish in self._early_limits(i):
            k = at if point else work_before(at) - (d if finish else 0)
            if k > best:
                best, why = k, (kind, None)
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
            self._place(i, pinned, ("pinned", None))
            self.gap[i] = max(0, work_before(logic) - work_before(pinned))
        else:
            k = work_before(pinned)
            self._place(i, k, ("pinned", None))
            self.gap[i] = max(0, logic - k)

    def _actual(self, i: int) -> None:
        net = self.net
        start = net.actual_start[i]
        if self.state[i] == _FINISHED:
            finish = net.actual_finish[i] or 0
            self.es[i], self.ef[i] = (finish if start is None else start), finish
            self.esk[i] = self.wb[i](self.es[i])
            self.early_why[i] = ("finished", None)
            return
        start = start or 0
        resume = start if net.status_point is None else max(start, net.status_point)
        d = net.duration[i]
        k = self.wb[i](resume)
        self.es[i], self.esk[i] = start, k
        self.ef[i] = self.sa[i](k + d - 1) + 1 if d > 0 else resume
        self.early_why[i] = ("started", None)

    # -- backward -----------------------------------------------------------------------------
    def backward(self, order: list[int]) -> None:
        state = self.state
        for p in reversed(order):
            if state[p] == _FINISHED:
                self._close(p)
            else:
                self._late(p)

    def _close(self, p: int) -> None:
        """A finished task: late dates are its actual dates; no float."""
        self.ls[p], self.lf[p], self.lsk[p] = self.es[p], self.ef[p], self.esk[p]
        self.late_why[p] = ("finished", None)

    def _late(self, p: int) -> None:
        net = self.net
        d, point = net.duration[p], net.milestone[p]
        best, why, free = self._late_bound(p)
        work_before = self.wb[p]
        for kind, at in self._late_limits(p):
            k = at if point else work_before(at) - d
            if k < best:
                best, why = k, (kind, None)
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
        to_finish = work_before(self.finish) - self.esk[p] - (0 if point else d)
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
        net, state, wb, sa = self.net, self.state, self.wb, self.sa
        d, point, started = net.duration[p], net.milestone[p], state[p] == _STARTED
        work_before, slot_at, esk = wb[p], sa[p], self.esk[p]
        why: Why = ("project finish", None)
        best, free = _HIGH, _HIGH
        for link in net.succs[p]:
            s, typ, lag, elapsed = link
            from_finish = typ is _FS or typ is _FF
            if state[s] >= _STARTED or (started and not from_finish):
                continue
            late, early = self._anchors(s, typ is _FF or typ is _SF)
            x = _behind(late, lag, elapsed, work_before, slot_at)
            xe = _behind(early, lag, elapsed, work_before, slot_at)
            if point:
                k, slack = x, work_before(xe) - esk
            elif from_finish:
                k, slack = work_before(x) - d, work_before(xe) - d - esk
            else:
                k, slack = work_before(x + 1) - 1, work_before(xe + 1) - 1 - esk
            if k < best:
                best, why = k, ("link", link)
            free = min(free, slack)
        return best, why, free

    def _anchors(self, s: int, at_finish: bool) -> tuple[int, int]:
        """The successor's late and early points a link must not push past: its start, or its
        finish moved to the latest point with the same working time (Friday evening -> Monday).
        A pinned successor will not move, so its early point is its late one too."""
        if not at_finish:
            late, early = self.ls[s], self.es[s]
        elif self.net.milestone[s]:
            late, early = self.lf[s], self.ef[s]
        else:
            slot_at, d = self.sa[s], self.net.duration[s]
            late, early = slot_at(self.lsk[s] + d), slot_at(self.esk[s] + d)
        return (early if self.state[s] == _PINNED else late), early


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
    passes = _Passes(net)
    passes.forward(order)
    passes.backward(order)
    return _schedule(net, passes)


def _schedule(net: Network, passes: _Passes) -> Schedule:
    words = _Words(net)
    tasks: dict[str, TaskTimes] = {}
    critical: list[int] = []
    for i, task_id in enumerate(net.ids):
        is_critical = passes.tf[i] <= 0 and passes.state[i] != _FINISHED
        if is_critical:
            critical.append(i)
        tasks[task_id] = TaskTimes(
            task_id=task_id,
            calendar=net.calendar[i].name,
            early_start=passes.es[i],
            early_finish=passes.ef[i],
            late_start=passes.ls[i],
            late_finish=passes.lf[i],
            start=passes.es[i],
            finish=passes.ef[i],
            total_float=passes.tf[i],
            free_float=passes.ff[i],
            critical=is_critical,
            start_driver=words.early(i, passes),
            late_driver=words.late(i, passes),
            resources=tuple(net.resource_ids[r] for r, _units in net.demands[i]),
        )
    critical.sort(key=lambda i: (passes.es[i], i))
    start = min(passes.es, default=0)
    return Schedule(
        origin=net.origin,
        tasks=tasks,
        start=start,
        finish=passes.finish,
        working_days=days_from_slots(net.project_calendar.work_between(start, passes.finish)),
        critical_path=tuple(net.ids[i] for i in critical),
        levelled=False,
        as_of=None if net.status_point is None else day_of(net.origin, net.status_point),
    )


class _Words:
    """Drivers as sentences for people; dates inclusive and ISO, as result.py shows them."""

    def __init__(self, net: Network) -> None:
        self.net = net

    def start_day(self, point: int) -> str:
        return day_of(self.net.origin, point).isoformat()

    def finish_day(self, point: int) -> str:
        return finish_date(self.net.origin, point, point).isoformat()

    def link(self, link: NetLink, word: str) -> Driver:
        other, typ, lag, elapsed = link
        text = f"{typ.value}{_lag_text(lag, elapsed)} {word} {self.net.ids[other]} ({self.net.names[other]})"
        return Driver("link", text, task=self.net.ids[other])

    def early(self, i: int, passes: _Passes) -> Driver:
        kind, link = passes.early_why[i]
        net = self.net
        if link is not None:
            return self.link(link, "after")
        if kind == "snet":
            return Driver("constraint", f"start no earlier than {self.start_day(net.snet[i] or 0)}")
        if kind == "mfo":
            return Driver("constraint", f"must finish on {self.finish_day(net.mfo[i] or 0)}")
        if kind == "status date":
            return Driver(
                "status date", f"not started by the status date {self.start_day(net.status_point or 0)}"
            )
        if kind == "pinned":
            return self.pinned(i, passes)
        if kind in ("started", "finished"):
            return self.actual(i, passes, kind)
        return Driver("project start", f"project start {net.origin.isoformat()}")

    def pinned(self, i: int, passes: _Passes) -> Driver:
        text = f"pinned to start {start_date(self.net.origin, passes.es[i], passes.ef[i]).isoformat()}"
        if passes.gap[i] > 0:
            text += f"; its links want it {days_from_slots(passes.gap[i]):g}d later"
        return Driver("pinned", text)

    def actual(self, i: int, passes: _Passes, kind: str) -> Driver:
        started = self.start_day(passes.es[i])
        if kind == "finished":
            return Driver("actual", f"finished: actual {started} to {self.finish_day(passes.ef[i])}")
        return Driver("actual", f"started {started}; {days_from_slots(self.net.duration[i]):g}d remaining")

    def late(self, i: int, passes: _Passes) -> Driver:
        kind, link = passes.late_why[i]
        net = self.net
        if link is not None:
            return self.link(link, "before")
        if kind == "fnlt":
            return Driver("constraint", f"finish no later than {self.finish_day(net.fnlt[i] or 0)}")
        if kind == "mfo":
            return Driver("constraint", f"must finish on {self.finish_day(net.mfo[i] or 0)}")
        if kind == "finished":
            return Driver("actual", f"finished {self.finish_day(passes.ef[i])}")
        return Driver("project finish", f"project finish {self.finish_day(passes.finish)}")


def _lag_text(lag: int, elapsed: bool) -> str:
    """' + 2d', ' - 0.5d', ' + 3ed' (elapsed), or '' for no lag."""
    if lag == 0:
        return ""
    sign = "+" if lag > 0 else "-"
    return f" {sign} {days_from_slots(abs(lag)):g}{'ed' if elapsed else 'd'}"
