"""Escalations: who to refer to when progress is likely to compromise a buyer's due date.

Due dates. A buyer's due date is a task (normally a delivery milestone) with a must-finish-on or
finish-no-later-than constraint. Its float is the least float on a path to it, in working days:
the least total float among the due task and every task whose late dates are set through it (its
`late_driver` chain of successors passes through the due task), plus any working days between
the due task's late finish and the due date itself (the critical path's last milestone has 0
total float against the project finish, yet 3 days of float against a buyer's date 3 days later).
Tasks whose late dates are set by some other, tighter date do not count: their float belongs to
that date. A must-finish-on milestone held on its date by the constraint has 0 float of its own
by construction, so only its predecessors' floats count for it.

- float below `plan.escalation.warn_float_days` -> "warning";
- float below 0 -> "critical": the date will be missed by that many working days.

The cause. From the due task the chain of start drivers (`TaskTimes.start_driver`: the link,
or the resource booking, that set each start) is followed back while the tasks on it have
slipped against the baseline; the last slipped task is where the slip started, with how much it
slipped and why (it started late waiting for X, or it is taking longer). Tasks not in the
baseline are passed over. No slipped task on the chain: the date is at risk by plan, not by slip.

Who is referred to: the owner of the task where the slip started, else the due task's owner,
else the plan's escalation contact (`plan.escalation.refer_to`).

Follow-ups and notes. An overdue sign-off, brief acknowledgement or confirmation is an escalation
too: "warning" while the work it is due before has not started, "critical" once it has (or for a
sign-off, once it is more than the warning threshold of working days late). One escalation per
document and person (a brief owed for six episodes is one), and none for work already finished.
Overdue notes on a cut are a warning naming the idle editorial days so far, critical once the
idle days reach the threshold. These refer to the owner of the task concerned, else the
escalation contact, passing over the person who owes the thing while anyone else can be told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from picturelock.domain.plan import ConstraintKind, Person, Plan, Task
from picturelock.domain.schedule.followups import FollowUp, PlanIndex, person_json
from picturelock.domain.schedule.followups import followups as compute_followups
from picturelock.domain.schedule.forecast import Forecast
from picturelock.domain.schedule.notes import NotesReport, NotesStatus
from picturelock.domain.schedule.notes import notes as compute_notes
from picturelock.domain.schedule.result import Schedule, TaskTimes
from picturelock.domain.schedule.workdays import WorkingCalendars, day_end, format_days, working_days_between

WARNING, CRITICAL = "warning", "critical"
_SEVERITY_ORDER = {CRITICAL: 0, WARNING: 1}


@dataclass(frozen=True, slots=True)
class Cause:
    """Where a slip started: the task, its slip against baseline, and why, in words."""

    task_id: str
    name: str
    slip_days: float  # finish slip against the baseline, working days on its calendar
    reason: str  # "started late waiting for Ep 3 VFX", "is taking 2 days longer than planned"

    def sentence(self) -> str:
        return f"{self.name} slipped {format_days(self.slip_days)} ({self.reason})"

    def to_json(self) -> dict[str, object]:
        return {"task": self.task_id, "name": self.name, "slip_days": self.slip_days, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Escalation:
    """Something to refer to a named person now, with the due date at risk and why."""

    severity: str  # "warning" or "critical"
    kind: str  # "due date", "agreement", "brief", "confirmation", "notes"
    subject: str  # the due task id, or the follow-up / notes round id
    due: date  # the date at risk (a buyer's due date, or the follow-up's due date)
    refer_to: Person | None
    message: str
    float_days: float | None = None  # for due dates: least float on a path to it
    days_late: float = 0.0  # by how much the date will be (or was) missed
    cause: Cause | None = None
    driving_path: tuple[str, ...] = ()  # due task back along its start drivers
    tasks: tuple[str, ...] = ()  # for follow-ups: the tasks the document or confirmation is owed for

    def to_json(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "kind": self.kind,
            "subject": self.subject,
            "due": self.due.isoformat(),
            "refer_to": person_json(self.refer_to) if self.refer_to else None,
            "message": self.message,
            "float_days": self.float_days,
            "days_late": self.days_late,
            "cause": self.cause.to_json() if self.cause else None,
            "driving_path": list(self.driving_path),
            "tasks": list(self.tasks),
        }


def escalations(
    plan: Plan,
    schedule: Schedule,
    forecast: Forecast,
    *,
    as_of: date,
    calendars: WorkingCalendars,
    followups: tuple[FollowUp, ...] | None = None,
    notes: NotesReport | None = None,
) -> tuple[Escalation, ...]:
    """Every escalation as of `as_of`: critical first, buyers' dates first, then by date.

    `followups` and `notes` are computed here unless the caller already has them."""
    if followups is None:
        followups = compute_followups(plan, schedule, as_of=as_of, calendars=calendars)
    if notes is None:
        notes = compute_notes(plan, schedule, as_of=as_of, calendars=calendars)
    ctx = _Context(plan, schedule, forecast, calendars, as_of)
    found = [e for task in plan.tasks if (e := _due_date_escalation(ctx, task)) is not None]
    found.extend(_followup_escalation(ctx, group) for group in _overdue_groups(ctx, followups))
    found.extend(_notes_escalation(ctx, r) for r in notes.rounds if r.status == "overdue")
    return tuple(sorted(found, key=_order))


def _order(escalation: Escalation) -> tuple[int, int, date, str]:
    """Critical first; within a severity, buyers' dates before paperwork; then by date."""
    return (
        _SEVERITY_ORDER[escalation.severity],
        escalation.kind != "due date",
        escalation.due,
        escalation.subject,
    )


