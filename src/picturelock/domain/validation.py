"""Checks on a whole plan: every reference resolves, no loops, nothing impossible. Pure.

`plan_problems(plan, place)` returns every problem found, each with a field path in the plan
file's vocabulary (`tasks[3].duration`, `tasks[3].assign[1].units`, `calendars[0].base`).
Links are named `links[k]` (their index in `plan.links`) with `.task`, `.type` and `.lag` for
the predecessor, the link type and the lag; a reader maps those to where the link was written.
The plan-file loader and the MS Project reader both call it after building a `Plan`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from picturelock.domain.dates import plan_date_problems
from picturelock.domain.findings import Problem
from picturelock.domain.organisations import organisation_problems
from picturelock.domain.plan import ConstraintKind, Link, Plan, Task

HALF = Decimal("0.5")
MOST_DAYS = Decimal(100_000)  # durations, lags and remaining work beyond this are mistakes
MOST_UNITS = Decimal(10_000)
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Report(Protocol):
    """Records one problem: the field path, what is wrong, what was expected there."""

    def __call__(self, field: str, message: str, expected: str = "") -> None: ...


def plan_problems(plan: Plan, place: str) -> list[Problem]:
    """Every semantic problem in `plan`, in the order of the file's sections."""
    problems: list[Problem] = []

    def report(field: str, message: str, expected: str = "") -> None:
        problems.append(Problem(place, field, message, expected=expected))

    ids = _Ids(plan)
    _duplicate_ids(plan, report)
    _calendars(plan, ids, report)
    _resources(plan, ids, report)
    _groups(plan, ids, report)
    _tasks(plan, ids, report)
    _links(plan, ids, report)
    _baselines(plan, ids, report)
    _paperwork(plan, ids, report)
    problems += plan_date_problems(plan, place)
    problems += organisation_problems(plan, place)
    return problems


class _Ids:
    """The ids each reference may name."""

    def __init__(self, plan: Plan) -> None:
        self.calendars = {c.id: c for c in plan.calendars}
        self.people = {p.id for p in plan.people}
        self.resources = {r.id: r for r in plan.resources}
        self.groups = {g.id: g for g in plan.groups}
        self.tasks = {t.id: t for t in plan.tasks}

    def check(self, report: Report, field: str, value: str | None, known: Iterable[str], what: str) -> None:
        if value is not None and value not in known:
            report(field, f"unknown {what} {value!r}", _one_of(known, what))


def _one_of(known: Iterable[str], what: str) -> str:
    names = sorted(known)
    if not names:
        return f"a {what} id (none are defined)"
    shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
    return f"a {what} id: {shown}"


def _duplicate_ids(plan: Plan, report: Report) -> None:
    sections: dict[str, Sequence[str]] = {
        "calendars": [c.id for c in plan.calendars],
        "people": [p.id for p in plan.people],
        "resources": [r.id for r in plan.resources],
        "groups": [g.id for g in plan.groups],
        "tasks": [t.id for t in plan.tasks],
        "briefs": [b.id for b in plan.briefs],
        "confirmations": [c.id for c in plan.confirmations],
        "notes_rounds": [n.id for n in plan.notes_rounds],
    }
    for section, section_ids in sections.items():
        seen: dict[str, int] = {}
        for i, item_id in enumerate(section_ids):
            if not item_id.strip():
                report(f"{section}[{i}].id", "empty id", "a short name such as ep1-grade")
            elif item_id in seen:
                report(
                    f"{section}[{i}].id", f"duplicate id {item_id!r} (first at {section}[{seen[item_id]}])"
                )
            else:
                seen[item_id] = i


def _calendars(plan: Plan, ids: _Ids, report: Report) -> None:
    ids.check(report, "project_calendar", plan.project_calendar, ids.calendars, "calendar")
    for i, spec in enumerate(plan.calendars):
        here = f"calendars[{i}]"
        if not spec.working_weekdays:
            report(
                f"{here}.working_weekdays", f"calendar {spec.id!r} has no working weekday", "at least one day"
            )
        ids.check(report, f"{here}.base", spec.base, ids.calendars, "calendar")
        for j, span in enumerate(spec.shutdowns):
            if span.last < span.first:
                report(
                    f"{here}.shutdowns[{j}].last", "ends before it begins", f"a day on or after {span.first}"
                )
    parents = {c.id: c.base for c in plan.calendars if c.base in ids.calendars}
    for loop in _chains_looping(parents):
        at = next(i for i, c in enumerate(plan.calendars) if c.id == loop[0])
        report(
            f"calendars[{at}].base",
            "calendar base loop: " + " -> ".join(loop),
            "a chain ending in a calendar",
        )


