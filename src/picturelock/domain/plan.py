"""The post plan as held: production, calendars, resources, tasks, links, baselines, progress.

These are immutable values built by the plan-file loader (or the MS Project reader) after every
check has passed. Durations and lags are working days as `Decimal` (half days allowed); the
schedule engine turns them into integer half-day slots (see `calendar.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from picturelock.domain.calendar import DateSpan


class LinkType(StrEnum):
    """How a successor hangs on its predecessor (MS Project and P6 names)."""

    FS = "FS"  # finish-to-start: the successor starts after the predecessor finishes
    SS = "SS"  # start-to-start
    FF = "FF"  # finish-to-finish
    SF = "SF"  # start-to-finish


class ConstraintKind(StrEnum):
    """Date constraints on a task. Buyers' due dates are `MFO` or `FNLT` on a milestone."""

    SNET = "start_no_earlier_than"
    FNLT = "finish_no_later_than"
    MFO = "must_finish_on"


class ResourceKind(StrEnum):
    PERSON = "person"
    ROOM = "room"
    KIT = "kit"


@dataclass(frozen=True, slots=True)
class Production:
    title: str
    format: str  # feature, drama-series, documentary, commercial, ...
    episodes: int
    runtime_minutes: int
    currency: str  # ISO 4217
    country: str  # ISO 3166 alpha-2 for national holidays, e.g. GB
    region: str | None  # subdivision for regional holidays, e.g. ENG, SCT
    start: date  # first day of post: the plan's origin


@dataclass(frozen=True, slots=True)
class CalendarSpec:
    """A working week with its closures. `base` names a calendar whose closures it adds to."""

    id: str
    name: str
    working_weekdays: frozenset[int] = frozenset(range(5))  # 0 = Monday
    country: str | None = None
    region: str | None = None
    shutdowns: tuple[DateSpan, ...] = ()
    extra_working_days: frozenset[date] = frozenset()  # e.g. a Saturday session
    base: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """Someone a task can be referred to or a document sent to (owners, approvers, crew)."""

    id: str
    name: str
    role: str = ""
    email: str = ""
    organisation: str | None = None  # the vendor, facility or client they work for; None: the production


@dataclass(frozen=True, slots=True)
class Resource:
    id: str
    name: str
    kind: ResourceKind
    capacity: Decimal = Decimal(1)  # units available at once (2 = two editors)
    calendar: str | None = None  # defaults to the production calendar
    leave: tuple[DateSpan, ...] = ()
    person: str | None = None  # the Person this resource is, if any
    organisation: str | None = None  # the facility, vendor or company the room, kit or crew belongs to


@dataclass(frozen=True, slots=True)
class Assignment:
    resource: str
    units: Decimal = Decimal(1)


@dataclass(frozen=True, slots=True)
class Constraint:
    kind: ConstraintKind
    on: date


@dataclass(frozen=True, slots=True)
class Progress:
    """What has happened: dates are inclusive calendar days; remaining in working days."""

    actual_start: date | None = None
    actual_finish: date | None = None
    remaining_days: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    name: str
    duration_days: Decimal  # working days; 0 for a milestone
    owner: str | None = None  # Person id: who is referred to when it slips
    milestone: bool = False
    group: str | None = None  # summary task this one rolls up to (e.g. "ep1")
    calendar: str | None = None  # overrides the resources' calendar
    assignments: tuple[Assignment, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    pinned_start: date | None = None  # manually scheduled: levelling never moves it
    priority: int = 500  # 0..1000; higher is levelled first (MS Project convention)
    progress: Progress = field(default_factory=Progress)
    kind: str = ""  # process from the glossary: offline, conform, grade, mix, ...
    notes: str = ""
    # The vendor or client whose task this is; None: that of its resources when they agree
    # (domain.organisations.task_organisation), else the production's own.
    organisation: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    predecessor: str
    successor: str
    type: LinkType = LinkType.FS
    lag_days: Decimal = Decimal(0)  # negative is a lead
    lag_elapsed: bool = False  # True: calendar days, ignoring working time


@dataclass(frozen=True, slots=True)
class Group:
    """A summary task: an episode block, a department. Its dates roll up from its members."""

    id: str
    name: str
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    start: date
    finish: date


@dataclass(frozen=True, slots=True)
class Baseline:
    name: str
    taken_on: date
    tasks: dict[str, BaselineEntry]


@dataclass(frozen=True, slots=True)
class SignOff:
    person: str
    signed_on: date | None = None
    comment: str = ""


@dataclass(frozen=True, slots=True)
class ScheduleAgreement:
    """A schedule version sent to named people for agreement, and their sign-offs."""

    version: str
    sent_on: date
    due_on: date
    sign_offs: tuple[SignOff, ...]


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    person: str
    on: date


@dataclass(frozen=True, slots=True)
class Brief:
    """The creative brief, the script or a department's brief, due to the people assigned to
    `tasks` `days_before` working days before each task starts."""

    id: str
    kind: str  # creative, script, grade, sound, vfx, titles, music
    title: str
    tasks: tuple[str, ...]
    days_before: int = 5
    document: str = ""
    issued_on: date | None = None
    acknowledgements: tuple[Acknowledgement, ...] = ()


@dataclass(frozen=True, slots=True)
class Confirmation:
    """A requirement confirmed by crew, a supplier, talent or an executive before a milestone."""

    id: str
    what: str
    party: str  # Person id
    party_kind: str  # crew, supplier, talent, executive
    before: str  # task or milestone id
    days_before: int = 5
    confirmed_on: date | None = None


@dataclass(frozen=True, slots=True)
class NotesRound:
    """Notes on a cut: due `turnaround_days` working days after the cut task finishes."""

    id: str
    cut: str  # e.g. "Ep 1 director's cut"
    after: str  # the task whose finish delivers the cut
    turnaround_days: int
    waiting: str  # the editing task that cannot go on without the notes
    received_on: date | None = None
    from_person: str | None = None


@dataclass(frozen=True, slots=True)
class EscalationPolicy:
    """When float on a path to a due date falls below `warn_float_days`, refer it."""

    warn_float_days: Decimal = Decimal(3)
    refer_to: str | None = None  # Person referred to when a task has no owner


@dataclass(frozen=True, slots=True)
class Plan:
    production: Production
    calendars: tuple[CalendarSpec, ...]
    resources: tuple[Resource, ...]
    tasks: tuple[Task, ...]
    links: tuple[Link, ...]
    people: tuple[Person, ...] = ()
    groups: tuple[Group, ...] = ()
    baselines: tuple[Baseline, ...] = ()
    project_calendar: str = "standard"
    agreements: tuple[ScheduleAgreement, ...] = ()
    briefs: tuple[Brief, ...] = ()
    confirmations: tuple[Confirmation, ...] = ()
    notes_rounds: tuple[NotesRound, ...] = ()
    escalation: EscalationPolicy = field(default_factory=EscalationPolicy)
    status_date: date | None = None  # when progress was last recorded; the default "as of"

    def task(self, task_id: str) -> Task:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)

    def resource(self, resource_id: str) -> Resource:
        for resource in self.resources:
            if resource.id == resource_id:
                return resource
        raise KeyError(resource_id)
