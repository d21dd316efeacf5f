"""The optimiser: the levelled schedule of shortest length, found (and where possible proven) by
OR-Tools CP-SAT (https://developers.google.com/optimization/scheduling), warm-started from the
heuristic.

When every task works to one calendar and no link has an elapsed lag, the model works in
*working-slot counts* of that calendar: a task is an interval of its duration in working slots,
each resource a cumulative constraint, each link a linear inequality (all four types, lags in
working slots), and the objective the last finish: exact, and small. Otherwise it works on the
slot axis itself (`slot_model.py`): exact while the tasks sharing each resource share a calendar;
where they do not, valid but not a proof, and a note says so. Pinned tasks and tasks with
actuals are fixed; where they overload a resource, the others get what capacity is left.

The solver's answer is booked once more by the serial schedule generator in the order of its
starts, so the schedule returned obeys exactly the same rules as the heuristic's (and explains
its delays the same way); it is never longer than the solver's. User priorities are not part of
the objective: the optimiser only shortens the schedule.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from functools import reduce
from math import gcd

from ortools.sat.python import cp_model

from picturelock.adapters.solver.slot_model import SlotModel, TooBig, fixed_load
from picturelock.domain.schedule.booking import FastCalendar, shift
from picturelock.domain.schedule.levelling import Levelled, finish_run
from picturelock.domain.schedule.network import Network
from picturelock.domain.schedule.sgs import FF, FS, SF, SS, Problem, prepare

PRESOLVE_LIMIT = 20_000  # look-up entries above which CP-SAT's presolve is skipped


def _one_calendar(prob: Problem) -> bool:
    """Whether the count model is exact: one calendar for all work and lags, no elapsed lag."""
    net = prob.net
    working = {id(net.calendar[i]) for i in range(prob.n) if prob.dur[i] > 0}
    lagged = {id(net.calendar[p]) for links in prob.preds for p, _, lag, _ in links if lag != 0}
    elapsed = any(elapsed and lag != 0 for links in prob.preds for _, _, lag, elapsed in links)
    return len(working | lagged) <= 1 and not elapsed


def _calendar(prob: Problem) -> FastCalendar:
    for i in range(prob.n):
        if prob.dur[i] > 0:
            return prob.cals[i]
    return prob.cals[0]


class _Model:
    """The CP-SAT model of one network, in counts of working slots on calendar `cal`."""

    def __init__(self, prob: Problem, hint: Levelled) -> None:
        self.prob, self.cal = prob, _calendar(prob)
        self.model = cp_model.CpModel()
        w = self.cal.work_before
        self.horizon = max(w(hint.makespan), *(w(f) for f in hint.finish)) + 1
        self.low = min(0, *(w(s) for s in hint.start))
        self.start: list[cp_model.IntVar] = []
        self.end: list[cp_model.IntVar] = []
        self.intervals: list[cp_model.IntervalVar] = []
        for i in range(prob.n):
            self._task(i, hint)
        self._links()
        self._resources()
        self.makespan = self.model.new_int_var(0, self.horizon, "makespan")
        self.model.add_max_equality(self.makespan, self.end)
        self.model.minimize(self.makespan)

    def _task(self, i: int, hint: Levelled) -> None:
        prob, w, d = self.prob, self.cal.work_before, self.prob.dur[i]
        fixed = prob.fixed_start[i]
        if fixed is not None:
            low = high = w(prob.work_from[i])
        else:
            low, high = max(self.low, w(prob.release[i])), self.horizon - d
        start = self.model.new_int_var(low, max(low, high), f"s{i}")
        end = self.model.new_int_var(low + d, max(low, high) + d, f"e{i}")
        self.intervals.append(self.model.new_interval_var(start, d, end, f"i{i}"))
        self.start.append(start)
        self.end.append(end)
        if fixed is None:
            self.model.add_hint(start, w(hint.start[i]))
            if prob.finish_release[i] > -(1 << 59):
                self.model.add(end >= w(prob.finish_release[i]))

    def _links(self) -> None:
        prob, model, w = self.prob, self.model, self.cal.work_before
        for j in prob.movable:
            for p, code, lag, elapsed in prob.preds[j]:
                target = self.start[j] if code in (FS, SS) else self.end[j]
                if prob.fixed_start[p] is not None:  # a constant: the exact point, as a count
                    point = prob.fixed_start[p] if code in (SS, SF) else prob.fixed_finish[p]
                    model.add(target >= w(shift(prob.cals[p], point or 0, lag, elapsed)))
                    continue
                source = self.end[p] if code in (FS, FF) else self.start[p]
                model.add(target >= source + lag)

    def _fixed_load(self, r: int) -> dict[int, int]:
        """Units of resource r held by fixed tasks at each working-slot count (at most capacity)."""
        prob, cal = self.prob, self.cal

        def counts(i: int) -> range:
            first = cal.work_before(prob.work_from[i])
            return range(first, first + prob.dur[i])

        return fixed_load(prob, r, counts)

    def _resources(self) -> None:
        prob, model = self.prob, self.model
        users: dict[int, list[tuple[cp_model.IntervalVar, int]]] = defaultdict(list)
        for i in prob.movable:
            if prob.dur[i] > 0:
                for r, units in prob.demands[i]:
                    users[r].append((self.intervals[i], units))
        for r, booked in users.items():
            for k, units in self._fixed_load(r).items():
                booked.append((model.new_fixed_size_interval_var(k, 1, f"fixed{r}_{k}"), units))
            capacity = prob.net.capacity[r]
            scale = reduce(gcd, [units for _, units in booked], capacity) or 1  # small numbers help
            model.add_cumulative([b[0] for b in booked], [b[1] // scale for b in booked], capacity // scale)


def optimise(
    net: Network,
    hint: Levelled,
    *,
    time_limit_s: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    deterministic: bool = False,
) -> tuple[Levelled, bool]:
    """The shortest levelled schedule CP-SAT finds in the time limit, and whether it is proven
    optimal. Falls back to `hint` (proven=False, with a note) where the model would not be exact
    or the solver finds nothing better.

    With `deterministic`, the limit is CP-SAT's deterministic time (work done, not wall-clock
    seconds), so a busy machine gives the same search as an idle one."""
    prob = prepare(net)
    single = _one_calendar(prob)
    try:
        built: _Model | SlotModel = _Model(prob, hint) if single else SlotModel(prob, hint)
    except TooBig:
        note = "optimiser not used: the plan is too big for its slot-by-slot model"
        return replace(hint, notes=(*hint.notes, note)), False
    solver = cp_model.CpSolver()
    if deterministic:
        solver.parameters.max_deterministic_time = time_limit_s
    else:
        solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if isinstance(built, SlotModel) and built.entries > PRESOLVE_LIMIT:
        solver.parameters.cp_model_presolve = False  # expanding big look-up tables eats the time
    status = solver.solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        note = f"optimiser found no schedule in {time_limit_s:g} s ({solver.status_name(status)})"
        return replace(hint, notes=(*hint.notes, note)), False
    starts = [solver.value(v) for v in built.start]
    order = sorted(prob.movable, key=lambda i: (starts[i], hint.start[i], i))
    exact = isinstance(built, _Model) or built.exact
    notes = () if exact else (_INEXACT,)
    result = finish_run(prob, order, iterations=0, method="cp-sat", notes=notes)
    if result.makespan > hint.makespan:
        return replace(hint, notes=(*hint.notes, "optimiser found nothing shorter")), False
    makespan = built.cal.work_before(result.makespan) if isinstance(built, _Model) else result.makespan
    proven = status == cp_model.OPTIMAL and exact and makespan <= solver.objective_value
    return result, proven


_INEXACT = (
    "optimiser: some tasks sharing a resource work to different calendars, so their idle days "
    "were counted as booked; the schedule is valid but not proven the shortest"
)
