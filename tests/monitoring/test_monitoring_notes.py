"""Notes due against notes received on each cut, days late, and idle editorial days.

The cut: Ep 2 assembly from Mon 26 to Thu 29 April 2027; the director's notes are due one working
day later, Friday 30th. Monday 3 May is the early May bank holiday. The fine cut (Sam, with the
assistant at half time) waits for the notes.
"""

from __future__ import annotations

from datetime import date

from post_plans import MAY_DAY, build_plan, day, scheduled, task

from picturelock.domain.calendar import DateSpan
from picturelock.domain.plan import EscalationPolicy, Link, NotesRound, Plan, Progress, Resource, ResourceKind
from picturelock.domain.schedule.escalation import CRITICAL, WARNING, escalations
from picturelock.domain.schedule.forecast import forecast
from picturelock.domain.schedule.notes import AWAITED, CUT_PENDING, LATE, ON_TIME, OVERDUE, notes

ASSEMBLY_DONE = Progress(actual_start=day("2027-04-26"), actual_finish=day("2027-04-29"))


def cut(received: date | None = None, *, editor_leave: tuple[DateSpan, ...] = (), rounds: int = 1) -> Plan:
    tasks = [
        task(
            "assembly",
            "Ep 2 assembly",
            4,
            owner="maya",
            assign=["editor"],
            not_before=day("2027-04-26"),
            progress=ASSEMBLY_DONE,
        ),
        task("fine-cut", "Ep 2 fine cut", 5, owner="maya", assign=["editor", ("assistant", "0.5")]),
    ]
    editor = Resource("editor", "Editor (Sam Reid)", ResourceKind.PERSON, person="sam", leave=editor_leave)
    plan = build_plan(tasks, [Link("assembly", "fine-cut")], escalation=EscalationPolicy(refer_to="tom"))
    first = NotesRound("dc", "Ep 2 director's cut", "assembly", 1, "fine-cut", received, "tom")
    extra = tuple(
        NotesRound(f"dc{n}", f"Ep 2 cut {n}", "assembly", 1, "fine-cut", received, "exec")
        for n in range(2, rounds + 1)
    )
    return build_plan(
        plan.tasks,
        plan.links,
        notes_rounds=(first, *extra),
        escalation=plan.escalation,
        resources=tuple(editor if r.id == "editor" else r for r in plan.resources),
    )


def report(plan: Plan, as_of: date):
    schedule, calendars = scheduled(plan, as_of=as_of)
    return notes(plan, schedule, as_of=as_of, calendars=calendars)


def test_notes_three_days_late_idle_the_editor_three_days_skipping_the_bank_holiday() -> None:
    (dc,) = report(cut(received=day("2027-05-06")), as_of=day("2027-05-07")).rounds
    assert (dc.cut_delivered, dc.notes_due, dc.received_on) == (
        day("2027-04-29"),
        day("2027-04-30"),
        day("2027-05-06"),
    )
    assert dc.status == LATE
    assert dc.days_late == 3  # Tue 4th, Wed 5th, Thu 6th: not the weekend, not May Day
    assert dc.idle_days == 3
    assert {r.resource_id: (r.days, r.unit_days) for r in dc.idle_by_resource} == {
        "editor": (3, 3),
        "assistant": (3, 1.5),
    }
    assert dc.from_person is not None and dc.from_person.name == "Tom Price"


def test_an_editor_on_leave_is_not_idle() -> None:
    leave = (DateSpan(day("2027-05-05"), day("2027-05-05"), "dentist"),)
    (dc,) = report(cut(received=day("2027-05-06"), editor_leave=leave), as_of=day("2027-05-07")).rounds
    assert dc.days_late == 3
    assert {r.resource_id: r.days for r in dc.idle_by_resource} == {"editor": 2, "assistant": 3}
    assert dc.idle_days == 2  # the fine cut works only when Sam does


def test_notes_on_time_cost_nothing() -> None:
    (dc,) = report(cut(received=day("2027-04-30")), as_of=day("2027-05-07")).rounds
    assert (dc.status, dc.days_late, dc.idle_days) == (ON_TIME, 0, 0)
    assert all(r.days == 0 for r in dc.idle_by_resource)


def test_missing_notes_run_up_idle_days_until_the_as_of_date_and_escalate() -> None:
    plan = cut()
    schedule, calendars = scheduled(plan, as_of=day("2027-05-05"))
    cuts = notes(plan, schedule, as_of=day("2027-05-05"), calendars=calendars)
    (dc,) = cuts.rounds
    assert (dc.status, dc.received_on, dc.days_late, dc.idle_days) == (OVERDUE, None, 2, 2)
    predicted = forecast(plan, schedule, calendars=calendars)
    (escalation,) = escalations(
        plan, schedule, predicted, as_of=day("2027-05-05"), calendars=calendars, notes=cuts
    )
    assert (escalation.kind, escalation.severity, escalation.subject) == ("notes", WARNING, "dc")
    assert escalation.message == (
        "Notes on Ep 2 director's cut from Tom Price were due 2027-04-30, 2 days late; Ep 2 fine cut "
        "has stood idle 2 days so far. Refer to Maya Okafor, Post supervisor."
    )
    later = notes(plan, schedule, as_of=day("2027-05-06"), calendars=calendars)
    (escalation,) = escalations(
        plan, schedule, predicted, as_of=day("2027-05-06"), calendars=calendars, notes=later
    )
    assert escalation.severity == CRITICAL  # 3 idle days reach the 3-day threshold


def test_before_the_due_day_notes_are_awaited_and_before_the_cut_they_are_pending() -> None:
    assert report(cut(), as_of=day("2027-04-30")).rounds[0].status == AWAITED
    early = report(cut(), as_of=day("2027-04-27")).rounds[0]
    assert early.status == CUT_PENDING  # the finish recorded for the 29th had not happened on the 27th
    plan = cut()
    unfinished = build_plan(
        [
            t if t.id != "assembly" else task("assembly", "Ep 2 assembly", 4, not_before=day("2027-04-26"))
            for t in plan.tasks
        ],
        plan.links,
        notes_rounds=plan.notes_rounds,
    )
    # not started by Tuesday 27th: the assembly now runs to Friday 30th, notes due after May Day
    pending = report(unfinished, as_of=day("2027-04-27")).rounds[0]
    assert (pending.status, pending.cut_delivered, pending.notes_due) == (
        CUT_PENDING,
        day("2027-04-30"),
        day("2027-05-04"),
    )


def test_production_totals_add_up_the_rounds() -> None:
    totals = report(cut(received=day("2027-05-06"), rounds=3), as_of=day("2027-05-07"))
    assert len(totals.rounds) == 3
    assert totals.days_late == 9 and totals.idle_days == 9
    assert {r.resource_id: (r.days, r.unit_days) for r in totals.idle_by_resource} == {
        "editor": (9, 9),
        "assistant": (9, 4.5),
    }
    assert MAY_DAY.weekday() == 0