class _Context:
    """What every escalation rule reads, with the look-ups built once."""

    __slots__ = (
        "as_of",
        "calendars",
        "children",
        "forecast",
        "index",
        "plan",
        "schedule",
        "tasks",
        "threshold",
    )

    def __init__(
        self, plan: Plan, schedule: Schedule, forecast: Forecast, calendars: WorkingCalendars, as_of: date
    ) -> None:
        self.plan, self.schedule, self.forecast, self.calendars = plan, schedule, forecast, calendars
        self.as_of = as_of
        self.index = PlanIndex(plan)
        self.tasks = self.index.tasks
        self.children = late_children(schedule)
        self.threshold = float(plan.escalation.warn_float_days)

    def name(self, task_id: str) -> str:
        task = self.tasks.get(task_id)
        return task.name if task else task_id

    def owner(self, task_id: str | None) -> str | None:
        task = self.tasks.get(task_id) if task_id else None
        return task.owner if task else None

    def refer_to(self, *candidates: str | None, avoid: str | None = None) -> Person | None:
        """The first of `candidates` (person ids) that is set, else the plan's escalation contact;
        passing over `avoid` (the person who owes the thing) while anyone else is left."""
        named = [c for c in (*candidates, self.plan.escalation.refer_to) if c]
        chosen = next((c for c in named if c != avoid), named[0] if named else None)
        return self.index.person(chosen) if chosen else None


# -- buyers' due dates --------------------------------------------------------------------------
def due_date(task: Task) -> tuple[date, ConstraintKind] | None:
    """The buyer's due date a task carries (the earliest of its MFO / FNLT constraints)."""
    dates = [(c.on, c.kind) for c in task.constraints if c.kind in (ConstraintKind.MFO, ConstraintKind.FNLT)]
    return min(dates) if dates else None


def _due_date_escalation(ctx: _Context, task: Task) -> Escalation | None:
    due = due_date(task)
    finished = task.progress.actual_finish
    if due is None or task.id not in ctx.schedule.tasks or (finished is not None and finished <= ctx.as_of):
        return None
    on, kind = due
    float_days = path_float_days(ctx.schedule, task.id, on, kind, ctx.calendars, ctx.children)
    if float_days >= ctx.threshold:
        return None
    chain = driving_chain(ctx.schedule, task.id)
    cause = find_cause(ctx.schedule, ctx.forecast, chain)
    refer = ctx.refer_to(ctx.owner(cause.task_id if cause else None), task.owner)
    return Escalation(
        severity=CRITICAL if float_days < 0 else WARNING,
        kind="due date",
        subject=task.id,
        due=on,
        refer_to=refer,
        message=_due_message(ctx, task, on, float_days, cause, chain, refer),
        float_days=float_days,
        days_late=max(-float_days, 0.0),
        cause=cause,
        driving_path=tuple(chain),
    )


