"""A validated `PlanFile` turned into the domain's `Plan`, remembering where each link was written.

Links come from each task's `after` (finish-to-start, no lag) and then its `depends`, in file
order; `LinkSource` records the field path of each so that a problem found on `links[k]` can be
shown at the line where the user wrote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from picturelock.adapters.planfile.schema import (
    LAG_PATTERN,
    WEEKDAYS,
    AssignModel,
    CalendarModel,
    PlanFile,
    ResourceModel,
    Span,
    TaskModel,
)
from picturelock.domain.calendar import DateSpan
from picturelock.domain.findings import Problem
from picturelock.domain.plan import (
    Acknowledgement,
    Assignment,
    Baseline,
    BaselineEntry,
    Brief,
    CalendarSpec,
    Confirmation,
    Constraint,
    ConstraintKind,
    EscalationPolicy,
    Group,
    Link,
    LinkType,
    NotesRound,
    Person,
    Plan,
    Production,
    Progress,
    Resource,
    ResourceKind,
    ScheduleAgreement,
    SignOff,
    Task,
)

DEFAULT_CALENDAR = CalendarSpec(id="standard", name="Standard week")


@dataclass(frozen=True, slots=True)
class LinkSource:
    """Where links[k] was written: `tasks[4].after[0]` or `tasks[5].depends[1]`."""

    field: str
    in_depends: bool

    def path(self, part: str) -> str:
        """The file path of a link's part: `task` (the predecessor id), `type` or `lag`."""
        if not part:
            return self.field
        if part == "successor":
            return self.field.split(".")[0] + ".id"
        if self.in_depends:
            return f"{self.field}.{part}"
        return self.field


def days(value: float | int) -> Decimal:
    """A number from the file as an exact Decimal (2.5 -> Decimal('2.5'), 15.0 -> Decimal('15'))."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    whole = exact.to_integral_value()
    return whole if exact == whole else exact.normalize()


def lag_of(value: float | int | str) -> tuple[Decimal, bool]:
    """A lag as (working or elapsed days, elapsed?): 2 -> (2, False), "3ed" -> (3, True)."""
    if isinstance(value, str):
        match = LAG_PATTERN.match(value)
        if match is None:  # the schema has refused it already
            raise ValueError(value)
        return days(float(match.group(1))), match.group(2) == "ed"
    return days(value), False


def _span(span: Span) -> DateSpan:
    return DateSpan(span.first, span.last, span.reason)


def to_plan(model: PlanFile, place: str) -> tuple[Plan, list[Problem], list[LinkSource]]:
    """The Plan, problems only the file can show (a missing duration), and each link's source."""
    problems: list[Problem] = []
    links: list[Link] = []
    sources: list[LinkSource] = []
    tasks = tuple(_task(i, t, place, problems, links, sources) for i, t in enumerate(model.tasks))
    production = model.production
    plan = Plan(
        production=Production(
            title=production.title,
            format=production.format,
            episodes=production.episodes,
            runtime_minutes=production.runtime_minutes,
            currency=production.currency,
            country=production.country,
            region=production.region,
            start=production.start,
        ),
        calendars=(DEFAULT_CALENDAR,) if model.calendars is None else tuple(map(_calendar, model.calendars)),
        resources=tuple(map(_resource, model.resources)),
        tasks=tasks,
        links=tuple(links),
        people=tuple(Person(p.id, p.name, p.role, p.email, p.organisation) for p in model.people),
        groups=tuple(Group(g.id, g.name, g.parent) for g in model.groups),
        baselines=tuple(
            Baseline(b.name, b.taken_on, {k: BaselineEntry(e.start, e.finish) for k, e in b.tasks.items()})
            for b in model.baselines
        ),
        project_calendar=model.project_calendar,
        **_paperwork(model),
        escalation=EscalationPolicy(days(model.escalation.warn_float_days), model.escalation.refer_to),
        status_date=model.status_date,
    )
    return plan, problems, sources


def _paperwork(model: PlanFile) -> dict[str, Any]:
    """Agreements, briefs, confirmations and notes rounds as the Plan's keyword arguments."""
    return {
        "agreements": tuple(
            ScheduleAgreement(
                a.version,
                a.sent_on,
                a.due_on,
                tuple(SignOff(s.person, s.signed_on, s.comment) for s in a.sign_offs),
            )
            for a in model.agreements
        ),
        "briefs": tuple(
            Brief(
                id=b.id,
                kind=b.kind,
                title=b.title,
                tasks=tuple(b.tasks),
                days_before=b.days_before,
                document=b.document,
                issued_on=b.issued_on,
                acknowledgements=tuple(Acknowledgement(a.person, a.on) for a in b.acknowledgements),
            )
            for b in model.briefs
        ),
        "confirmations": tuple(
            Confirmation(c.id, c.what, c.party, c.party_kind, c.before, c.days_before, c.confirmed_on)
            for c in model.confirmations
        ),
        "notes_rounds": tuple(
            NotesRound(n.id, n.cut, n.after, n.turnaround_days, n.waiting, n.received_on, n.from_person)
            for n in model.notes_rounds
        ),
    }


def _calendar(model: CalendarModel) -> CalendarSpec:
    return CalendarSpec(
        id=model.id,
        name=model.id if model.name is None else model.name,
        working_weekdays=frozenset(WEEKDAYS.index(day) for day in model.working_weekdays),
        country=model.country,
        region=model.region,
        shutdowns=tuple(map(_span, model.shutdowns)),
        extra_working_days=frozenset(model.extra_working_days),
        base=model.base,
    )


def _resource(model: ResourceModel) -> Resource:
    return Resource(
        id=model.id,
        name=model.name,
        kind=ResourceKind(model.kind),
        capacity=days(model.capacity),
        calendar=model.calendar,
        leave=tuple(map(_span, model.leave)),
        person=model.person,
        organisation=model.organisation,
    )


def _assignment(item: str | AssignModel) -> Assignment:
    if isinstance(item, str):
        return Assignment(item)
    return Assignment(item.resource, days(item.units))


def _task(
    i: int,
    model: TaskModel,
    place: str,
    problems: list[Problem],
    links: list[Link],
    sources: list[LinkSource],
) -> Task:
    if model.duration is None and not model.milestone:
        problems.append(
            Problem(place, f"tasks[{i}].duration", "no duration", expected="working days, or milestone: true")
        )
    for j, predecessor in enumerate(model.after):
        links.append(Link(predecessor, model.id))
        sources.append(LinkSource(f"tasks[{i}].after[{j}]", in_depends=False))
    for j, dep in enumerate(model.depends):
        lag, elapsed = lag_of(dep.lag)
        links.append(Link(dep.task, model.id, LinkType(dep.type), lag, elapsed))
        sources.append(LinkSource(f"tasks[{i}].depends[{j}]", in_depends=True))
    progress = model.progress
    return Task(
        id=model.id,
        name=model.name,
        duration_days=Decimal(0) if model.duration is None else days(model.duration),
        owner=model.owner,
        milestone=model.milestone,
        group=model.group,
        calendar=model.calendar,
        assignments=tuple(map(_assignment, model.assign)),
        constraints=tuple(
            Constraint(ConstraintKind(kind), on)
            for constraint in model.constraints
            for kind, on in constraint.items()
        ),
        pinned_start=model.pinned_start,
        priority=model.priority,
        progress=Progress(
            progress.actual_start,
            progress.actual_finish,
            None if progress.remaining is None else days(progress.remaining),
        ),
        kind=model.kind,
        notes=model.notes,
        organisation=model.organisation,
    )
