"""Follow-ups: sign-offs of the schedule, briefs to the people assigned, confirmations.

Three kinds of promise sit in the plan beside the tasks, each with a due date:

- agreement: each person a schedule version was sent to signs it off by the agreement's
  `due_on` (days overdue on the project calendar);
- brief: the creative brief, the script or a department's brief is acknowledged by everyone
  assigned to each task that needs it (the people behind its resources, and its owner) a set
  number of working days before the task's scheduled start, counted on that person's calendar
  (on the project calendar for an owner who is not a resource);
- confirmation: a requirement from crew, a supplier, talent or an executive is confirmed a set
  number of working days before the scheduled start of the task or milestone that needs it
  (project calendar).

Each is judged as of a date: something done after it is not done yet. Status is "done", "due"
(not done, due date not passed) or "overdue" (the due day has passed); days overdue are working
days after the due day up to and including the as-of date. A follow-up also names the task it
protects, so an escalation can tell whether that work has already started without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from picturelock.domain.calendar import WorkingTime
from picturelock.domain.plan import Brief, Confirmation, Person, Plan, Resource, ScheduleAgreement, Task
from picturelock.domain.schedule.result import Schedule
from picturelock.domain.schedule.workdays import WorkingCalendars, working_days_after, working_days_before

DONE, DUE, OVERDUE = "done", "due", "overdue"


@dataclass(frozen=True, slots=True)
class FollowUp:
    """One thing someone owes by a date: what, who, when, and where it stands."""

    kind: str  # "agreement", "brief", "confirmation"
    ref: str  # the agreement version, brief id or confirmation id
    what: str
    who: Person
    due: date
    status: str  # done / due / overdue
    days_overdue: float  # working days past due as of the date (0 unless overdue)
    done_on: date | None = None
    detail: str = ""  # e.g. "not issued yet", "issued 2027-01-18, not acknowledged"
    task: str | None = None  # the task the follow-up is due before, if any
    task_start: date | None = None  # that task's scheduled start

    @property
    def overdue(self) -> bool:
        return self.status == OVERDUE

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "ref": self.ref,
            "what": self.what,
            "who": person_json(self.who),
            "due": self.due.isoformat(),
            "status": self.status,
            "days_overdue": self.days_overdue,
            "done_on": self.done_on.isoformat() if self.done_on else None,
            "detail": self.detail,
            "task": self.task,
            "task_start": self.task_start.isoformat() if self.task_start else None,
        }


def person_json(person: Person) -> dict[str, str]:
    return {"id": person.id, "name": person.name, "role": person.role, "email": person.email}


def person(plan: Plan, person_id: str) -> Person:
    """The named person; an unknown id still yields someone to show (the loader refuses those)."""
    for candidate in plan.people:
        if candidate.id == person_id:
            return candidate
    return Person(id=person_id, name=person_id)


class PlanIndex:
    """The plan's tasks, resources and people by id, built once (Plan's own look-ups scan)."""

    __slots__ = ("people", "plan", "resources", "tasks")

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.tasks = {task.id: task for task in plan.tasks}
        self.resources = {resource.id: resource for resource in plan.resources}
        self.people = {p.id: p for p in plan.people}

    def task(self, task_id: str) -> Task:
        return self.tasks[task_id]

    def resource(self, resource_id: str) -> Resource:
        return self.resources[resource_id]

    def person(self, person_id: str) -> Person:
        return self.people.get(person_id) or Person(id=person_id, name=person_id)


def followups(
    plan: Plan, schedule: Schedule, *, as_of: date, calendars: WorkingCalendars
) -> tuple[FollowUp, ...]:
    """Every sign-off, brief acknowledgement and confirmation with its status, by due date."""
    items: list[FollowUp] = []
    index = PlanIndex(plan)
    for agreement in plan.agreements:
        items.extend(_agreement(index, agreement, as_of, calendars.project))
    for brief in plan.briefs:
        items.extend(_brief(index, schedule, brief, as_of, calendars))
    for confirmation in plan.confirmations:
        items.append(_confirmation(index, schedule, confirmation, as_of, calendars.project))
    return tuple(sorted(items, key=lambda f: f.due))  # stable: plan order within a day


def _status(due: date, done_on: date | None, as_of: date, calendar: WorkingTime) -> tuple[str, float]:
    if done_on is not None and done_on <= as_of:
        return DONE, 0.0
    if as_of > due:
        return OVERDUE, working_days_after(calendar, due, as_of)
    return DUE, 0.0


def known(day: date | None, as_of: date) -> date | None:
    """A recorded date counts only once it has happened by the as-of date."""
    return day if day is not None and day <= as_of else None


def _agreement(
    plan: PlanIndex, agreement: ScheduleAgreement, as_of: date, calendar: WorkingTime
) -> list[FollowUp]:
    items = []
    for sign_off in agreement.sign_offs:
        signed = known(sign_off.signed_on, as_of)
        status, late = _status(agreement.due_on, signed, as_of, calendar)
        detail = f"sent {agreement.sent_on.isoformat()}" + (
            f"; {sign_off.comment}" if sign_off.comment else ""
        )
        items.append(
            FollowUp(
                kind="agreement",
                ref=agreement.version,
                what=f"Sign-off of schedule {agreement.version}",
                who=plan.person(sign_off.person),
                due=agreement.due_on,
                status=status,
                days_overdue=late,
                done_on=signed,
                detail=detail,
            )
        )
    return items


def brief_recipients(plan: Plan | PlanIndex, task: Task) -> list[tuple[str, str | None]]:
    """(person id, resource id) for everyone a brief for `task` is due to: the people behind its
    resources, then its owner; each person once."""
    recipients: list[tuple[str, str | None]] = []
    for assignment in task.assignments:
        resource = plan.resource(assignment.resource)
        if resource.person and all(resource.person != p for p, _ in recipients):
            recipients.append((resource.person, resource.id))
    if task.owner and all(task.owner != p for p, _ in recipients):
        recipients.append((task.owner, None))
    return recipients


def _brief(
    plan: PlanIndex, schedule: Schedule, brief: Brief, as_of: date, calendars: WorkingCalendars
) -> list[FollowUp]:
    issued = known(brief.issued_on, as_of)
    acknowledged = {a.person: a.on for a in brief.acknowledgements if a.on <= as_of}
    items = []
    for task_id in brief.tasks:
        task = plan.task(task_id)
        start = schedule.start_date(task_id)
        for person_id, resource_id in brief_recipients(plan, task):
            calendar = calendars.for_resource(resource_id) if resource_id else calendars.project
            due = working_days_before(calendar, start, brief.days_before)
            done_on = acknowledged.get(person_id)
            status, late = _status(due, done_on, as_of, calendar)
            items.append(
                FollowUp(
                    kind="brief",
                    ref=brief.id,
                    what=f"{brief.title} for {task.name}",
                    who=plan.person(person_id),
                    due=due,
                    status=status,
                    days_overdue=late,
                    done_on=done_on,
                    detail=_brief_detail(brief, issued, done_on),
                    task=task_id,
                    task_start=start,
                )
            )
    return items


def _brief_detail(brief: Brief, issued: date | None, acknowledged: date | None) -> str:
    if acknowledged is not None:
        return f"acknowledged {acknowledged.isoformat()}"
    if issued is None:
        return "not issued yet" if not brief.acknowledgements else "not acknowledged"
    return f"issued {issued.isoformat()}, not acknowledged"


def _confirmation(
    plan: PlanIndex, schedule: Schedule, confirmation: Confirmation, as_of: date, calendar: WorkingTime
) -> FollowUp:
    start = schedule.start_date(confirmation.before)
    due = working_days_before(calendar, start, confirmation.days_before)
    confirmed = known(confirmation.confirmed_on, as_of)
    status, late = _status(due, confirmed, as_of, calendar)
    before = plan.task(confirmation.before)
    return FollowUp(
        kind="confirmation",
        ref=confirmation.id,
        what=f"{confirmation.what} (before {before.name})",
        who=plan.person(confirmation.party),
        due=due,
        status=status,
        days_overdue=late,
        done_on=confirmed,
        detail=f"{confirmation.party_kind} confirmation",
        task=confirmation.before,
        task_start=start,
    )
