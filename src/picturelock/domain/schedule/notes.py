"""Notes due against notes received for each cut, days late, and the editorial days they idled.

A notes round starts when the cut is delivered: the finish of the `after` task (its actual finish
once recorded, else its forecast). Notes are due `turnaround_days` working days later on the
project calendar. As of a date they are received (on time or late) or still outstanding.

Days late are the project's working days after the notes-due day up to and including the day
they arrived (or the as-of date while they are still missing). The idle editorial days are the
same window counted on the calendar of the task that was waiting for the notes, and, for each of
its resources, on that resource's own calendar (so an editor's leave or a bank holiday is not
idle time): that is what the money side prices as breakage (days x units x rate).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from picturelock.domain.plan import NotesRound, Person, Plan
from picturelock.domain.schedule.followups import PlanIndex, person_json
from picturelock.domain.schedule.followups import known as _known
from picturelock.domain.schedule.result import Schedule
from picturelock.domain.schedule.workdays import WorkingCalendars, working_days_after, working_days_later

# statuses of a notes round as of a date
CUT_PENDING = "cut not delivered"  # the cut itself is still to come
AWAITED = "awaited"  # cut delivered, notes not due yet
ON_TIME = "received on time"
LATE = "received late"
OVERDUE = "overdue"  # due day passed, nothing received


@dataclass(frozen=True, slots=True)
class IdleResource:
    """Working days one resource of the waiting task stood idle, on its own calendar."""

    resource_id: str
    name: str
    days: float  # working days idle on the resource's calendar
    unit_days: float  # days x units booked (half an assistant idle for 2 days = 1.0)

    def to_json(self) -> dict[str, object]:
        return {
            "resource": self.resource_id,
            "name": self.name,
            "days": self.days,
            "unit_days": self.unit_days,
        }


@dataclass(frozen=True, slots=True)
class NotesStatus:
    round_id: str
    cut: str
    after: str  # task whose finish delivers the cut
    waiting: str  # task that cannot go on without the notes
    cut_delivered: date
    notes_due: date
    received_on: date | None
    status: str
    days_late: float  # project working days
    idle_days: float  # on the waiting task's calendar
    idle_by_resource: tuple[IdleResource, ...]
    from_person: Person | None

    def to_json(self) -> dict[str, object]:
        return {
            "round": self.round_id,
            "cut": self.cut,
            "after": self.after,
            "waiting": self.waiting,
            "cut_delivered": self.cut_delivered.isoformat(),
            "notes_due": self.notes_due.isoformat(),
            "received_on": self.received_on.isoformat() if self.received_on else None,
            "status": self.status,
            "days_late": self.days_late,
            "idle_days": self.idle_days,
            "idle_by_resource": [r.to_json() for r in self.idle_by_resource],
            "from": person_json(self.from_person) if self.from_person else None,
        }


@dataclass(frozen=True, slots=True)
class NotesReport:
    """Every round, with the production's totals."""

    rounds: tuple[NotesStatus, ...]
    days_late: float
    idle_days: float
    idle_by_resource: tuple[IdleResource, ...]  # summed over rounds, in first-seen order

    def to_json(self) -> dict[str, object]:
        return {
            "rounds": [r.to_json() for r in self.rounds],
            "days_late": self.days_late,
            "idle_days": self.idle_days,
            "idle_by_resource": [r.to_json() for r in self.idle_by_resource],
        }


def notes(plan: Plan, schedule: Schedule, *, as_of: date, calendars: WorkingCalendars) -> NotesReport:
    index = PlanIndex(plan)
    rounds = tuple(_round(index, schedule, r, as_of, calendars) for r in plan.notes_rounds)
    return NotesReport(
        rounds=rounds,
        days_late=sum(r.days_late for r in rounds),
        idle_days=sum(r.idle_days for r in rounds),
        idle_by_resource=_sum_idle(rounds),
    )


def _cut_delivered(plan: PlanIndex, schedule: Schedule, task_id: str, as_of: date) -> tuple[date, bool]:
    """The day the cut was (or will be) delivered, and whether that has happened by `as_of`."""
    actual = plan.task(task_id).progress.actual_finish
    if actual is not None and actual <= as_of:
        return actual, True
    day = schedule.finish_date(task_id)
    return day, day <= as_of


def _round(
    plan: PlanIndex, schedule: Schedule, notes_round: NotesRound, as_of: date, calendars: WorkingCalendars
) -> NotesStatus:
    delivered, happened = _cut_delivered(plan, schedule, notes_round.after, as_of)
    due = working_days_later(calendars.project, delivered, notes_round.turnaround_days)
    received = _known(notes_round.received_on, as_of)
    status = _round_status(happened, due, received, as_of)
    until = received if received is not None else as_of
    late = working_days_after(calendars.project, due, until)
    waiting = calendars.for_task(notes_round.waiting)
    return NotesStatus(
        round_id=notes_round.id,
        cut=notes_round.cut,
        after=notes_round.after,
        waiting=notes_round.waiting,
        cut_delivered=delivered,
        notes_due=due,
        received_on=received,
        status=status,
        days_late=late,
        idle_days=working_days_after(waiting, due, until),
        idle_by_resource=_idle_resources(plan, notes_round.waiting, due, until, calendars),
        from_person=plan.person(notes_round.from_person) if notes_round.from_person else None,
    )


def _round_status(happened: bool, due: date, received: date | None, as_of: date) -> str:
    if received is not None:
        return ON_TIME if received <= due else LATE
    if as_of > due:
        return OVERDUE
    return AWAITED if happened else CUT_PENDING


def _idle_resources(
    plan: PlanIndex, waiting: str, due: date, until: date, calendars: WorkingCalendars
) -> tuple[IdleResource, ...]:
    idle = []
    for assignment in plan.task(waiting).assignments:
        resource = plan.resource(assignment.resource)
        days = working_days_after(calendars.for_resource(resource.id), due, until)
        idle.append(IdleResource(resource.id, resource.name, days, days * float(assignment.units)))
    return tuple(idle)


def _sum_idle(rounds: tuple[NotesStatus, ...]) -> tuple[IdleResource, ...]:
    totals: dict[str, IdleResource] = {}
    for notes_round in rounds:
        for item in notes_round.idle_by_resource:
            seen = totals.get(item.resource_id)
            if seen is not None:
                item = IdleResource(
                    item.resource_id, item.name, seen.days + item.days, seen.unit_days + item.unit_days
                )
            totals[item.resource_id] = item
    return tuple(totals.values())