def _resources(plan: Plan, ids: _Ids, report: Report) -> None:
    for i, resource in enumerate(plan.resources):
        here = f"resources[{i}]"
        wrong = units_problem(resource.capacity)
        if wrong:
            report(f"{here}.capacity", f"capacity {wrong}", f"a number above 0, at most {MOST_UNITS}")
        ids.check(report, f"{here}.calendar", resource.calendar, ids.calendars, "calendar")
        ids.check(report, f"{here}.person", resource.person, ids.people, "person")
        for j, span in enumerate(resource.leave):
            if span.last < span.first:
                report(f"{here}.leave[{j}].last", "ends before it begins", f"a day on or after {span.first}")


def _groups(plan: Plan, ids: _Ids, report: Report) -> None:
    for i, group in enumerate(plan.groups):
        ids.check(report, f"groups[{i}].parent", group.parent, ids.groups, "group")
    parents = {g.id: g.parent for g in plan.groups if g.parent in ids.groups}
    for loop in _chains_looping(parents):
        at = next(i for i, g in enumerate(plan.groups) if g.id == loop[0])
        report(f"groups[{at}].parent", "group loop: " + " -> ".join(loop), "groups nested without a loop")


def _chains_looping(parent: Mapping[str, str | None]) -> list[list[str]]:
    """Loops in a child -> parent map, each named from its first member back to itself, once."""
    loops: list[list[str]] = []
    done: set[str] = set()
    for start in parent:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent.get(node)
        if node is not None and node in on_path:
            cycle = path[path.index(node) :]
            loops.append([*cycle, node])
        done.update(path)
    return loops


def _tasks(plan: Plan, ids: _Ids, report: Report) -> None:
    for i, task in enumerate(plan.tasks):
        here = f"tasks[{i}]"
        _duration(task, here, report)
        ids.check(report, f"{here}.owner", task.owner, ids.people, "person")
        ids.check(report, f"{here}.group", task.group, ids.groups, "group")
        ids.check(report, f"{here}.calendar", task.calendar, ids.calendars, "calendar")
        if not 0 <= task.priority <= 1000:
            report(f"{here}.priority", f"priority {_int_text(task.priority)} is out of range", "0 to 1000")
        _assignments(task, here, ids, report)
        _constraints(plan, task, here, ids, report)
        _progress(plan, task, here, report)


def days_problem(days: Decimal, *, negative_ok: bool = False) -> str:
    """What is wrong with an amount of working days ("" when nothing): a value to show after its
    name, e.g. "2.3 is not a whole or half day"."""
    if not days.is_finite():
        return f"{days} is not a number"
    if abs(days) > MOST_DAYS:
        return f"{days} is beyond {MOST_DAYS} days"
    if days < 0 and not negative_ok:
        return f"{days} is negative"
    if days % HALF:
        return f"{days} is not a whole or half day"
    return ""


def units_problem(units: Decimal) -> str:
    """What is wrong with a number of units or a capacity ("" when nothing)."""
    if not units.is_finite():
        return f"{units} is not a number"
    if units <= 0:
        return f"{units} is not positive"
    if units > MOST_UNITS:
        return f"{units} is beyond {MOST_UNITS}"
    return ""


def _int_text(value: int) -> str:
    return str(value) if abs(value) < 10**30 else ("a huge number" if value > 0 else "a huge negative number")


def _duration(task: Task, here: str, report: Report) -> None:
    days = task.duration_days
    wrong = days_problem(days)
    if wrong:
        report(f"{here}.duration", f"duration {wrong}", "working days, 0 or more, in steps of 0.5")
        return
    if task.milestone and days > 0:
        report(f"{here}.duration", f"milestone with a duration of {days} days", "no duration on a milestone")


def _assignments(task: Task, here: str, ids: _Ids, report: Report) -> None:
    seen: set[str] = set()
    for j, assignment in enumerate(task.assignments):
        at = f"{here}.assign[{j}]"
        resource = ids.resources.get(assignment.resource)
        wrong = units_problem(assignment.units)
        if resource is None:
            ids.check(report, at, assignment.resource, ids.resources, "resource")
        elif not wrong and not units_problem(resource.capacity) and assignment.units > resource.capacity:
            report(
                f"{at}.units",
                f"{assignment.units} units of {resource.id!r} but its capacity is {resource.capacity}",
                f"at most {resource.capacity}",
            )
        if wrong:
            report(f"{at}.units", f"units {wrong}", "a number above 0")
        if assignment.resource in seen:
            report(at, f"resource {assignment.resource!r} is assigned twice", "each resource once")
        seen.add(assignment.resource)


