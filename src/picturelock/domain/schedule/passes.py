"""The forward and backward passes of the critical path, on flat lists (see `cpm` for the rules).

Kept apart from `cpm` (which names the drivers and builds the Schedule) so that the hot loops
can be read, profiled and tuned on their own.
"""

from __future__ import annotations

from collections.abc import Callable

from picturelock.domain.calendar import fast_counters
from picturelock.domain.plan import LinkType
from picturelock.domain.schedule.network import NetLink, Network

Counter = Callable[[int], int]

_FS, _SS, _FF, _SF = LinkType.FS, LinkType.SS, LinkType.FF, LinkType.SF
PLANNED, PINNED, STARTED, FINISHED = 0, 1, 2, 3
_LOW = -(1 << 62)
Why = NetLink | str  # what set a date: the driving link, or the name of a limit
_HIGH = 1 << 62


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


class Passes:
    """The working arrays of one critical-path computation (built per call, never cached).

    For a task (not a milestone) the passes hold counts k = W(point) on its calendar; for a
    milestone, or any task with no work left to do, they hold plain points (`point[i]`).
    `esk`/`lsk` are W(ES)/W(LS) (W of the resume point for a started task), so total float is
    lsk - esk for both kinds. `early_why`/`late_why` hold the driving link, or the name of the
    limit that drove the date.
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
        self.state = [task_state(net, i) for i in range(n)]
        self.point = [m or d == 0 for m, d in zip(net.milestone, net.duration, strict=True)]
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
        milestone, duration = self.point, self.net.duration
        early_bound = self._early_bound
        for i in order:
            if state[i] != PLANNED:
                self._pin(i) if state[i] == PINNED else self._actual(i)
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
        work_before, d, point = wb[i], net.duration[i], self.point[i]
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
        if self.point[i]:
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
        if self.point[i]:
            self._place(i, pinned, "pinned")
            self.gap[i] = max(0, work_before(logic) - work_before(pinned))
        else:
            k = work_before(pinned)
            self._place(i, k, "pinned")
            self.gap[i] = max(0, logic - k)

    def _actual(self, i: int) -> None:
        net = self.net
        start = net.actual_start[i]
        if self.state[i] == FINISHED:
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
            if state[p] == FINISHED:
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
        if self.point[s]:
            late_finish, early_finish = self.lf[s], self.ef[s]
        else:
            slot_at, d = self.sa[s], self.net.duration[s]
            late_finish, early_finish = slot_at(self.lsk[s] + d), slot_at(self.esk[s] + d)
        pinned = self.state[s] == PINNED
        self.late_start_at[s] = self.es[s] if pinned else self.ls[s]
        self.late_finish_at[s] = early_finish if pinned else late_finish
        self.early_finish_at[s] = early_finish

    def _late(self, p: int) -> None:
        net = self.net
        d, point = net.duration[p], self.point[p]
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
        d, point, started = net.duration[p], self.point[p], state[p] == STARTED
        work_before, slot_at, esk = self.wb[p], self.sa[p], self.esk[p]
        late_start, late_finish = self.late_start_at, self.late_finish_at
        early_start, early_finish = self.es, self.early_finish_at
        why: Why = "project finish"
        best = free = _HIGH
        for link in net.succs[p]:
            s, typ, lag, elapsed = link
            from_finish = typ is _FS or typ is _FF
            if state[s] >= STARTED or (started and not from_finish):
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


def task_state(net: Network, i: int) -> int:
    if net.actual_finish[i] is not None:
        return FINISHED
    if net.actual_start[i] is not None:
        return STARTED
    if net.pinned[i] is not None:
        return PINNED
    return PLANNED
