"""The plan compiled to an integer network: what the critical path and levelling compute on.

`compile_network` turns a `Plan` plus the resolved day rules of its calendars into flat lists
indexed by task number: durations in working slots, one `WorkingTime` per task (its resources'
calendars intersected, leave included), links as integer tuples, constraints as points. Both the
CPM passes and the levelling heuristic read these lists; nothing here knows about files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from picturelock.domain.calendar import (
    SLOTS_PER_DAY,
    WorkingTime,
    slot_of,
    slots_from_days,
)
from picturelock.domain.plan import ConstraintKind, LinkType, Plan, Task

DayRule = Callable[[date], bool]
UNITS_SCALE = 100  # resource units are held as integer hundredths (0.5 editor -> 50)

# A link as the engine sees it: (other task index, type, lag in slots, lag is elapsed)
NetLink = tuple[int, LinkType, int, bool]


@dataclass(slots=True)
class Network:
    """Flat, index-aligned lists; task i is `ids[i]`. Points are slots on the plan's axis.

    Mutable by design: it is the engine's working form, built fresh for each computation.
    """

    __mutable_by_design__ = True

    origin: date
    ids: list[str]
    names: list[str]
    duration: list[int]  # working slots (remaining work where progress says so)
    milestone: list[bool]
    calendar: list[WorkingTime]
    preds: list[list[NetLink]]  # for each task, the links that come into it
    succs: list[list[NetLink]]  # for each task, the links that go out of it
    snet: list[int | None]  # start no earlier than: a point
    fnlt: list[int | None]  # finish no later than: an exclusive finish point
    mfo: list[int | None]  # must finish on: an exclusive finish point
    pinned: list[int | None]  # manually scheduled start: a point
    actual_start: list[int | None]
    actual_finish: list[int | None]  # exclusive point
    priority: list[int]
    demands: list[list[tuple[int, int]]]  # (resource index, units x UNITS_SCALE)
    resource_ids: list[str]
    resource_names: list[str]
    capacity: list[int]  # units x UNITS_SCALE
    resource_calendar: list[WorkingTime]
    project_calendar: WorkingTime
    status_point: int | None = None  # the as-of date's first slot: nothing unstarted before it

    def index(self) -> dict[str, int]:
        return {task_id: i for i, task_id in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)


class _Calendars:
    """Builds and shares `WorkingTime`s: one per distinct set of day rules."""

    def __init__(self, origin: date, rules: Mapping[str, DayRule]) -> None:
        self.origin = origin
        self.rules = rules
        self._cache: dict[tuple[str, ...], WorkingTime] = {}
        self._extra: dict[str, DayRule] = {}

    def add_rule(self, key: str, rule: DayRule) -> None:
        self._extra[key] = rule

    def get(self, keys: tuple[str, ...]) -> WorkingTime:
        keys = tuple(sorted(set(keys)))
        if keys not in self._cache:
            parts = [self._extra.get(k) or self.rules[k] for k in keys]

            def rule(day: date, parts: list[DayRule] = parts) -> bool:
                return all(part(day) for part in parts)

            self._cache[keys] = WorkingTime(" & ".join(keys), self.origin, rule)
        return self._cache[keys]


def _resource_rules(plan: Plan, calendars: _Calendars) -> dict[str, str]:
    """Registers each resource's rule (its calendar minus its leave); returns resource -> key."""
    keys: dict[str, str] = {}
    for resource in plan.resources:
        base_key = resource.calendar or plan.project_calendar
        if not resource.leave:
            keys[resource.id] = base_key
            continue
        base = calendars.rules[base_key]
        leave = frozenset(day for span in resource.leave for day in span.days())

        def rule(day: date, base: DayRule = base, leave: frozenset[date] = leave) -> bool:
            return day not in leave and base(day)

        key = f"{base_key}+leave:{resource.id}"
        calendars.add_rule(key, rule)
        keys[resource.id] = key
    return keys