def late_children(schedule: Schedule) -> dict[str, list[str]]:
    """For each task, the tasks whose late finish it bounds: their `late_driver` is a link to it,
    or, after levelling, its booking of a resource they hold just before it."""
    children: dict[str, list[str]] = {}
    for task_id, times in schedule.tasks.items():
        driver = times.late_driver
        if driver.kind in ("link", "resource") and driver.task is not None and driver.task != task_id:
            children.setdefault(driver.task, []).append(task_id)
    return children


def bound_through(children: dict[str, list[str]], task_id: str) -> list[str]:
    """The tasks whose late dates are set through `task_id` (its subtree of late drivers)."""
    found: list[str] = []
    stack = list(children.get(task_id, ()))
    seen = {task_id}
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            found.append(current)
            stack.extend(children.get(current, ()))
    return found


def path_float_days(
    schedule: Schedule,
    due_task: str,
    on: date,
    kind: ConstraintKind,
    calendars: WorkingCalendars,
    children: dict[str, list[str]] | None = None,
) -> float:
    """The least float, in working days, on any path to the due task's date (see module doc)."""
    times = schedule.tasks[due_task]
    calendar = calendars.for_task(due_task)
    beyond = working_days_between(calendar, times.late_finish, day_end(calendar, on))
    bound = [schedule.tasks[t] for t in bound_through(children or late_children(schedule), due_task)]
    held_by_mfo = kind is ConstraintKind.MFO and times.start_driver.kind == "constraint"
    if not held_by_mfo or not bound:
        bound.append(times)
    return beyond + min(t.total_float_days for t in bound)


def driving_chain(schedule: Schedule, task_id: str) -> list[str]:
    """The task, then what drove its start, then what drove that one's, ... back to the start."""
    chain = [task_id]
    seen = {task_id}
    while True:
        driver = schedule.tasks[chain[-1]].start_driver
        if driver.task is None or driver.task not in schedule.tasks or driver.task in seen:
            return chain
        chain.append(driver.task)
        seen.add(driver.task)


def find_cause(schedule: Schedule, forecast: Forecast, chain: list[str]) -> Cause | None:
    """The task on the driving chain where the slip started (see module doc), or None."""
    origin = None
    for task_id in chain:
        slip = forecast.tasks[task_id].finish_slip_days if task_id in forecast.tasks else None
        if slip is None:
            continue
        if slip <= 0:
            break
        origin = task_id
    if origin is None:
        return None
    predicted = forecast.tasks[origin]
    finish_slip = predicted.finish_slip_days or 0.0
    start_slip = predicted.start_slip_days or 0.0
    longer = finish_slip - max(start_slip, 0.0)
    if start_slip > 0:
        reason = _late_start(forecast, schedule.tasks[origin], start_slip)
        if longer > 0:
            reason += f" and is taking {format_days(longer)} longer"
    else:
        reason = f"is taking {format_days(finish_slip - start_slip)} longer than planned"
    return Cause(origin, predicted.name, finish_slip, reason)


def _late_start(forecast: Forecast, times: TaskTimes, slip: float) -> str:
    driver = times.start_driver
    late = f"started {format_days(slip)} late"
    if driver.kind == "link" and driver.task is not None:
        waited = forecast.tasks.get(driver.task)
        return f"{late} waiting for {waited.name if waited else driver.task}"
    if driver.kind == "status date":
        return f"not started by the status date, {format_days(slip)} behind"
    if driver.kind == "actual":
        return late
    return f"{late}: {driver.text}" if driver.text else late


