"""The pure edits (domain.editing): what each does to a plan, what each refuses and how it says so."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from picturelock.domain import editing
from picturelock.domain.errors import InvalidInput, NotFound
from picturelock.domain.plan import (
    Constraint,
    ConstraintKind,
    Link,
    LinkType,
    Plan,
    Resource,
    ResourceKind,
    Task,
)
from picturelock.domain.validation import plan_problems
from picturelock.services.plans import load_plan

SMALL_PLAN = Path(__file__).resolve().parents[1] / "fixtures" / "small_plan.yaml"
PLAN: Plan = load_plan(SMALL_PLAN)
TASK_IDS = [t.id for t in PLAN.tasks]
SNET = ConstraintKind.SNET


@settings(max_examples=60, deadline=None)
@given(task_id=st.sampled_from(TASK_IDS), days=st.integers(0, 120))
def test_a_move_leaves_one_start_no_earlier_than_and_every_other_constraint(task_id: str, days: int) -> None:
    start = PLAN.production.start + timedelta(days=days)
    task = PLAN.task(task_id)
    if task.progress.actual_start is not None:
        with pytest.raises(InvalidInput):
            editing.move_task(PLAN, task_id, start)
        return
    moved = editing.move_task(PLAN, task_id, start).task(task_id)
    assert [c for c in moved.constraints if c.kind is SNET] == [Constraint(SNET, start)]
    others = [c for c in task.constraints if c.kind is not SNET]
    assert [c for c in moved.constraints if c.kind is not SNET] == others
    assert replace(moved, constraints=task.constraints) == task, "nothing else about the task changes"


def test_a_pinned_task_moves_its_pin_with_it() -> None:
    pinned = editing.with_task(PLAN, replace(PLAN.task("ep1-mix"), pinned_start=date(2027, 2, 1)))
    assert editing.move_task(pinned, "ep1-mix", date(2027, 2, 8)).task("ep1-mix").pinned_start == date(
        2027, 2, 8
    )


def test_every_edit_leaves_every_other_item_as_it_was() -> None:
    moved = editing.move_task(PLAN, "ep1-grade", date(2027, 3, 1))
    assert [t for t in moved.tasks if t.id != "ep1-grade"] == [t for t in PLAN.tasks if t.id != "ep1-grade"]
    assert all(a is b for a, b in zip(moved.tasks, PLAN.tasks, strict=True) if a.id != "ep1-grade"), (
        "kept as is"
    )
    assert (moved.links, moved.resources, moved.briefs) == (PLAN.links, PLAN.resources, PLAN.briefs)


@settings(max_examples=60, deadline=None)
@given(task_id=st.sampled_from(TASK_IDS))
def test_a_removed_task_takes_its_links_or_is_refused_naming_the_paperwork(task_id: str) -> None:
    users = editing.task_users(PLAN, task_id)
    if users:
        with pytest.raises(InvalidInput) as caught:
            editing.remove_task(PLAN, task_id)
        assert [p.field for p in caught.value.problems] == users
        assert all(task_id in p.message for p in caught.value.problems)
        return
    after = editing.remove_task(PLAN, task_id)
    assert task_id not in {t.id for t in after.tasks}
    assert all(task_id not in (k.predecessor, k.successor) for k in after.links)
    assert len(after.links) == len(PLAN.links) - sum(
        task_id in (k.predecessor, k.successor) for k in PLAN.links
    )
    assert all(task_id not in b.tasks for b in after.baselines)
    assert plan_problems(after, "edit") == []


def test_the_paperwork_naming_a_task_is_named() -> None:
    assert editing.task_users(PLAN, "ep1-grade") == [
        "briefs[0] (grade-brief)",
        "notes_rounds[0] (ep1-dc-notes)",
    ]
    assert editing.task_users(PLAN, "ep1-lock") == ["confirmations[0] (exec-delivery-spec)"]
    assert editing.task_users(PLAN, "ep2-delivery") == []


@settings(max_examples=60, deadline=None)
@given(
    pair=st.tuples(st.sampled_from(TASK_IDS), st.sampled_from(TASK_IDS)),
    kind=st.sampled_from(list(LinkType)),
    lag=st.integers(-3, 5),
)
def test_saving_a_link_replaces_the_one_between_the_same_tasks_or_adds_it(
    pair: tuple[str, str], kind: LinkType, lag: int
) -> None:
    link = Link(*pair, kind, Decimal(lag))
    after = editing.save_link(PLAN, link)
    same = [k for k in after.links if (k.predecessor, k.successor) == pair]
    assert same == [link]
    held = editing.find_link(PLAN, *pair)
    assert len(after.links) == len(PLAN.links) + (held is None)
    if held is None:
        assert editing.remove_link(after, *pair).links == PLAN.links, "added then removed: as before"
    else:
        assert after.links.index(link) == PLAN.links.index(held), "changed in its place"


def test_removing_a_link_not_held_is_not_found() -> None:
    with pytest.raises(NotFound, match="link 'ep1-mix' -> 'wrap'"):
        editing.remove_link(PLAN, "ep1-mix", "wrap")


def test_an_assigned_resource_is_refused_and_an_unassigned_one_removed() -> None:
    with pytest.raises(InvalidInput) as caught:
        editing.remove_resource(PLAN, "editor")
    assert [p.field for p in caught.value.problems] == ["tasks[1] (ep1-offline)", "tasks[6] (ep2-offline)"]
    spare = Resource("spare", "Spare", ResourceKind.KIT, Decimal(2))
    added = editing.save_resource(PLAN, spare)
    assert (
        added.resources[-1] == spare and editing.remove_resource(added, "spare").resources == PLAN.resources
    )
    changed = editing.save_resource(PLAN, replace(PLAN.resource("dub-a"), capacity=Decimal(2)))
    assert [r.id for r in changed.resources] == [r.id for r in PLAN.resources]
    assert changed.resource("dub-a").capacity == 2
    with pytest.raises(NotFound):
        editing.remove_resource(PLAN, "nobody")


def test_progress_replaces_what_was_recorded() -> None:
    after = editing.record_progress(
        PLAN, "ep1-offline", actual_start=date(2027, 1, 4), actual_finish=None, remaining_days=Decimal(3)
    )
    progress = after.task("ep1-offline").progress
    assert (progress.actual_start, progress.actual_finish, progress.remaining_days) == (
        date(2027, 1, 4),
        None,
        3,
    )
    cleared = editing.record_progress(
        after, "ep1-offline", actual_start=None, actual_finish=None, remaining_days=None
    )
    assert cleared.task("ep1-offline") == PLAN.task("ep1-offline")


def test_an_added_task_goes_last_and_a_task_not_held_is_not_found() -> None:
    task = Task("ep1-titles", "Titles", Decimal(1))
    assert editing.add_task(PLAN, task).tasks == (*PLAN.tasks, task)
    with pytest.raises(NotFound, match="task 'nope'"):
        editing.move_task(PLAN, "nope", date(2027, 1, 4))
