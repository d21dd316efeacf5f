"""Forecast against baseline and escalations on buyers' due dates, told as post scenarios.

The episode: a 10-day offline (Mon 4 to Fri 15 January 2027), picture lock, a 5-day online
(18 to 22 January) and delivery to the broadcaster, due no later than Wednesday 27 January:
3 working days of float on the agreed schedule, with a warning threshold of 3 days.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from post_plans import START, build_plan, chain, day, rules, scheduled, task

from picturelock.domain.plan import (
    Baseline,
    BaselineEntry,
    ConstraintKind,
    EscalationPolicy,
    Link,
    Plan,
    Progress,
)
from picturelock.domain.schedule.escalation import CRITICAL, WARNING, escalations, path_float_days
from picturelock.domain.schedule.forecast import current_baseline, forecast
from picturelock.domain.schedule.levelling import level, levelled_schedule
from picturelock.domain.schedule.network import compile_network
from picturelock.domain.schedule.workdays import WorkingCalendars, day_end, working_days_between

DUE = date(2027, 1, 27)
STATUS = date(2027, 1, 15)  # the Friday the offline was due to finish

AGREED = Baseline(
    "Agreed schedule v1",
    date(2027, 1, 4),
    {
        "offline": BaselineEntry(day("2027-01-04"), day("2027-01-15")),
        "lock": BaselineEntry(day("2027-01-15"), day("2027-01-15")),
        "online": BaselineEntry(day("2027-01-18"), day("2027-01-22")),
        "delivery": BaselineEntry(day("2027-01-22"), day("2027-01-22")),
    },
)


def episode(
    remaining: float | None = None, *, mfo: bool = False, policy: EscalationPolicy | None = None
) -> Plan:
    """The episode; `remaining` is the offline's remaining work as of the status date."""
    progress = None
    if remaining is not None:
        progress = Progress(actual_start=day("2027-01-04"), remaining_days=Decimal(str(remaining)))
    tasks = [
        task("offline", "Ep 1 offline", 10, owner="maya", assign=["editor"], progress=progress),
        task("lock", "Ep 1 picture lock", owner="tom"),
        task("online", "Ep 1 online", 5, owner="maya"),
        task(
            "delivery",
            "Ep 1 TX master",
            owner="tom",
            due=None if mfo else DUE,
            must_finish_on=DUE if mfo else None,
        ),
    ]
    return build_plan(
        tasks,
        chain("offline", "lock", "online", "delivery"),
        baselines=(AGREED,),
        escalation=policy or EscalationPolicy(warn_float_days=Decimal(3), refer_to="tom"),
    )


def monitored(plan: Plan, as_of: date = STATUS):
    schedule, calendars = scheduled(plan, as_of=as_of)
    predicted = forecast(plan, schedule, calendars=calendars)
    return predicted, escalations(plan, schedule, predicted, as_of=as_of, calendars=calendars)


# -- forecast -----------------------------------------------------------------------------------
def test_on_plan_nothing_has_slipped_and_the_finish_matches_the_baseline() -> None:
    predicted, _ = monitored(episode(remaining=1))
    assert [t.finish_slip_days for t in predicted.tasks.values()] == [0, 0, 0, 0]
    assert predicted.finish == predicted.baseline_finish == day("2027-01-22")
    assert predicted.finish_slip_days == 0
    assert predicted.baseline == "Agreed schedule v1"


def test_slip_is_counted_in_working_days_across_the_weekend() -> None:
    # 3 days left on Friday 15th: Fri, Mon, Tue -> finishes Tue 19th, 2 working days late (not 4)
    predicted, _ = monitored(episode(remaining=3))
    offline = predicted.task("offline")
    assert (offline.baseline_finish, offline.finish) == (day("2027-01-15"), day("2027-01-19"))
    assert offline.start_slip_days == 0
    assert offline.finish_slip_days == 2
    online = predicted.task("online")
    assert (online.start, online.start_slip_days, online.finish_slip_days) == (day("2027-01-20"), 2, 2)
    assert [m.task_id for m in predicted.milestones] == ["lock", "delivery"]
    assert predicted.task("delivery").finish_slip_days == 2
    assert (predicted.finish, predicted.finish_slip_days) == (day("2027-01-26"), 2)
    assert [t.task_id for t in predicted.slipped] == ["offline", "lock", "online", "delivery"]


