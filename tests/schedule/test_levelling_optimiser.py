"""The CP-SAT optimiser: never worse than the heuristic, never better than a proven optimum,
fixed tasks fixed, and an honest fallback where its model would not be exact."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from picturelock.adapters.psplib import read_instance, read_optima
from picturelock.adapters.solver.cpsat import optimise
from picturelock.domain.schedule.levelling import level, levelled_schedule
from picturelock.domain.schedule.verify import check_schedule

from .test_levelling import SUITE, after, job, network, room


def test_optimised_plan_reads_back_as_a_levelled_schedule_marked_optimal() -> None:
    editors = room("online", "Online suite")
    tasks = [
        job("ep1-grade", 1, "grade-1"),
        job("ep2-grade", 4, "grade-1", "online"),
        job("ep1-online", 4, "online"),
        job("ep1-qc", 4),
    ]
    links = [after("ep1-grade", "ep1-online"), after("ep1-online", "ep1-qc", "SS", 1)]
    net = network(tasks, [SUITE, editors], links)
    hint = level(net, iterations=0)
    result, proven = optimise(net, hint, time_limit_s=5)
    assert proven
    assert result.makespan <= hint.makespan
    assert result.method == "cp-sat"
    assert check_schedule(net, result.start, result.finish) == []
    schedule = levelled_schedule(net, result, optimal=proven)
    assert schedule.optimal is True and schedule.levelled


def test_pinned_and_started_tasks_stay_put_under_the_optimiser() -> None:
    from decimal import Decimal

    from picturelock.domain.plan import Progress

    started = Progress(actual_start=date(2027, 1, 4), remaining_days=Decimal(2))
    tasks = [
        job("ep1-grade", 3, "grade-1", progress=started),
        job("ep2-grade", 2, "grade-1", pinned=date(2027, 1, 5)),  # overloads the suite: the user's call
        job("ep3-grade", 2, "grade-1"),
        job("ep4-grade", 1, "grade-1"),
    ]
    net = network(tasks, [SUITE], as_of=date(2027, 1, 5))
    hint = level(net)
    result, proven = optimise(net, hint, time_limit_s=5)
    assert proven
    assert result.start[:2] == hint.start[:2] == (net.actual_start[0], net.pinned[1])
    assert check_schedule(net, result.start, result.finish) == []


def test_tasks_on_different_calendars_are_optimised_on_the_slot_axis() -> None:
    # The editor's leave gives the offline its own calendar; each resource's tasks still share
    # one, so the slot-by-slot model is exact and the optimum is proven.
    editor = room("editor", "Editor", leave=[(date(2027, 1, 6), date(2027, 1, 6))])
    tasks = [job("ep1-offline", 3, "editor"), job("ep2-offline", 2, "editor"), job("ep1-grade", 2, "grade-1")]
    links = [after("ep1-offline", "ep1-grade", "FF", 1), after("ep2-offline", "ep1-grade", "SS", 0.5)]
    net = network(tasks, [editor, SUITE], links)
    hint = level(net)
    result, proven = optimise(net, hint, time_limit_s=5)
    assert proven and result.method == "cp-sat" and result.notes == ()
    assert result.makespan <= hint.makespan
    assert check_schedule(net, result.start, result.finish) == []


def test_an_elapsed_lag_is_optimised_on_the_slot_axis() -> None:
    net = network([job("a", 1, "grade-1"), job("b", 1, "grade-1")], [SUITE], [after("a", "b", "FS", 2, True)])
    result, proven = optimise(net, level(net), time_limit_s=5)
    assert proven
    assert check_schedule(net, result.start, result.finish) == []
    assert result.start[1] == result.finish[0] + 4  # Monday's grade, then two calendar days: Thursday


def test_a_resource_shared_across_calendars_gives_a_valid_but_unproven_schedule() -> None:
    # The grade needs the suite and the colourist (on leave on Wednesday); the review needs the
    # suite only and could use it that Wednesday, which the model counts as booked.
    colourist = room("colourist", "Colourist", leave=[(date(2027, 1, 6), date(2027, 1, 6))])
    tasks = [job("ep1-grade", 3, "grade-1", "colourist"), job("ep1-review", 1, "grade-1")]
    net = network(tasks, [SUITE, colourist])
    result, proven = optimise(net, level(net), time_limit_s=5)
    assert not proven
    assert "idle days were counted as booked" in result.notes[-1]
    assert check_schedule(net, result.start, result.finish) == []
    assert levelled_schedule(net, result).notes == result.notes  # shown to the user with the schedule


@pytest.mark.parametrize("name", ["j301_1", "j305_3", "j3017_4", "j3031_1"])
def test_optimiser_reaches_the_published_optimum(testdata: Path, name: str) -> None:
    psplib = testdata / "psplib"
    net = read_instance(psplib / "j30" / f"{name}.sm")
    optimum = read_optima(psplib / "j30opt.sm")[name]
    result, proven = optimise(net, level(net, iterations=10), time_limit_s=20)
    assert check_schedule(net, result.start, result.finish) == []
    assert (result.makespan, proven) == (optimum, True)


def test_optimiser_improves_on_the_standard_order(testdata: Path) -> None:
    net = read_instance(testdata / "psplib" / "j30" / "j301_1.sm")
    standard = level(net, iterations=0)  # one pass in the standard order, justified: 49 periods
    result, proven = optimise(net, standard, time_limit_s=20)
    assert (standard.makespan, result.makespan, proven) == (49, 43, True)
    assert check_schedule(net, result.start, result.finish) == []


def test_optimiser_never_beats_a_proven_optimum(testdata: Path) -> None:
    psplib = testdata / "psplib"
    net = read_instance(psplib / "j30" / "j3013_1.sm")
    hint = level(net, iterations=10)
    result, _ = optimise(net, hint, time_limit_s=1)
    assert check_schedule(net, result.start, result.finish) == []
    assert 58 <= result.makespan <= hint.makespan