def _constraints(plan: Plan, task: Task, here: str, ids: _Ids, report: Report) -> None:
    first = plan.production.start
    by_kind: dict[ConstraintKind, list[tuple[int, date]]] = {kind: [] for kind in ConstraintKind}
    for j, constraint in enumerate(task.constraints):
        by_kind[constraint.kind].append((j, constraint.on))
        if constraint.kind is not ConstraintKind.SNET and constraint.on < first:
            report(
                f"{here}.constraints[{j}]",
                f"{constraint.kind.value} {constraint.on} is before post starts ({first})",
                f"a day on or after {first}",
            )
    mfo = by_kind[ConstraintKind.MFO]
    if len({on for _, on in mfo}) > 1:
        days = ", ".join(str(on) for _, on in mfo)
        report(f"{here}.constraints[{mfo[1][0]}]", f"two different must_finish_on dates: {days}", "one date")
    weekdays, extra = _working_week(plan, task, ids)
    for j, snet in by_kind[ConstraintKind.SNET]:
        for kind in (ConstraintKind.FNLT, ConstraintKind.MFO):
            for _, finish in by_kind[kind]:
                room = _most_working_days(snet, finish, weekdays, extra)
                if finish < snet:
                    report(
                        f"{here}.constraints[{j}]",
                        f"start_no_earlier_than {snet} is after {kind.value} {finish}",
                        f"a start on or before {finish}",
                    )
                elif room < task.duration_days:
                    report(
                        f"{here}.constraints[{j}]",
                        f"start_no_earlier_than {snet} leaves at most {room} working days before "
                        f"{kind.value} {finish}, but the task takes {task.duration_days}",
                        "constraints that leave room for the task",
                    )
    for j, fnlt in by_kind[ConstraintKind.FNLT]:
        for _, must in mfo:
            if must > fnlt:
                report(
                    f"{here}.constraints[{j}]",
                    f"finish_no_later_than {fnlt} is before must_finish_on {must}",
                    "a must_finish_on date on or before the finish_no_later_than date",
                )


def _working_week(plan: Plan, task: Task, ids: _Ids) -> tuple[frozenset[int], frozenset[date]]:
    """Every weekday and extra day the task could possibly work on (an upper bound)."""
    names = {task.calendar, plan.project_calendar}
    for assignment in task.assignments:
        resource = ids.resources.get(assignment.resource)
        if resource is not None:
            names.add(resource.calendar)
    specs = [ids.calendars[name] for name in names if name in ids.calendars]
    if not specs:
        return frozenset(range(5)), frozenset()
    weekdays = frozenset(day for spec in specs for day in spec.working_weekdays)
    extra = frozenset(day for spec in specs for day in spec.extra_working_days)
    return weekdays, extra