def test_a_task_added_since_the_baseline_is_shown_without_a_slip() -> None:
    plan = episode(remaining=1)
    extra = task("titles", "Ep 1 titles", 2)
    plan = build_plan((*plan.tasks, extra), (*plan.links, Link("lock", "titles")), baselines=plan.baselines)
    titles = monitored(plan)[0].task("titles")
    assert titles.baseline_finish is None and titles.finish_slip_days is None
    assert titles.finish == day("2027-01-19")


def test_the_latest_baseline_is_the_one_judged_against() -> None:
    later = Baseline("Re-plan v2", date(2027, 1, 11), {"offline": BaselineEntry(STATUS, day("2027-01-19"))})
    plan = build_plan(episode().tasks, episode().links, baselines=(AGREED, later))
    assert current_baseline(plan) is later
    schedule, calendars = scheduled(plan)
    replanned = forecast(plan, schedule, calendars=calendars)
    assert replanned.baseline == "Re-plan v2"
    assert replanned.task("offline").finish_slip_days == -2  # finishes Fri 15th, 2 days inside v2
    assert replanned.task("online").finish_slip_days is None
    agreed = forecast(plan, schedule, calendars=calendars, baseline=AGREED)
    assert (agreed.baseline, agreed.task("offline").finish_slip_days) == (AGREED.name, 0)


# -- escalations on the due date ---------------------------------------------------------------
def test_on_plan_three_days_of_float_is_not_below_the_threshold() -> None:
    _, found = monitored(episode(remaining=1))
    assert found == ()


def test_offline_two_days_late_leaves_one_day_of_float_a_warning_to_its_owner() -> None:
    _, found = monitored(episode(remaining=3))
    assert len(found) == 1
    warning = found[0]
    assert (warning.severity, warning.kind, warning.subject, warning.due) == (
        WARNING,
        "due date",
        "delivery",
        DUE,
    )
    assert warning.float_days == 1
    assert warning.days_late == 0
    assert warning.cause is not None
    assert (warning.cause.task_id, warning.cause.slip_days) == ("offline", 2)
    assert warning.cause.reason == "is taking 2 days longer than planned"
    assert warning.refer_to is not None and warning.refer_to.name == "Maya Okafor"
    assert warning.driving_path == ("delivery", "online", "lock", "offline")
    assert warning.message == (
        "Ep 1 offline slipped 2 days (is taking 2 days longer than planned); Ep 1 TX master due "
        "2027-01-27 now has 1 day of float, below the warning threshold of 3 days. "
        "Refer to Maya Okafor, Post supervisor."
    )


def test_offline_five_days_late_misses_the_delivery_by_two_days_critical() -> None:
    _, found = monitored(episode(remaining=6))
    (critical,) = found
    assert critical.severity == CRITICAL
    assert critical.float_days == -2
    assert critical.days_late == 2
    assert critical.cause is not None and critical.cause.slip_days == 5
    assert "now has -2 days of float: it will be missed by 2 days." in critical.message
    assert critical.refer_to is not None and critical.refer_to.id == "maya"


def test_must_finish_on_delivery_takes_its_float_from_the_path_not_its_pinned_date() -> None:
    assert monitored(episode(remaining=1, mfo=True))[1] == ()
    (warning,) = monitored(episode(remaining=3, mfo=True))[1]
    assert (warning.severity, warning.float_days) == (WARNING, 1)
    (critical,) = monitored(episode(remaining=6, mfo=True))[1]
    assert (critical.severity, critical.float_days) == (CRITICAL, -2)


