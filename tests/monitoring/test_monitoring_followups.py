"""Sign-offs, briefs and confirmations: due dates, acknowledgement, and escalation when missing.

The block: a 10-day offline (Mon 4 to Fri 15 January 2027) cut by Sam, picture lock on Friday
15th, then a 3-day grade (Mon 18 to Wed 20) with Ines in Grading Suite 1, owned by Maya.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from post_plans import build_plan, chain, day, scheduled, task

from picturelock.domain.calendar import DateSpan
from picturelock.domain.plan import (
    Acknowledgement,
    Brief,
    Confirmation,
    EscalationPolicy,
    Plan,
    Progress,
    Resource,
    ResourceKind,
    ScheduleAgreement,
    SignOff,
)
from picturelock.domain.schedule.escalation import CRITICAL, WARNING, escalations
from picturelock.domain.schedule.followups import DONE, DUE, OVERDUE, followups
from picturelock.domain.schedule.forecast import forecast

GRADE_BRIEF = Brief(
    "grade-brief",
    "grade",
    "Grade brief and look references",
    ("grade",),
    days_before=3,
    issued_on=day("2027-01-11"),
    acknowledgements=(Acknowledgement("ines", day("2027-01-12")),),
)
AGREEMENT = ScheduleAgreement(
    "v1", day("2027-01-04"), day("2027-01-08"), (SignOff("tom", day("2027-01-05")), SignOff("exec"))
)
SPEC = Confirmation(
    "spec", "Broadcaster confirms the delivery spec", "exec", "executive", before="lock", days_before=5
)


def block(**more: object) -> Plan:
    tasks = [
        task("offline", "Ep 1 offline", 10, owner="maya", assign=["editor", ("assistant", "0.5")]),
        task("lock", "Ep 1 picture lock", owner="tom"),
        task("grade", "Ep 1 grade", 3, owner="maya", assign=["grade-1", "colourist"]),
    ]
    fields: dict[str, object] = {
        "agreements": (AGREEMENT,),
        "briefs": (GRADE_BRIEF,),
        "confirmations": (SPEC,),
        "escalation": EscalationPolicy(refer_to="tom"),
    }
    fields.update(more)
    return build_plan(tasks, chain("offline", "lock", "grade"), **fields)


def owed(plan: Plan, as_of: date):
    schedule, calendars = scheduled(plan)
    items = followups(plan, schedule, as_of=as_of, calendars=calendars)
    found = escalations(
        plan,
        schedule,
        forecast(plan, schedule, calendars=calendars),
        as_of=as_of,
        calendars=calendars,
        followups=items,
    )
    return items, found


def of_kind(items, kind):
    return [i for i in items if i.kind == kind]


# -- agreement ----------------------------------------------------------------------------------
def test_a_missing_sign_off_past_its_due_date_is_overdue_in_working_days() -> None:
    items, found = owed(block(briefs=(), confirmations=()), as_of=day("2027-01-12"))
    tom, exec_ = of_kind(items, "agreement")
    assert (tom.who.id, tom.status, tom.done_on) == ("tom", DONE, day("2027-01-05"))
    assert (exec_.who.name, exec_.status, exec_.due) == ("Priya Shah", OVERDUE, day("2027-01-08"))
    assert exec_.days_overdue == 2  # Mon 11th and Tue 12th, not the weekend
    (escalation,) = found
    assert (escalation.severity, escalation.kind, escalation.subject) == (WARNING, "agreement", "v1")
    assert escalation.refer_to is not None and escalation.refer_to.id == "tom"
    assert escalation.message == (
        "Sign-off of schedule v1: Priya Shah was due 2027-01-08 (sent 2027-01-04), 2 days overdue. "
        "Refer to Tom Price, Producer."
    )


def test_a_sign_off_more_than_the_threshold_late_is_critical() -> None:
    _, found = owed(block(briefs=(), confirmations=()), as_of=day("2027-01-14"))
    (escalation,) = found
    assert (escalation.severity, escalation.days_late) == (CRITICAL, 4)


def test_before_its_due_date_a_sign_off_is_due_not_overdue() -> None:
    items, found = owed(block(briefs=(), confirmations=()), as_of=day("2027-01-08"))
    assert [i.status for i in items] == [DONE, DUE]
    assert found == ()


def test_a_sign_off_recorded_after_the_as_of_date_is_not_yet_done() -> None:
    signed_late = ScheduleAgreement(
        "v1", AGREEMENT.sent_on, AGREEMENT.due_on, (SignOff("exec", day("2027-01-13")),)
    )
    plan = block(agreements=(signed_late,), briefs=(), confirmations=())
    assert owed(plan, as_of=day("2027-01-12"))[0][0].status == OVERDUE
    assert owed(plan, as_of=day("2027-01-13"))[0][0].status == DONE


# -- briefs -------------------------------------------------------------------------------------
def test_a_brief_is_due_working_days_before_the_task_starts_across_the_weekend() -> None:
    items, _ = owed(block(agreements=(), confirmations=()), as_of=day("2027-01-11"))
    briefs = of_kind(items, "brief")
    # the grade starts Monday 18th; 3 working days before is Wednesday 13th (Fri, Thu, Wed)
    assert {(b.who.id, b.due) for b in briefs} == {("ines", day("2027-01-13")), ("maya", day("2027-01-13"))}
    assert all(b.task == "grade" and b.task_start == day("2027-01-18") for b in briefs)
    assert [b.what for b in briefs] == ["Grade brief and look references for Ep 1 grade"] * 2


def test_the_brief_goes_to_the_people_behind_the_resources_and_the_owner_not_to_rooms() -> None:
    items, _ = owed(block(agreements=(), confirmations=()), as_of=day("2027-01-11"))
    assert sorted(b.who.name for b in of_kind(items, "brief")) == ["Ines Duarte", "Maya Okafor"]


def test_acknowledgement_clears_the_brief_for_that_person_only() -> None:
    items, found = owed(block(agreements=(), confirmations=()), as_of=day("2027-01-14"))
    status = {b.who.id: (b.status, b.days_overdue, b.detail) for b in of_kind(items, "brief")}
    assert status["ines"] == (DONE, 0, "acknowledged 2027-01-12")
    assert status["maya"] == (OVERDUE, 1, "issued 2027-01-11, not acknowledged")
    (escalation,) = found
    assert (escalation.kind, escalation.severity) == ("brief", WARNING)
    # Maya owns the grade and owes the acknowledgement herself: the escalation contact is told
    assert escalation.refer_to is not None and escalation.refer_to.id == "tom"
    assert escalation.message.endswith("; Ep 1 grade starts 2027-01-18. Refer to Tom Price, Producer.")


def test_an_unacknowledged_brief_is_critical_once_the_task_has_started_without_it() -> None:
    unread = Brief("grade-brief", "grade", "Grade brief", ("grade",), days_before=3)
    _, found = owed(block(agreements=(), confirmations=(), briefs=(unread,)), as_of=day("2027-01-18"))
    by_person = {e.message.split(":")[1].split(" was")[0].strip(): e for e in found}
    assert set(by_person) == {"Ines Duarte", "Maya Okafor"}
    ines = by_person["Ines Duarte"]
    assert ines.severity == CRITICAL
    assert "(not issued yet), 3 days overdue; Ep 1 grade starts 2027-01-18 without it" in ines.message
    assert ines.refer_to is not None and ines.refer_to.id == "maya"  # the grade's owner chases Ines


def test_a_brief_is_due_on_the_recipients_own_calendar() -> None:
    # Ines is on leave Tue 12th to Thu 14th: her 3 working days before Monday 18th are Fri 15th,
    # Mon 11th and Fri 8th
    on_leave = Resource(
        "colourist",
        "Colourist (Ines Duarte)",
        ResourceKind.PERSON,
        person="ines",
        leave=(DateSpan(day("2027-01-12"), day("2027-01-14"), "leave"),),
    )
    plan = block(agreements=(), confirmations=())
    plan = build_plan(
        plan.tasks,
        plan.links,
        briefs=plan.briefs,
        resources=tuple(on_leave if r.id == "colourist" else r for r in plan.resources),
    )
    items, _ = owed(plan, as_of=day("2027-01-04"))
    assert {b.who.id: b.due for b in of_kind(items, "brief")} == {
        "ines": day("2027-01-08"),
        "maya": day("2027-01-13"),
    }


# -- confirmations ------------------------------------------------------------------------------
def test_a_confirmation_is_due_before_the_milestone_that_needs_it() -> None:
    items, found = owed(block(agreements=(), briefs=()), as_of=day("2027-01-11"))
    (confirmation,) = items
    # picture lock is on Friday 15th; 5 working days before is Friday 8th
    assert (confirmation.due, confirmation.status, confirmation.days_overdue) == (
        day("2027-01-08"),
        OVERDUE,
        1,
    )
    assert confirmation.what == "Broadcaster confirms the delivery spec (before Ep 1 picture lock)"
    (escalation,) = found
    assert (escalation.kind, escalation.severity) == ("confirmation", WARNING)
    assert escalation.refer_to is not None and escalation.refer_to.id == "tom"  # picture lock's owner


def test_a_confirmed_requirement_is_done_and_not_escalated() -> None:
    confirmed = Confirmation(
        "spec", SPEC.what, "exec", "executive", before="lock", days_before=5, confirmed_on=day("2027-01-07")
    )
    items, found = owed(block(agreements=(), briefs=(), confirmations=(confirmed,)), as_of=day("2027-01-11"))
    assert [i.status for i in items] == [DONE]
    assert found == ()


def test_follow_ups_are_listed_by_due_date() -> None:
    items, _ = owed(block(), as_of=day("2027-01-05"))
    assert [i.due for i in items] == sorted(i.due for i in items)
    assert [i.kind for i in items] == ["agreement", "agreement", "confirmation", "brief", "brief"]
    assert {i.status for i in items} == {DONE, DUE}


def test_a_brief_owed_for_several_tasks_is_one_escalation_per_person() -> None:
    script = Brief("script", "script", "Shooting script", ("offline", "grade"), days_before=3)
    items, found = owed(block(agreements=(), confirmations=(), briefs=(script,)), as_of=day("2027-01-14"))
    assert len(of_kind(items, "brief")) == 4  # Sam and Maya for the offline, Ines and Maya for the grade
    assert {(e.message.split(": ")[1].split(" was")[0], e.tasks) for e in found} == {
        ("Sam Reid", ("offline",)),
        ("Maya Okafor", ("offline", "grade")),
        ("Ines Duarte", ("grade",)),
    }
    maya = next(e for e in found if e.tasks == ("offline", "grade"))
    assert maya.severity == CRITICAL  # the offline started without it
    assert maya.due == day("2026-12-30")  # the earliest: 3 working days before Mon 4 January
    assert "; also owed for Ep 1 grade." in maya.message


def test_work_already_finished_is_past_chasing() -> None:
    plan = block(agreements=(), confirmations=(), briefs=(Brief("script", "script", "Script", ("offline",)),))
    done = Progress(actual_start=day("2027-01-04"), actual_finish=day("2027-01-15"))
    finished = build_plan(
        [replace(t, progress=done) if t.id == "offline" else t for t in plan.tasks],
        plan.links,
        briefs=plan.briefs,
    )
    items, found = owed(finished, as_of=day("2027-01-18"))
    assert {i.status for i in items} == {OVERDUE}
    assert found == ()


def test_escalations_put_the_buyers_dates_first_within_a_severity() -> None:
    late = block(agreements=(AGREEMENT,), briefs=(), confirmations=())
    delivery = task("delivery", "Ep 1 delivered", owner="tom", due=day("2027-01-21"))
    plan = build_plan(
        (*late.tasks, delivery), (*late.links, *chain("grade", "delivery")), agreements=late.agreements
    )
    _, found = owed(plan, as_of=day("2027-01-11"))
    assert [(e.kind, e.severity) for e in found] == [("due date", WARNING), ("agreement", WARNING)]


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=10))
def test_a_missing_sign_off_is_due_until_its_day_then_overdue_one_more_day_per_working_day(
    offset: int, days_before: int
) -> None:
    plan = block(briefs=(), confirmations=())
    schedule, calendars = scheduled(plan)
    as_of = AGREEMENT.due_on + timedelta(days=offset - 10)
    (_, exec_) = followups(plan, schedule, as_of=as_of, calendars=calendars)
    (_, next_day) = followups(plan, schedule, as_of=as_of + timedelta(days=1), calendars=calendars)
    assert exec_.status == (OVERDUE if as_of > AGREEMENT.due_on else DUE)
    tomorrow = as_of + timedelta(days=1)
    working = tomorrow.weekday() < 5
    assert next_day.days_overdue == exec_.days_overdue + (1 if working and tomorrow > AGREEMENT.due_on else 0)
    brief = Brief("b", "grade", "Grade brief", ("grade",), days_before=days_before)
    owed_to = followups(
        block(briefs=(brief,), agreements=(), confirmations=()), schedule, as_of=as_of, calendars=calendars
    )
    assert [item.who.id for item in owed_to] == ["ines", "maya"]
    for item in owed_to:
        assert item.task_start is not None and item.due <= item.task_start and item.due.weekday() < 5
        assert (item.task_start - item.due).days >= days_before