def _task_calendar_keys(task: Task, plan: Plan, resource_keys: Mapping[str, str]) -> tuple[str, ...]:
    """A task follows its own calendar if set, else its resources' calendars, else the project's."""
    keys = [resource_keys[a.resource] for a in task.assignments]
    if task.calendar:
        keys.append(task.calendar)
    return tuple(keys) or (plan.project_calendar,)


def _finish_point(origin: date, day: date) -> int:
    """The exclusive finish point of an inclusive day: the end of its afternoon."""
    return slot_of(origin, day) + SLOTS_PER_DAY


def _units(value: Decimal) -> int:
    return int(value * UNITS_SCALE)


def _links(plan: Plan, index: Mapping[str, int]) -> tuple[list[list[NetLink]], list[list[NetLink]]]:
    preds: list[list[NetLink]] = [[] for _ in plan.tasks]
    succs: list[list[NetLink]] = [[] for _ in plan.tasks]
    for link in plan.links:
        p, s = index[link.predecessor], index[link.successor]
        lag = slots_from_days(link.lag_days)
        preds[s].append((p, link.type, lag, link.lag_elapsed))
        succs[p].append((s, link.type, lag, link.lag_elapsed))
    return preds, succs


def _constraint(task: Task, kind: ConstraintKind) -> date | None:
    found = [c.on for c in task.constraints if c.kind is kind]
    return found[-1] if found else None


def _remaining(task: Task, as_of: date | None) -> int:
    """Working slots still to do: all of it, or what progress says is left."""
    progress = task.progress
    if progress.actual_finish is not None:
        return 0
    if progress.remaining_days is not None and as_of is not None:
        return slots_from_days(progress.remaining_days)
    return slots_from_days(task.duration_days)


def compile_network(plan: Plan, rules: Mapping[str, DayRule], as_of: date | None = None) -> Network:
    """The plan as integer lists. `rules` maps each calendar id to its resolved day rule.

    With `as_of`, progress counts: finished tasks keep their actual dates, started ones keep
    their actual start and have their remaining work, and nothing unstarted starts before it.
    """
    origin = plan.production.start
    calendars = _Calendars(origin, rules)
    resource_keys = _resource_rules(plan, calendars)
    index = {task.id: i for i, task in enumerate(plan.tasks)}
    resource_index = {r.id: i for i, r in enumerate(plan.resources)}
    preds, succs = _links(plan, index)

    def point(day: date | None) -> int | None:
        return None if day is None else slot_of(origin, day)

    def finish(day: date | None) -> int | None:
        return None if day is None else _finish_point(origin, day)

    use_progress = as_of is not None
    return Network(
        origin=origin,
        ids=[t.id for t in plan.tasks],
        names=[t.name for t in plan.tasks],
        duration=[
            _remaining(t, as_of) if use_progress else slots_from_days(t.duration_days) for t in plan.tasks
        ],
        milestone=[t.milestone or t.duration_days == 0 for t in plan.tasks],
        calendar=[calendars.get(_task_calendar_keys(t, plan, resource_keys)) for t in plan.tasks],
        preds=preds,
        succs=succs,
        snet=[point(_constraint(t, ConstraintKind.SNET)) for t in plan.tasks],
        fnlt=[finish(_constraint(t, ConstraintKind.FNLT)) for t in plan.tasks],
        mfo=[finish(_constraint(t, ConstraintKind.MFO)) for t in plan.tasks],
        pinned=[point(t.pinned_start) for t in plan.tasks],
        actual_start=[point(t.progress.actual_start) if use_progress else None for t in plan.tasks],
        actual_finish=[finish(t.progress.actual_finish) if use_progress else None for t in plan.tasks],
        priority=[t.priority for t in plan.tasks],
        demands=[[(resource_index[a.resource], _units(a.units)) for a in t.assignments] for t in plan.tasks],
        resource_ids=[r.id for r in plan.resources],
        resource_names=[r.name for r in plan.resources],
        capacity=[_units(r.capacity) for r in plan.resources],
        resource_calendar=[calendars.get((resource_keys[r.id],)) for r in plan.resources],
        project_calendar=calendars.get((plan.project_calendar,)),
        status_point=point(as_of),
    )