def _refer_sentence(refer: Person | None) -> str:
    if refer is None:
        return "No one to refer to: set escalation.refer_to in the plan."
    return f"Refer to {refer.name}, {refer.role}." if refer.role else f"Refer to {refer.name}."


def _due_message(
    ctx: _Context,
    task: Task,
    on: date,
    float_days: float,
    cause: Cause | None,
    chain: list[str],
    refer: Person | None,
) -> str:
    at_risk = f"{task.name} due {on.isoformat()}"
    if cause is not None:
        text = f"{cause.sentence()}; {at_risk} now has {format_days(float_days)} of float"
    else:
        path = " <- ".join(ctx.name(t) for t in chain)
        text = f"{at_risk} has {format_days(float_days)} of float with no slip against the baseline"
        text += f" (driving path: {path})" if len(chain) > 1 else ""
    if float_days < 0:
        text += f": it will be missed by {format_days(-float_days)}"
    else:
        text += f", below the warning threshold of {format_days(ctx.threshold)}"
    return f"{text}. {_refer_sentence(refer)}"


# -- follow-ups and notes ---------------------------------------------------------------------
def _overdue_groups(ctx: _Context, followups: tuple[FollowUp, ...]) -> list[list[FollowUp]]:
    """Overdue follow-ups still worth chasing, one group per document and person (a brief owed
    for six episodes is one escalation), earliest due first. Work already finished is past
    chasing: its follow-ups stay listed as overdue but are not escalated."""
    groups: dict[tuple[str, str, str], list[FollowUp]] = {}
    for item in followups:
        task = ctx.tasks.get(item.task) if item.task else None
        finished_on = task.progress.actual_finish if task else None
        if item.overdue and not (finished_on is not None and finished_on <= ctx.as_of):
            groups.setdefault((item.kind, item.ref, item.who.id), []).append(item)
    return list(groups.values())


def _followup_escalation(ctx: _Context, group: list[FollowUp]) -> Escalation:
    item = group[0]
    as_of = ctx.as_of
    started = [f for f in group if f.task_start is not None and f.task_start <= as_of]
    late_sign_off = item.kind == "agreement" and item.days_overdue > ctx.threshold
    refer = ctx.refer_to(ctx.owner(item.task), avoid=item.who.id)
    text = f"{item.what}: {item.who.name} was due {item.due.isoformat()} ({item.detail})"
    text += f", {format_days(item.days_overdue)} overdue"
    if item.task is not None and item.task_start is not None:
        verb = "started" if item.task_start < as_of else "starts"
        text += f"; {ctx.name(item.task)} {verb} {item.task_start.isoformat()}"
        text += " without it" if item in started else ""
    if len(group) > 1:
        others = [ctx.name(f.task) for f in group[1:] if f.task]
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
        text += f"; also owed for {shown}"
    return Escalation(
        severity=CRITICAL if started or late_sign_off else WARNING,
        kind=item.kind,
        subject=item.ref,
        due=item.due,
        refer_to=refer,
        message=f"{text}. {_refer_sentence(refer)}",
        days_late=item.days_overdue,
        tasks=tuple(f.task for f in group if f.task),
    )


def _notes_escalation(ctx: _Context, status: NotesStatus) -> Escalation:
    sender = status.from_person.id if status.from_person else None
    refer = ctx.refer_to(ctx.owner(status.waiting), avoid=sender)
    source = f" from {status.from_person.name}" if status.from_person else ""
    text = (
        f"Notes on {status.cut}{source} were due {status.notes_due.isoformat()}, "
        f"{format_days(status.days_late)} late; {ctx.name(status.waiting)} has stood idle "
        f"{format_days(status.idle_days)} so far"
    )
    return Escalation(
        severity=CRITICAL if status.idle_days >= ctx.threshold else WARNING,
        kind="notes",
        subject=status.round_id,
        due=status.notes_due,
        refer_to=refer,
        message=f"{text}. {_refer_sentence(refer)}",
        days_late=status.days_late,
    )
