"""Edits to a plan, as pure transformations: each takes a Plan and gives a new one. Pure.

They change one item (a task, a link, a resource) and refuse what would leave a reference
dangling (a resource still assigned, a task a brief still names), naming what refers to it.
Everything else (dates in range, loops, capacities) is `validation.plan_problems`' job: the
caller validates the plan an edit gives before keeping it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TypeVar

from picturelock.domain.errors import InvalidInput, NotFound
from picturelock.domain.findings import Problem
from picturelock.domain.plan import Constraint, ConstraintKind, Link, Plan, Progress, Resource, Task

PLACE = "edit"
Item = TypeVar("Item")


def move_task(plan: Plan, task_id: str, start: date) -> Plan:
    """Start the task no earlier than `start`, as dragging a bar does in MS Project: its
    start-no-earlier-than constraint becomes `start` (replacing any it had); a pinned task's pin
    moves with it. A task that has started keeps its actual start: record progress instead."""
    task = _task(plan, task_id)
    if task.progress.actual_start is not None:
        raise InvalidInput(
            [
                Problem(
                    PLACE,
                    f"task {task_id!r}",
                    f"started on {task.progress.actual_start}, so it cannot move",
                    expected="a task not yet started (record its progress instead)",
                )
            ]
        )
    kept = tuple(c for c in task.constraints if c.kind is not ConstraintKind.SNET)
    moved = replace(
        task,
        constraints=(Constraint(ConstraintKind.SNET, start), *kept),
        pinned_start=start if task.pinned_start is not None else None,
    )
    return with_task(plan, moved)


def record_progress(
    plan: Plan,
    task_id: str,
    *,
    actual_start: date | None,
    actual_finish: date | None,
    remaining_days: Decimal | None,
) -> Plan:
    """The task's progress as recorded now (each value replaces the one held)."""
    task = _task(plan, task_id)
    progress = Progress(actual_start, actual_finish, remaining_days)
    return with_task(plan, replace(task, progress=progress))


def with_task(plan: Plan, task: Task) -> Plan:
    """The plan with `task` in place of the task with its id (NotFound if there is none)."""
    _task(plan, task.id)
    return replace(plan, tasks=tuple(task if t.id == task.id else t for t in plan.tasks))


def add_task(plan: Plan, task: Task) -> Plan:
    """The plan with `task` added at the end (a duplicate id is refused by validation)."""
    return replace(plan, tasks=(*plan.tasks, task))


def remove_task(plan: Plan, task_id: str) -> Plan:
    """The plan without the task, its links or its baseline entries. Refused while a brief, a
    confirmation or a notes round names it (each is named, to change first)."""
    _task(plan, task_id)
    users = task_users(plan, task_id)
    if users:
        raise InvalidInput(
            [
                Problem(PLACE, where, f"names task {task_id!r}", expected=f"{where} changed first")
                for where in users
            ]
        )
    baselines = tuple(
        replace(b, tasks={k: v for k, v in b.tasks.items() if k != task_id}) for b in plan.baselines
    )
    return replace(
        plan,
        tasks=tuple(t for t in plan.tasks if t.id != task_id),
        links=tuple(k for k in plan.links if task_id not in (k.predecessor, k.successor)),
        baselines=baselines,
    )


def task_users(plan: Plan, task_id: str) -> list[str]:
    """The briefs, confirmations and notes rounds that name the task, as places in the plan file."""
    users = [f"briefs[{i}] ({b.id})" for i, b in enumerate(plan.briefs) if task_id in b.tasks]
    users += [f"confirmations[{i}] ({c.id})" for i, c in enumerate(plan.confirmations) if c.before == task_id]
    users += [
        f"notes_rounds[{i}] ({n.id})"
        for i, n in enumerate(plan.notes_rounds)
        if task_id in (n.after, n.waiting)
    ]
    return users


def find_link(plan: Plan, predecessor: str, successor: str) -> Link | None:
    for link in plan.links:
        if (link.predecessor, link.successor) == (predecessor, successor):
            return link
    return None


def save_link(plan: Plan, link: Link) -> Plan:
    """The plan with `link` in place of the link between the same two tasks, else added."""
    key = (link.predecessor, link.successor)
    return replace(plan, links=_put(plan.links, link, lambda k: (k.predecessor, k.successor) == key))


def remove_link(plan: Plan, predecessor: str, successor: str) -> Plan:
    if find_link(plan, predecessor, successor) is None:
        raise NotFound(f"link {predecessor!r} -> {successor!r}")
    pair = (predecessor, successor)
    return replace(plan, links=tuple(k for k in plan.links if (k.predecessor, k.successor) != pair))


def save_resource(plan: Plan, resource: Resource) -> Plan:
    """The plan with `resource` in place of the resource with its id, else added."""
    return replace(plan, resources=_put(plan.resources, resource, lambda r: r.id == resource.id))


def remove_resource(plan: Plan, resource_id: str) -> Plan:
    """The plan without the resource. Refused while tasks are assigned to it (they are named)."""
    try:
        plan.resource(resource_id)
    except KeyError:
        raise NotFound(f"resource {resource_id!r}") from None
    assigned = [
        f"tasks[{i}] ({t.id})"
        for i, t in enumerate(plan.tasks)
        if any(a.resource == resource_id for a in t.assignments)
    ]
    if assigned:
        raise InvalidInput(
            [
                Problem(
                    PLACE,
                    where,
                    f"is assigned to resource {resource_id!r}",
                    expected=f"{where} assigned elsewhere first",
                )
                for where in assigned
            ]
        )
    return replace(plan, resources=tuple(r for r in plan.resources if r.id != resource_id))


def _task(plan: Plan, task_id: str) -> Task:
    try:
        return plan.task(task_id)
    except KeyError:
        raise NotFound(f"task {task_id!r}") from None


def _put(items: Iterable[Item], item: Item, same: Callable[[Item], bool]) -> tuple[Item, ...]:
    """`items` with `item` in place of the first one `same` accepts, or added at the end."""
    held = tuple(items)
    for i, old in enumerate(held):
        if same(old):
            return (*held[:i], item, *held[i + 1 :])
    return (*held, item)
