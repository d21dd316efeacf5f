"""Read a plan from MS Project XML (MSPDI), as MS Project, ProjectLibre and MPXJ save it.

What maps where (and what is refused or only warned about) is documented in docs/exchange.md.
Every problem is collected with its line and element before anything is refused; what can be
imported with a loss (an ALAP constraint, a recurring calendar exception) is a warning instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from picturelock.adapters.msproject import codes
from picturelock.adapters.msproject.calendars import CalendarTable, read_calendars
from picturelock.adapters.msproject.context import ReadContext
from picturelock.adapters.msproject.xmltree import Node, parse
from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem
from picturelock.domain.plan import (
    Assignment,
    Baseline,
    BaselineEntry,
    Constraint,
    ConstraintKind,
    Group,
    Link,
    Plan,
    Production,
    Progress,
    Resource,
    ResourceKind,
    Task,
)

BASELINE_NAMES = ["Baseline", *(f"Baseline{n}" for n in range(1, 11))]


@dataclass(frozen=True, slots=True)
class MspdiReading:
    """A plan read from MSPDI, and what was imported with a loss (warnings, not errors)."""

    plan: Plan
    warnings: tuple[Problem, ...]


@dataclass(slots=True)
class _Raw:
    """A task as read, before links and assignments are resolved."""

    uid: str
    node: Node
    task: Task


def load_mspdi(path: Path) -> MspdiReading:
    """The plan in an MSPDI file with the warnings of its import; InvalidInput lists every problem."""
    path = Path(path)
    root = parse(path)
    ctx = ReadContext(path.name)
    if root.tag != "Project" or not root.ns.startswith(codes.NAMESPACE):
        found = f"{{{root.ns}}}{root.tag}" if root.ns else root.tag
        raise InvalidInput([Problem(ctx.place, found, "not an MS Project XML (MSPDI) file", root.line,
                                    f"a <Project> root in the namespace {codes.NAMESPACE}")])  # fmt: skip
    ctx.minutes_per_day = int(ctx.number(root, "MinutesPerDay", "Project") or codes.DEFAULT_MINUTES_PER_DAY)
    ctx.id_fields = _id_fields(root)
    ctx.organisation_fields = _id_fields(root, codes.ORGANISATION_ALIAS)
    plan = _plan(root, ctx)
    if ctx.problems:
        raise InvalidInput(ctx.problems)
    assert plan is not None
    problems = _validate(plan, ctx)
    if problems:
        raise InvalidInput(problems)
    return MspdiReading(plan, tuple(sorted(ctx.warnings, key=lambda w: w.line or 0)))


def read_mspdi(path: Path) -> Plan:
    """The plan in an MSPDI file (warnings dropped; use `load_mspdi` to see them)."""
    return load_mspdi(path).plan


def _validate(plan: Plan, ctx: ReadContext) -> list[Problem]:
    """The plan checks every reader runs, their field paths turned into MSPDI elements and lines."""
    from picturelock.domain.validation import plan_problems

    return [_located(problem, ctx) for problem in plan_problems(plan, ctx.place)]


def _located(problem: Problem, ctx: ReadContext) -> Problem:
    match = re.match(r"^(\w+\[\d+\])(.*)$", problem.field)
    if not match or match.group(1) not in ctx.places:
        return problem
    where, line = ctx.places[match.group(1)]
    return Problem(problem.place, where + match.group(2), problem.message, line, problem.expected)


def _id_fields(root: Node, alias: str = codes.ID_ALIAS) -> set[str]:
    attributes = root.child("ExtendedAttributes")
    if attributes is None:
        return set()
    return {
        a.text_of("FieldID") or ""
        for a in attributes.all("ExtendedAttribute")
        if (a.text_of("Alias") or "").strip().lower() == alias.lower()
    }


def _production(root: Node, ctx: ReadContext, start: date | None) -> Production:
    title = root.text_of("Title") or re.sub(r"\.xml$", "", root.text_of("Name") or "", flags=re.I)
    return Production(
        title=title or Path(ctx.place).stem,
        format="",
        episodes=1,
        runtime_minutes=0,
        currency=root.text_of("CurrencyCode") or "",
        country="",
        region=None,
        start=start or date(1970, 1, 1),
    )


def _plan(root: Node, ctx: ReadContext) -> Plan | None:
    start = ctx.day(root, "StartDate", "Project")
    if start is None:
        ctx.problem(root, "Project/StartDate", "the project has no start date", "YYYY-MM-DDThh:mm:ss")
    resource_calendar_uids = {
        r.text_of("CalendarUID") or "" for r in _children(root, "Resources", "Resource")
    }
    table = read_calendars(root, ctx, resource_calendar_uids)
    raws, groups = _tasks(root, ctx, table)
    resources, resource_ids = _resources(root, ctx, table)
    tasks = _assign(root, ctx, raws, resource_ids)
    resources = _material_capacity(root, resources, tasks)
    links = _links(ctx, raws, groups)
    for i, raw in enumerate(raws):
        ctx.place_of(f"tasks[{i}]", f"Tasks/Task[UID={raw.uid}]", raw.node)
    for i, (uid, (_, node)) in enumerate(groups.items()):
        ctx.place_of(f"groups[{i}]", f"Tasks/Task[UID={uid}]", node)
    status = ctx.day(root, "StatusDate", "Project")
    if ctx.problems:
        return None
    return Plan(
        production=_production(root, ctx, start),
        calendars=table.specs,
        resources=tuple(resources),
        tasks=tuple(tasks),
        links=tuple(links),
        groups=tuple(g for g, _ in groups.values()),
        baselines=_baselines(root, raws, ctx, start),
        project_calendar=table.project_calendar,
        status_date=status,
    )


def _children(root: Node, outer: str, inner: str) -> list[Node]:
    container = root.child(outer)
    return [] if container is None else list(container.all(inner))


# -- tasks ----------------------------------------------------------------------------------------
def _outline_level(node: Node) -> int:
    level = node.text_of("OutlineLevel")
    if level and level.lstrip("-").isdigit():
        return int(level)
    number = node.text_of("OutlineNumber")
    return number.count(".") + 1 if number else 1


def _tasks(
    root: Node, ctx: ReadContext, table: CalendarTable
) -> tuple[list[_Raw], dict[str, tuple[Group, Node]]]:
    """Plain tasks in file order, and summary tasks as groups (by UID) with their parents."""
    raws: list[_Raw] = []
    groups: dict[str, tuple[Group, Node]] = {}
    stack: list[tuple[int, str]] = []  # (outline level, group id) of the open summaries
    seen: set[str] = set()
    for node in _children(root, "Tasks", "Task"):
        uid = node.text_of("UID")
        level = _outline_level(node)
        if uid is None:
            ctx.problem(node, "Tasks/Task", "a task without a UID", "a <UID> element")
            continue
        if node.text_of("IsNull") == "1" or level == 0:
            continue  # blank rows and the project summary task (UID 0)
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        if node.text_of("Summary") == "1":
            group_id = _unique(ctx.stable_id(node, "g", uid), seen, f"g{uid}")
            groups[uid] = (Group(group_id, node.text_of("Name") or group_id, parent), node)
            stack.append((level, group_id))
            continue
        task = _task(node, ctx, table, uid, parent)
        raws.append(_Raw(uid, node, _with_id(task, _unique(task.id, seen, f"t{uid}"))))
    return raws, groups


def _unique(wanted: str, seen: set[str], fallback: str) -> str:
    chosen = wanted if wanted not in seen else fallback
    seen.add(chosen)
    return chosen


def _with_id(task: Task, task_id: str) -> Task:
    from dataclasses import replace

    return task if task.id == task_id else replace(task, id=task_id)


def _task(node: Node, ctx: ReadContext, table: CalendarTable, uid: str, group: str | None) -> Task:
    where = f"Tasks/Task[UID={uid}]"
    duration = ctx.days(node, "Duration", where)
    milestone = node.text_of("Milestone") == "1"
    if duration is None and not milestone:
        ctx.warn(node, f"{where}/Duration", "no duration: taken as 0 days")
    if (node.text_of("DurationFormat") or "").isdigit() and codes.lag_is_elapsed(
        int(node.text_of("DurationFormat") or 0)
    ):
        ctx.warn(node, f"{where}/DurationFormat", "an elapsed duration, read as working days")
    calendar_uid = node.text_of("CalendarUID")
    calendar = None
    if calendar_uid not in (None, "-1"):
        calendar = table.by_uid.get(calendar_uid or "")
        if calendar is None:
            ctx.problem(
                node, f"{where}/CalendarUID", f"no calendar has UID {calendar_uid}", "a calendar's UID"
            )
    manual = node.text_of("Manual") == "1"
    pinned = (ctx.day(node, "ManualStart", where) or ctx.day(node, "Start", where)) if manual else None
    return Task(
        id=ctx.stable_id(node, "t", uid),
        name=node.text_of("Name") or f"Task {uid}",
        duration_days=duration or Decimal(0),
        milestone=milestone,
        group=group,
        calendar=calendar,
        constraints=_constraints(node, ctx, where),
        pinned_start=pinned,
        priority=int(ctx.number(node, "Priority", where, "500") or 500),
        progress=_progress(node, ctx, where),
        notes=node.text_of("Notes") or "",
        organisation=ctx.organisation(node),
    )


def _constraints(node: Node, ctx: ReadContext, where: str) -> tuple[Constraint, ...]:
    found: list[Constraint] = []
    code = int(ctx.number(node, "ConstraintType", where, "0") or 0)
    kind = codes.CONSTRAINT_KINDS.get(code)
    if kind is not None:
        on = ctx.day(node, "ConstraintDate", where, finish=kind is not ConstraintKind.SNET)
        if on is None:
            ctx.problem(node, f"{where}/ConstraintDate", "a date constraint without its date", "a date")
        else:
            found.append(Constraint(kind, on))
    elif code not in (0,):
        name = codes.CONSTRAINT_NAMES.get(code, str(code))
        ctx.warn(
            node, f"{where}/ConstraintType", f"{name} constraint not carried: scheduled as soon as possible"
        )
    deadline = ctx.day(node, "Deadline", where, finish=True)
    if deadline is not None and Constraint(ConstraintKind.FNLT, deadline) not in found:
        found.append(Constraint(ConstraintKind.FNLT, deadline))
    return tuple(found)


def _progress(node: Node, ctx: ReadContext, where: str) -> Progress:
    started = ctx.day(node, "ActualStart", where)
    finished = ctx.day(node, "ActualFinish", where, finish=True)
    remaining = ctx.days(node, "RemainingDuration", where) if started and not finished else None
    return Progress(started, finished, remaining)


# -- links ----------------------------------------------------------------------------------------
def _links(ctx: ReadContext, raws: list[_Raw], groups: dict[str, tuple[Group, Node]]) -> list[Link]:
    by_uid = {raw.uid: raw.task for raw in raws}
    links: list[Link] = []
    for raw in raws:
        for node in raw.node.all("PredecessorLink"):
            link = _link(node, ctx, raw, by_uid, groups)
            if link is not None:
                ctx.place_of(f"links[{len(links)}]", f"Tasks/Task[UID={raw.uid}]/PredecessorLink", node)
                links.append(link)
    for uid, (group, node) in groups.items():
        if any(True for _ in node.all("PredecessorLink")):
            ctx.warn(
                node,
                f"Tasks/Task[UID={uid}]/PredecessorLink",
                f"links to summary task {group.name!r} not carried",
            )
    return links


def _link(
    node: Node, ctx: ReadContext, raw: _Raw, by_uid: dict[str, Task], groups: dict[str, tuple[Group, Node]]
) -> Link | None:
    where = f"Tasks/Task[UID={raw.uid}]/PredecessorLink"
    uid = node.text_of("PredecessorUID") or ""
    if uid in groups:
        ctx.warn(node, where, f"link from summary task {groups[uid][0].name!r} not carried")
        return None
    predecessor = by_uid.get(uid)
    if predecessor is None:
        ctx.problem(node, f"{where}/PredecessorUID", f"no task has UID {uid or '(none)'}", "a task's UID")
        return None
    type_code = int(ctx.number(node, "Type", where, "1") or 0)
    if type_code not in codes.LINK_TYPES:
        ctx.problem(node, f"{where}/Type", f"unknown link type {type_code}", "0 FF, 1 FS, 2 SF or 3 SS")
        return None
    lag, elapsed = _lag(node, ctx, where, predecessor)
    return Link(predecessor.id, raw.task.id, codes.LINK_TYPES[type_code], lag, elapsed)


def _lag(node: Node, ctx: ReadContext, where: str, predecessor: Task) -> tuple[Decimal, bool]:
    tenths = ctx.number(node, "LinkLag", where, "0") or Decimal(0)
    lag_format = int(ctx.number(node, "LagFormat", where, "7") or codes.FORMAT_DAYS)
    if tenths == 0:
        return Decimal(0), False
    if lag_format in codes.PERCENT_FORMATS:
        days = tenths / 10 / 100 * predecessor.duration_days
        ctx.warn(node, f"{where}/LagFormat", f"a {tenths / 10}% lag read as {days} working days")
        elapsed = False
    else:
        is_elapsed = codes.lag_is_elapsed(lag_format)
        if is_elapsed is None:
            ctx.warn(node, f"{where}/LagFormat", f"unknown lag format {lag_format}: read as working time")
        elapsed = bool(is_elapsed)
        per_day = codes.ELAPSED_MINUTES_PER_DAY if elapsed else ctx.minutes_per_day
        days = tenths / 10 / per_day
    rounded, exact = codes.days_to_half_days(days)
    if not exact:
        ctx.warn(
            node, f"{where}/LinkLag", f"lag of {days:.3f} days rounded to {rounded} (half days are the unit)"
        )
    return rounded, elapsed


# -- resources and assignments --------------------------------------------------------------------
def _resources(root: Node, ctx: ReadContext, table: CalendarTable) -> tuple[list[Resource], dict[str, str]]:
    resources: list[Resource] = []
    ids: dict[str, str] = {}  # resource UID -> id
    seen: set[str] = set()
    for node in _children(root, "Resources", "Resource"):
        uid = node.text_of("UID") or ""
        name = node.text_of("Name")
        if node.text_of("IsNull") == "1" or (uid == "0" and not name):
            continue
        where = f"Resources/Resource[UID={uid}]"
        if node.text_of("Type") == "2":
            ctx.warn(node, where, f"cost resource {name!r} not carried (costs come from bookings and rates)")
            continue
        resource_id = _unique(ctx.stable_id(node, "r", uid), seen, f"r{uid}")
        calendar, leave = table.for_resource(node.text_of("CalendarUID"))
        group = (node.text_of("Group") or "").strip().lower()
        kinds = {k.value: k for k in ResourceKind}
        kind = kinds.get(group, ResourceKind.KIT if node.text_of("Type") == "0" else ResourceKind.PERSON)
        capacity = ctx.number(node, "MaxUnits", where, "1")
        ids[uid] = resource_id
        ctx.place_of(f"resources[{len(resources)}]", where, node)
        resources.append(
            Resource(
                resource_id,
                name or resource_id,
                kind,
                capacity or Decimal(1),
                calendar,
                leave,
                organisation=ctx.organisation(node),
            )
        )
    return resources, ids


def _material_capacity(root: Node, resources: list[Resource], tasks: list[Task]) -> list[Resource]:
    """Material resources have no MaxUnits in MS Project: their capacity is the most booked at once
    by one task (at least 1), so a booking of 4 drives is not refused."""
    from dataclasses import replace

    material = {
        (r.text_of("Name") or "")
        for r in _children(root, "Resources", "Resource")
        if r.text_of("Type") == "0"
    }
    most: dict[str, Decimal] = {}
    for task in tasks:
        for assignment in task.assignments:
            most[assignment.resource] = max(most.get(assignment.resource, Decimal(0)), assignment.units)
    return [
        replace(r, capacity=max(r.capacity, most.get(r.id, Decimal(0))))
        if r.name in material and r.kind is ResourceKind.KIT
        else r
        for r in resources
    ]


def _assign(root: Node, ctx: ReadContext, raws: list[_Raw], resource_ids: dict[str, str]) -> list[Task]:
    from dataclasses import replace

    by_uid = {raw.uid: raw for raw in raws}
    found: dict[str, list[Assignment]] = {}
    for node in _children(root, "Assignments", "Assignment"):
        task_uid, resource_uid = node.text_of("TaskUID") or "", node.text_of("ResourceUID") or ""
        where = f"Assignments/Assignment[UID={node.text_of('UID')}]"
        if resource_uid not in resource_ids:
            continue  # the "unassigned" resource (-65535), a cost resource, or a skipped one
        if task_uid not in by_uid:
            ctx.warn(node, where, f"assignment to task UID {task_uid} (a summary task or none) not carried")
            continue
        units = ctx.number(node, "Units", where, "1")
        found.setdefault(task_uid, []).append(Assignment(resource_ids[resource_uid], units or Decimal(1)))
    return [replace(raw.task, assignments=tuple(found.get(raw.uid, ()))) for raw in raws]


def _baselines(root: Node, raws: list[_Raw], ctx: ReadContext, start: date | None) -> tuple[Baseline, ...]:
    """Baseline 0..10 as "Baseline", "Baseline1".. MSPDI keeps no date taken: the project's
    creation date stands in (or its start)."""
    taken = ctx.day(root, "CreationDate", "Project") or start or date(1970, 1, 1)
    entries: dict[int, dict[str, BaselineEntry]] = {}
    for raw in raws:
        for node in raw.node.all("Baseline"):
            where = f"Tasks/Task[UID={raw.uid}]/Baseline"
            number = int(ctx.number(node, "Number", where, "0") or 0)
            first = ctx.day(node, "Start", where)
            last = ctx.day(node, "Finish", where, finish=True)
            if first is None or last is None or not 0 <= number <= 10:
                continue
            entries.setdefault(number, {})[raw.task.id] = BaselineEntry(first, max(first, last))
    return tuple(Baseline(BASELINE_NAMES[n], taken, entries[n]) for n in sorted(entries))