def test_without_owners_the_escalation_contact_is_referred_to() -> None:
    plan = episode(remaining=3)
    anonymous = build_plan(
        [t.__class__(**{**{f: getattr(t, f) for f in t.__slots__}, "owner": None}) for t in plan.tasks],
        plan.links,
        baselines=plan.baselines,
        escalation=EscalationPolicy(Decimal(3), refer_to="exec"),
    )
    (warning,) = monitored(anonymous)[1]
    assert warning.refer_to is not None and warning.refer_to.name == "Priya Shah"
    nobody = build_plan(anonymous.tasks, plan.links, baselines=plan.baselines)
    (warning,) = monitored(nobody)[1]
    assert warning.refer_to is None
    assert warning.message.endswith("No one to refer to: set escalation.refer_to in the plan.")


def test_a_slip_waiting_for_new_work_names_what_it_waited_for() -> None:
    # VFX was added after the baseline; 3 days left on Friday 15th, it finishes Tue 19th and holds
    # the online back 2 days
    plan = episode(remaining=1)
    vfx = task("vfx", "Ep 1 VFX shots", 12, progress=Progress(day("2027-01-04"), None, Decimal(3)))
    plan = build_plan((*plan.tasks, vfx), (*plan.links, Link("vfx", "online")), baselines=plan.baselines)
    (warning,) = monitored(plan)[1]
    assert warning.cause is not None
    assert warning.cause.task_id == "online"
    assert warning.cause.reason == "started 2 days late waiting for Ep 1 VFX shots"
    assert warning.message.startswith(
        "Ep 1 online slipped 2 days (started 2 days late waiting for Ep 1 VFX shots)"
    )


def test_work_not_started_by_the_status_date_is_named_as_the_cause() -> None:
    # the offline finished and picture lock was reached on time, but by Wednesday 20th the online
    # (due to start Monday 18th) has not begun
    plan = episode()
    done = {
        "offline": Progress(actual_start=day("2027-01-04"), actual_finish=day("2027-01-15")),
        "lock": Progress(actual_start=day("2027-01-15"), actual_finish=day("2027-01-15")),
    }
    plan = build_plan(
        [replace(t, progress=done[t.id]) if t.id in done else t for t in plan.tasks],
        plan.links,
        baselines=plan.baselines,
        escalation=plan.escalation,
    )
    (warning,) = monitored(plan, as_of=day("2027-01-20"))[1]
    assert warning.float_days == 1
    assert warning.cause is not None
    assert (warning.cause.task_id, warning.cause.slip_days) == ("online", 2)
    assert warning.cause.reason == "not started by the status date, 2 days behind"


def test_a_tight_date_with_no_slip_says_so_and_names_the_driving_path() -> None:
    plan = episode(remaining=1, policy=EscalationPolicy(warn_float_days=Decimal(5), refer_to="tom"))
    (warning,) = monitored(plan)[1]
    assert warning.cause is None
    assert warning.float_days == 3
    assert warning.refer_to is not None and warning.refer_to.id == "tom"  # the due task's owner
    assert "no slip against the baseline (driving path: Ep 1 TX master <- Ep 1 online <- " in warning.message


def test_float_held_for_another_episodes_date_does_not_count_against_this_one() -> None:
    # one shared offline feeds two deliveries; only Ep 1's date is tight
    tasks = [
        task("offline", "Block offline", 10, owner="maya"),
        task("ep1-online", "Ep 1 online", 5, owner="maya"),
        task("ep1-delivery", "Ep 1 TX master", owner="tom", due=day("2027-01-25")),
        task("ep2-online", "Ep 2 online", 5, owner="maya"),
        task("ep2-delivery", "Ep 2 TX master", owner="tom", due=day("2027-02-26")),
    ]
    links = (*chain("offline", "ep1-online", "ep1-delivery"), *chain("offline", "ep2-online", "ep2-delivery"))
    plan = build_plan(tasks, links)
    (warning,) = monitored(plan, as_of=START)[1]
    assert (warning.subject, warning.float_days) == ("ep1-delivery", 1)


