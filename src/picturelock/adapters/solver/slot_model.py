"""CP-SAT model on the plan's slot axis, for plans whose tasks work to different calendars.

Each task chooses k, the count of working slots of its own calendar before its start; its start
and finish points are table look-ups on k (`add_element`), so weekends, holidays and leave are
exact. Links become "target count >= table[source]" with the lag worked on the predecessor's
calendar (or elapsed), as the critical path reads them. Milestones choose a point. Fixed tasks
(pinned, actuals) are constants; their bookings are counted slot by slot.

A resource is a cumulative over its tasks' spans, start to finish. That is exact when every task
on the resource works to the same calendar (a span's idle days are then idle for all of them);
where they differ, a span's idle days are counted as booked, so the answer is a valid schedule
but not a proof of optimality. `exact` says which.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from ortools.sat.python import cp_model

from picturelock.domain.schedule.booking import shift
from picturelock.domain.schedule.levelling import Levelled
from picturelock.domain.schedule.sgs import FF, SF, SS, Problem

MAX_TABLE = 3_000_000  # look-up entries the model may hold before it is refused as too big


def fixed_load(prob: Problem, r: int, occupied: Callable[[int], Iterable[int]]) -> dict[int, int]:
    """Units of resource r held by the fixed tasks (pinned, started) at each time `occupied(i)`
    gives for task i, capped at the capacity: what the solver must leave free around them."""
    load = defaultdict[int, int](int)
    for i in range(prob.n):
        if prob.fixed_start[i] is None or prob.dur[i] <= 0:
            continue
        units = sum(u for res, u in prob.demands[i] if res == r)
        if units:
            for at in occupied(i):
                load[at] += units
    cap = prob.net.capacity[r]
    return {at: min(held, cap) for at, held in load.items()}


class TooBig(ValueError):
    """The plan would need more look-up entries than MAX_TABLE."""


class SlotModel:
    """Variables per task: `key` (k, or the point of a milestone), `start`, `end` (points)."""

    def __init__(self, prob: Problem, hint: Levelled) -> None:
        self.prob, self.model, self.hint = prob, cp_model.CpModel(), hint
        self.exact = shares_calendars(prob)
        self.horizon = hint.makespan if self.exact else _roomy_horizon(prob, hint)
        self.entries = 0
        self.low: list[int] = [0] * prob.n
        self.high: list[int] = [0] * prob.n
        self.hinted: list[int] = [0] * prob.n  # each key's value in the heuristic's schedule
        self.key: list[cp_model.IntVar | None] = [None] * prob.n
        self.start: list[cp_model.LinearExprT] = [0] * prob.n
        self.end: list[cp_model.LinearExprT] = [0] * prob.n
        for i in range(prob.n):
            self._task(i, hint)
        for j in prob.movable:
            for p, code, lag, elapsed in prob.preds[j]:
                self._link(p, j, code, lag, elapsed)
        self._resources()
        self.makespan = self.model.new_int_var(0, self.horizon, "makespan")
        self.model.add_hint(self.makespan, hint.makespan)
        for i in range(prob.n):
            self.model.add(self.makespan >= self.end[i])
        self.model.minimize(self.makespan)

    # -- tasks ----------------------------------------------------------------------------------
    def _point(self, i: int, k: int, finish: bool) -> int:
        """The start (or finish) point of task i when it starts after k working slots."""
        d, cal = self.prob.dur[i], self.prob.cals[i]
        if d <= 0:
            return k
        return cal.slot_at(k + d - 1) + 1 if finish else cal.slot_at(k)

    def _task(self, i: int, hint: Levelled) -> None:
        prob, d, cal = self.prob, self.prob.dur[i], self.prob.cals[i]
        if prob.fixed_start[i] is not None:
            self.start[i], self.end[i] = prob.fixed_start[i] or 0, prob.fixed_finish[i]
            return
        if d <= 0:
            low, high = max(prob.release[i], prob.finish_release[i]), self.horizon
        else:
            low = cal.work_before(prob.release[i])
            if prob.finish_release[i] > -(1 << 59):
                low = max(low, cal.work_before(prob.finish_release[i]) - d)
            high = cal.work_before(self.horizon) - d
        high = max(low, high)
        key = self.model.new_int_var(low, high, f"k{i}")
        self.low[i], self.high[i], self.key[i] = low, high, key
        self.hinted[i] = hint.start[i] if d <= 0 else cal.work_before(hint.start[i])
        self.model.add_hint(key, self.hinted[i])
        if d <= 0:
            self.start[i] = self.end[i] = key
            return
        self.start[i] = self._table(i, [self._point(i, k, False) for k in range(low, high + 1)])
        self.end[i] = self._table(i, [self._point(i, k, True) for k in range(low, high + 1)])

    def _table(self, i: int, values: list[int]) -> cp_model.LinearExprT:
        """values[key - low] of task i's key as an expression: linear when the table is, else an
        element (hinted with the heuristic's value: a complete hint is a first solution)."""
        key, low = self.key[i], self.low[i]
        assert key is not None
        if all(v - k == values[0] for k, v in enumerate(values)):
            return key + (values[0] - low)
        self.entries += len(values)
        if self.entries > MAX_TABLE:
            raise TooBig
        target = self.model.new_int_var(min(values), max(values), "")
        self.model.add_element(key - low, values, target)
        self.model.add_hint(target, values[self.hinted[i] - low])
        return target

    # -- links ----------------------------------------------------------------------------------
    def _link(self, p: int, j: int, code: int, lag: int, elapsed: bool) -> None:
        prob = self.prob
        from_start, to_finish = code in (SS, SF), code in (FF, SF)
        cal_p, cal_j, d_j = prob.cals[p], prob.cals[j], prob.dur[j]
        target = self.key[j]
        assert target is not None

        def bound(x: int) -> int:
            """What the link asks of task j when p's key is x: a count on j's calendar, or a point."""
            source = self._point(p, x, not from_start)
            point = shift(cal_p, source, lag, elapsed)
            return point if d_j <= 0 else cal_j.work_before(point)

        lhs = target + d_j if to_finish and d_j > 0 else target
        if prob.fixed_start[p] is not None:
            point = prob.fixed_start[p] if from_start else prob.fixed_finish[p]
            point = shift(cal_p, point or 0, lag, elapsed)
            self.model.add(lhs >= (point if d_j <= 0 else cal_j.work_before(point)))
            return
        key = self.key[p]
        assert key is not None
        values = [bound(x) for x in range(self.low[p], self.high[p] + 1)]
        self.model.add(lhs >= self._table(p, values))

    # -- resources ------------------------------------------------------------------------------
    def _fixed_load(self, r: int) -> dict[int, int]:
        """Units of resource r held by fixed tasks per slot (at most the capacity)."""
        prob = self.prob
        return fixed_load(prob, r, lambda i: prob.cals[i].window(prob.work_from[i], prob.dur[i])[1])

    def _resources(self) -> None:
        """A cumulative per resource over its tasks' spans, fixed bookings slot by slot."""
        prob, model = self.prob, self.model
        users: dict[int, list[tuple[cp_model.IntervalVar, int]]] = defaultdict(list)
        for i in range(prob.n):
            if prob.dur[i] <= 0:
                continue
            for r, units in prob.demands[i]:
                if prob.fixed_start[i] is None:
                    size = model.new_int_var(prob.dur[i], self.horizon, "")
                    model.add_hint(size, self.hint.finish[i] - self.hint.start[i])
                    users[r].append((model.new_interval_var(self.start[i], size, self.end[i], ""), units))
        for r, booked in users.items():
            for slot, units in self._fixed_load(r).items():
                booked.append((model.new_fixed_size_interval_var(slot, 1, ""), units))
            model.add_cumulative([b[0] for b in booked], [b[1] for b in booked], prob.net.capacity[r])


def shares_calendars(prob: Problem) -> bool:
    """Whether every resource's tasks work to one calendar: then the model is exact."""
    calendars: dict[int, set[int]] = defaultdict(set)
    for i in range(prob.n):
        if prob.dur[i] > 0:
            for r, _ in prob.demands[i]:
                calendars[r].add(id(prob.cals[i]))
    return all(len(ids) <= 1 for ids in calendars.values())


def _roomy_horizon(prob: Problem, hint: Levelled) -> int:
    """A horizon for the cautious model, in which the heuristic's schedule may not fit: room for
    every task once more after it, each over twice its span in the heuristic's schedule."""
    spans = sum(2 * (hint.finish[i] - hint.start[i]) for i in prob.movable)
    return hint.makespan + spans + 14
