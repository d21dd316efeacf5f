"""Resource levelling on small post plans: who waits for the grading suite, and why.

The plans start on Monday 2027-01-04 (week one is 4-8 Jan, week two 11-15 Jan) on a Monday to
Friday calendar. Every levelled schedule is also checked by the independent checker.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from itertools import pairwise

import pytest

from picturelock.domain.calendar import DateSpan, weekday_rule
from picturelock.domain.errors import DependencyLoop
from picturelock.domain.plan import (
    Assignment,
    CalendarSpec,
    Link,
    LinkType,
    Plan,
    Production,
    Progress,
    Resource,
    ResourceKind,
    Task,
)
from picturelock.domain.schedule.cpm import critical_path
from picturelock.domain.schedule.levelling import Levelled, level, levelled_schedule
from picturelock.domain.schedule.network import Network, compile_network
from picturelock.domain.schedule.result import Schedule
from picturelock.domain.schedule.verify import check_schedule

MONDAY = date(2027, 1, 4)


def job(
    task_id: str,
    days: float,
    *assign: str | tuple[str, float],
    priority: int = 500,
    pinned: date | None = None,
    progress: Progress | None = None,
    milestone: bool = False,
) -> Task:
    """A task; `assign` lists resource ids, or (resource id, units) pairs."""
    assignments = tuple(
        Assignment(a) if isinstance(a, str) else Assignment(a[0], Decimal(str(a[1]))) for a in assign
    )
    return Task(
        id=task_id,
        name=task_id.replace("-", " ").capitalize(),
        duration_days=Decimal(str(days)),
        assignments=assignments,
        priority=priority,
        pinned_start=pinned,
        progress=progress or Progress(),
        milestone=milestone,
    )


def room(
    resource_id: str, name: str, capacity: float = 1, leave: Sequence[tuple[date, date]] = ()
) -> Resource:
    return Resource(
        id=resource_id,
        name=name,
        kind=ResourceKind.ROOM,
        capacity=Decimal(str(capacity)),
        leave=tuple(DateSpan(a, b, "leave") for a, b in leave),
    )


def after(pred: str, succ: str, kind: str = "FS", lag: float = 0, elapsed: bool = False) -> Link:
    return Link(pred, succ, LinkType(kind), Decimal(str(lag)), elapsed)


def network(
    tasks: Sequence[Task], resources: Sequence[Resource], links: Sequence[Link] = (), as_of=None
) -> Network:
    production = Production("Harbour Lights", "drama-series", 2, 60, "GBP", "GB", None, MONDAY)
    plan = Plan(
        production=production,
        calendars=(CalendarSpec(id="standard", name="Standard week"),),
        resources=tuple(resources),
        tasks=tuple(tasks),
        links=tuple(links),
    )
    return compile_network(plan, {"standard": weekday_rule(range(5), ())}, as_of=as_of)


def levelled(net: Network, **options: object) -> tuple[Levelled, Schedule]:
    result = level(net, **options)  # type: ignore[arg-type]
    assert check_schedule(net, result.start, result.finish) == []
    return result, levelled_schedule(net, result)


def dates(schedule: Schedule, task_id: str) -> tuple[str, str]:
    return schedule.start_date(task_id).isoformat(), schedule.finish_date(task_id).isoformat()


SUITE = room("grade-1", "Grading Suite 1")


def test_two_grades_compete_for_one_suite_and_the_second_says_why() -> None:
    net = network([job("ep1-grade", 3, "grade-1"), job("ep2-grade", 3, "grade-1")], [SUITE])
    result, schedule = levelled(net)
    assert dates(schedule, "ep1-grade") == ("2027-01-04", "2027-01-06")
    assert dates(schedule, "ep2-grade") == ("2027-01-07", "2027-01-11")
    (why,) = schedule.tasks["ep2-grade"].levelling_delays
    assert why.kind == "resource"
    assert why.text == "waited 3 days for Grading Suite 1, booked by Ep1 grade"
    assert why.task == "ep1-grade"
    assert schedule.tasks["ep2-grade"].start_driver == why
    assert result.delays.keys() == {"ep2-grade"}
    assert schedule.levelled and schedule.tasks["ep1-grade"].levelling_delays == ()


def test_user_priority_books_first() -> None:
    net = network([job("ep1-grade", 3, "grade-1"), job("ep2-grade", 3, "grade-1", priority=900)], [SUITE])
    _, schedule = levelled(net)
    assert dates(schedule, "ep2-grade") == ("2027-01-04", "2027-01-06")
    assert schedule.tasks["ep1-grade"].levelling_delays[0].task == "ep2-grade"


def test_float_after_levelling_runs_through_the_resource() -> None:
    # Before levelling each grade has 3 days of float; after, they are in series and critical
    net = network(
        [job("ep1-grade", 3, "grade-1"), job("ep2-grade", 3, "grade-1"), job("ep1-mix", 6)],
        [SUITE],
    )
    _, schedule = levelled(net)
    assert schedule.float_before_levelling == {"ep1-grade": 6, "ep2-grade": 6, "ep1-mix": 0}
    assert schedule.tasks["ep1-grade"].total_float == 0
    assert schedule.tasks["ep2-grade"].total_float == 0
    assert schedule.tasks["ep1-mix"].total_float == 0
    assert schedule.critical_path == ("ep1-grade", "ep1-mix", "ep2-grade")
    late = schedule.tasks["ep1-grade"].late_driver
    assert (late.kind, late.task) == ("resource", "ep2-grade")
    assert late.text == "Grading Suite 1 is booked next by Ep2 grade"


def test_pinned_task_is_never_moved_even_when_it_overloads() -> None:
    tasks = [
        job("ep1-grade", 2, "grade-1", pinned=date(2027, 1, 5)),
        job("ep2-grade", 2, "grade-1", pinned=date(2027, 1, 6)),
        job("ep3-grade", 2, "grade-1", priority=1000),
    ]
    _, schedule = levelled(network(tasks, [SUITE]))
    assert dates(schedule, "ep1-grade") == ("2027-01-05", "2027-01-06")
    assert dates(schedule, "ep2-grade") == ("2027-01-06", "2027-01-07")  # overlaps: pinned by the user
    assert dates(schedule, "ep3-grade") == ("2027-01-08", "2027-01-11")  # fits after, not between
    assert schedule.tasks["ep3-grade"].levelling_delays[0].task == "ep2-grade"


def test_actuals_are_never_moved_and_the_rest_waits_for_them() -> None:
    started = Progress(actual_start=date(2027, 1, 5), remaining_days=Decimal(2))
    tasks = [job("ep2-grade", 3, "grade-1", priority=1000), job("ep1-grade", 4, "grade-1", progress=started)]
    net = network(tasks, [SUITE], as_of=date(2027, 1, 6))
    _, schedule = levelled(net)
    assert schedule.tasks["ep1-grade"].start == net.actual_start[1]
    assert dates(schedule, "ep1-grade") == ("2027-01-05", "2027-01-07")  # resumes 6th, 2 days left
    assert dates(schedule, "ep2-grade") == ("2027-01-08", "2027-01-12")


def test_two_editors_cut_two_episodes_at_once_and_the_third_waits() -> None:
    editors = room("editors", "Editors", capacity=2)
    tasks = [job(f"ep{k}-offline", 5, "editors") for k in (1, 2, 3)]
    result, schedule = levelled(network(tasks, [editors]))
    assert dates(schedule, "ep1-offline") == ("2027-01-04", "2027-01-08")
    assert dates(schedule, "ep2-offline") == ("2027-01-04", "2027-01-08")
    assert dates(schedule, "ep3-offline") == ("2027-01-11", "2027-01-15")
    assert result.delays["ep3-offline"][0].text.startswith("waited 5 days for Editors, booked by Ep")


def test_half_units_share_an_assistant() -> None:
    assistant = room("assistant", "Assistant editor")
    tasks = [job(f"ep{k}-sync", 2, ("assistant", 0.5)) for k in (1, 2, 3)]
    _, schedule = levelled(network(tasks, [assistant]))
    starts = sorted(dates(schedule, f"ep{k}-sync")[0] for k in (1, 2, 3))
    assert starts == ["2027-01-04", "2027-01-04", "2027-01-06"]


def test_half_day_tasks_level_in_half_days() -> None:
    tasks = [
        job("ep1-review", 0.5, "grade-1"),
        job("ep2-review", 0.5, "grade-1"),
        job("ep3-review", 0.5, "grade-1"),
    ]
    result, _ = levelled(network(tasks, [SUITE]))
    assert sorted(result.start) == [0, 1, 2]
    assert result.delays["ep2-review"][0].text.startswith("waited half a day for Grading Suite 1")


def test_a_resource_on_leave_is_not_booked_and_the_work_spans_the_leave() -> None:
    editor = room("editor", "Editor", leave=[(date(2027, 1, 6), date(2027, 1, 7))])
    tasks = [job("ep1-offline", 4, "editor", priority=900), job("ep2-offline", 1, "editor")]
    _, schedule = levelled(network(tasks, [editor]))
    assert dates(schedule, "ep1-offline") == ("2027-01-04", "2027-01-11")  # Mon, Tue, Fri, Mon
    assert dates(schedule, "ep2-offline") == ("2027-01-12", "2027-01-12")


def test_a_demand_beyond_capacity_is_noted_and_booked_as_the_whole_resource() -> None:
    tasks = [job("ep1-grade", 1, ("grade-1", 2)), job("ep2-grade", 1, "grade-1")]
    result, _ = levelled(network(tasks, [SUITE]))
    assert result.start == (0, 2)
    assert "asks for 2 of Grading Suite 1, which has 1" in result.notes[0]


@pytest.mark.parametrize(
    ("kind", "lag", "elapsed"),
    [
        ("FS", 1, False),
        ("SS", 1, False),
        ("FF", 2, False),
        ("SF", 3, False),
        ("FS", -1, False),
        ("FS", 3, True),
    ],
)
def test_links_of_every_type_hold_after_levelling(kind: str, lag: float, elapsed: bool) -> None:
    tasks = [job("blocker", 4, "grade-1"), job("grade", 2, "grade-1"), job("review", 2, "grade-1")]
    links = [after("grade", "review", kind, lag, elapsed)]
    net = network(tasks, [SUITE], links)
    result, _ = levelled(net)
    assert check_schedule(net, result.start, result.finish) == []
    spans = sorted((result.start[i], result.finish[i]) for i in range(3))
    assert all(a[1] <= b[0] for a, b in pairwise(spans))  # one suite: no overlap


def test_without_resources_levelling_gives_the_critical_path_dates() -> None:
    tasks = [job("a", 3), job("b", 2.5), job("c", 1), job("m", 0, milestone=True), job("d", 2)]
    links = [
        after("a", "b", "SS", 1),
        after("a", "c", "FF", -1),
        after("b", "m"),
        after("c", "d", "SF", 2),
        after("m", "d", "FS", 2, True),
    ]
    net = network(tasks, [], links)
    result = level(net)
    cpm = critical_path(net)
    assert list(result.start) == [cpm.tasks[t].early_start for t in net.ids]
    assert list(result.finish) == [cpm.tasks[t].early_finish for t in net.ids]
    assert result.delays == {}


def test_same_seed_same_schedule() -> None:
    tasks = [job(f"t{k}", 1 + k % 4, "grade-1" if k % 2 else "editor") for k in range(14)]
    links = [after(f"t{k}", f"t{k + 3}") for k in range(0, 11, 2)]
    net = network(tasks, [SUITE, room("editor", "Editor")], links)
    first, second = level(net, seed=7), level(net, seed=7)
    assert first == second


def test_a_loop_is_named() -> None:
    tasks = [job("a", 1, "grade-1"), job("b", 1, "grade-1"), job("c", 1)]
    net = network(tasks, [SUITE], [after("a", "b"), after("b", "c"), after("c", "a")])
    with pytest.raises(DependencyLoop) as caught:
        level(net)
    assert set(caught.value.tasks) == {"a", "b", "c"} and len(caught.value.tasks) == 4