def _most_working_days(first: date, last: date, weekdays: frozenset[int], extra: frozenset[date]) -> int:
    """Working days from `first` to `last` inclusive, ignoring holidays (so never too few)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * len(weekdays)
    count += sum(1 for k in range(rest) if (first + timedelta(days=k)).weekday() in weekdays)
    return count + sum(1 for day in extra if first <= day <= last and day.weekday() not in weekdays)


def _progress(plan: Plan, task: Task, here: str, report: Report) -> None:
    progress, at = task.progress, f"{here}.progress"
    start, finish, remaining = progress.actual_start, progress.actual_finish, progress.remaining_days
    if start and finish and finish < start:
        report(f"{at}.actual_finish", f"finished {finish} before it started {start}", f"on or after {start}")
    wrong = "" if remaining is None else days_problem(remaining)
    if wrong:
        report(f"{at}.remaining", f"remaining {wrong}", "working days, 0 or more, in steps of 0.5")
    elif remaining is not None:
        if finish is not None and remaining > 0:
            report(f"{at}.remaining", f"{remaining} days remaining on a finished task", "no remaining work")
        if start is None and finish is None:
            report(f"{at}.remaining", "remaining work on a task that has not started", "an actual_start")
    status = plan.status_date
    for name, day in (("actual_start", start), ("actual_finish", finish)):
        if status is not None and day is not None and day > status:
            report(f"{at}.{name}", f"{day} is after the status date {status}", f"a day on or before {status}")


def _links(plan: Plan, ids: _Ids, report: Report) -> None:
    seen: dict[tuple[str, str], int] = {}
    for k, link in enumerate(plan.links):
        here = f"links[{k}]"
        ids.check(report, f"{here}.task", link.predecessor, ids.tasks, "task")
        ids.check(report, f"{here}.successor", link.successor, ids.tasks, "task")
        if link.predecessor == link.successor:
            report(f"{here}.task", f"task {link.successor!r} depends on itself", "another task")
        wrong = days_problem(link.lag_days, negative_ok=True)
        if wrong:
            report(f"{here}.lag", f"lag {wrong}", "days in steps of 0.5")
        pair = (link.predecessor, link.successor)
        if pair in seen:
            report(
                f"{here}.task", f"{link.successor!r} follows {link.predecessor!r} twice", "one link per pair"
            )
        else:
            seen[pair] = k
    for loop, k in dependency_loops(plan.links, ids.tasks):
        report(f"links[{k}].task", "dependency loop: " + " -> ".join(loop), "links without a loop")


def dependency_loops(links: Sequence[Link], known: Iterable[str]) -> list[tuple[list[str], int]]:
    """Each strongly connected set of linked tasks, named as one loop through it.

    Returns (loop, link index) pairs: the loop as task ids with the first repeated at the end, and
    the index in `links` of the link that closes it. Self links are left to the caller.
    """
    known_ids = set(known)
    succs: dict[str, list[tuple[str, int]]] = {}
    for k, link in enumerate(links):
        if link.predecessor != link.successor and {link.predecessor, link.successor} <= known_ids:
            succs.setdefault(link.predecessor, []).append((link.successor, k))
    loops = []
    for component in _strong_components(succs):
        if len(component) > 1:
            loops.append(_loop_in(component, succs))
    return loops


def _strong_components(succs: Mapping[str, list[tuple[str, int]]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so that long chains do not exhaust the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in succs:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            edges = succs.get(node, [])
            if i < len(edges):
                work.append((node, i + 1))
                nxt = edges[i][0]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components


def _loop_in(component: list[str], succs: Mapping[str, list[tuple[str, int]]]) -> tuple[list[str], int]:
    """One loop through a strongly connected component: walk inside it until a task repeats."""
    members = set(component)
    start = min(component)
    path, position = [start], {start: 0}
    node = start
    while True:
        nxt, k = next((s, k) for s, k in sorted(succs[node]) if s in members)
        if nxt in position:
            loop = [*path[position[nxt] :], nxt]
            return loop, k
        position[nxt] = len(path)
        path.append(nxt)
        node = nxt


def _baselines(plan: Plan, ids: _Ids, report: Report) -> None:
    for i, baseline in enumerate(plan.baselines):
        for task_id, entry in baseline.tasks.items():
            at = f"baselines[{i}].tasks.{task_id}"
            ids.check(report, at, task_id, ids.tasks, "task")
            if entry.finish < entry.start:
                report(f"{at}.finish", "finishes before it starts", f"a day on or after {entry.start}")


def _paperwork(plan: Plan, ids: _Ids, report: Report) -> None:
    people, tasks = ids.people, ids.tasks
    for i, agreement in enumerate(plan.agreements):
        if agreement.due_on < agreement.sent_on:
            report(
                f"agreements[{i}].due_on", "due before it was sent", f"a day on or after {agreement.sent_on}"
            )
        for j, sign_off in enumerate(agreement.sign_offs):
            ids.check(report, f"agreements[{i}].sign_offs[{j}].person", sign_off.person, people, "person")
    for i, brief in enumerate(plan.briefs):
        for j, task_id in enumerate(brief.tasks):
            ids.check(report, f"briefs[{i}].tasks[{j}]", task_id, tasks, "task")
        for j, ack in enumerate(brief.acknowledgements):
            ids.check(report, f"briefs[{i}].acknowledgements[{j}].person", ack.person, people, "person")
    for i, confirmation in enumerate(plan.confirmations):
        ids.check(report, f"confirmations[{i}].party", confirmation.party, people, "person")
        ids.check(report, f"confirmations[{i}].before", confirmation.before, tasks, "task")
    for i, notes in enumerate(plan.notes_rounds):
        ids.check(report, f"notes_rounds[{i}].after", notes.after, tasks, "task")
        ids.check(report, f"notes_rounds[{i}].waiting", notes.waiting, tasks, "task")
        ids.check(report, f"notes_rounds[{i}].from_person", notes.from_person, people, "person")
    ids.check(report, "escalation.refer_to", plan.escalation.refer_to, people, "person")
    wrong = days_problem(plan.escalation.warn_float_days)
    if wrong:
        report("escalation.warn_float_days", f"warn_float_days {wrong}", "working days, 0 or more")


def weekday_names(days: Iterable[int]) -> list[str]:
    """0..6 as mon..sun, in week order."""
    return [WEEKDAY_NAMES[d] for d in sorted(set(days))]