def test_a_delivered_due_date_is_no_longer_escalated() -> None:
    plan = episode(remaining=6)
    done = Progress(actual_start=day("2027-01-29"), actual_finish=day("2027-01-29"))
    delivered = build_plan(
        [
            t
            if t.id != "delivery"
            else t.__class__(**{**{f: getattr(t, f) for f in t.__slots__}, "progress": done})
            for t in plan.tasks
        ],
        plan.links,
        baselines=plan.baselines,
    )
    assert monitored(delivered, as_of=date(2027, 2, 1))[1] == ()


@pytest.mark.parametrize("remaining", [1, 2, 3, 4, 5, 6, 7])
def test_severity_follows_the_float(remaining: float) -> None:
    _, found = monitored(episode(remaining=remaining))
    float_days = 4 - remaining  # 1 day left keeps the 3 days of float
    if float_days >= 3:
        assert found == ()
    else:
        (only,) = found
        assert only.float_days == float_days
        assert only.severity == (CRITICAL if float_days < 0 else WARNING)


@settings(max_examples=60, deadline=None)
@given(
    durations=st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=6),
    due_offset=st.integers(min_value=0, max_value=120),
    mfo=st.booleans(),
)
def test_path_float_is_the_working_days_from_the_forecast_delivery_to_the_due_date(
    durations: list[int], due_offset: int, mfo: bool
) -> None:
    """On a plain chain, float through the engine's late dates equals the direct count of working
    days between the delivery's forecast day and the buyer's date (negative when it is missed)."""
    due = START + timedelta(days=due_offset)
    tasks = [task(f"t{k}", f"Step {k}", d / 2) for k, d in enumerate(durations)]
    tasks.append(task("delivery", "Delivery", due=None if mfo else due, must_finish_on=due if mfo else None))
    plan = build_plan(tasks, chain(*(t.id for t in tasks)))
    schedule, calendars = scheduled(plan)
    kind = ConstraintKind.MFO if mfo else ConstraintKind.FNLT
    got = path_float_days(schedule, "delivery", due, kind, calendars)
    calendar = calendars.for_task("delivery")
    pred_finish = schedule.tasks[tasks[-2].id].finish  # where the chain puts the delivery
    assert got == working_days_between(calendar, pred_finish, day_end(calendar, due))


def test_after_levelling_the_cause_is_the_editor_booked_by_another_episode() -> None:
    # one editor, two offlines; Ep 1 goes first (higher priority), so Ep 2's waits a week
    tasks = [
        replace(task("ep1-offline", "Ep 1 offline", 5, owner="maya", assign=["editor"]), priority=800),
        task("ep1-delivery", "Ep 1 TX master", owner="tom", due=day("2027-02-26")),
        task("ep2-offline", "Ep 2 offline", 5, owner="maya", assign=["editor"]),
        task("ep2-delivery", "Ep 2 TX master", owner="tom", due=day("2027-01-19")),
    ]
    agreed = Baseline("v1", START, {"ep2-offline": BaselineEntry(START, day("2027-01-08"))})
    plan = build_plan(
        tasks,
        (*chain("ep1-offline", "ep1-delivery"), *chain("ep2-offline", "ep2-delivery")),
        baselines=(agreed,),
    )
    net = compile_network(plan, rules(plan))
    schedule = levelled_schedule(net, level(net))
    calendars = WorkingCalendars.of_network(net)
    predicted = forecast(plan, schedule, calendars=calendars)
    (warning,) = escalations(plan, schedule, predicted, as_of=START, calendars=calendars)
    assert (warning.subject, warning.severity, warning.float_days) == ("ep2-delivery", WARNING, 2)
    assert warning.cause is not None
    assert (warning.cause.task_id, warning.cause.slip_days) == ("ep2-offline", 5)
    assert warning.cause.reason.startswith("started 5 days late: waited 5 days for Editor (Sam Reid)")
    assert warning.cause.reason.endswith("booked by Ep 1 offline")
    assert warning.driving_path[:3] == ("ep2-delivery", "ep2-offline", "ep1-offline")
