"""Hypothesis strategies for valid plans: every reference resolves, no loops, nothing impossible."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from picturelock.domain.calendar import DateSpan
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

TRICKY = [
    "1",
    "007",
    "true",
    "null",
    "~",
    "-",
    "#x",
    "a: b",
    "[x]",
    "{y}",
    "ep 1",
    "é",
    "2027-01-04",
    "3ed",
    "*a",
]
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)
ID = st.one_of(
    st.sampled_from(TRICKY), st.text("abcdefghijklmnopqrstuvwxyz0123456789-_.", min_size=1, max_size=8)
)
ORGANISATION = st.one_of(
    st.none(), st.sampled_from(["acme-sound", "Grade.House_2", "007", "client"])
)  # a few, so that tasks and resources often share one
DAY = st.dates(date(2025, 1, 1), date(2030, 12, 31))
HALF_DAYS = st.integers(0, 120).map(lambda n: Decimal(n) / 2)


def ids(draw: Any, low: int, high: int) -> list[str]:
    return draw(st.lists(ID, min_size=low, max_size=high, unique=True))


def spans(draw: Any) -> tuple[DateSpan, ...]:
    firsts = draw(st.lists(DAY, max_size=2))
    return tuple(DateSpan(d, d + timedelta(days=draw(st.integers(0, 9))), draw(TEXT)) for d in firsts)


def maybe(draw: Any, options: list[str]) -> str | None:
    return draw(st.sampled_from([None, *options])) if options else None


@st.composite
def plans(draw: Any) -> Plan:
    start = draw(DAY)
    calendars = _calendars(draw)
    calendar_ids = [c.id for c in calendars]
    people = tuple(Person(i, draw(TEXT), draw(TEXT), draw(TEXT), draw(ORGANISATION)) for i in ids(draw, 0, 4))
    person_ids = [p.id for p in people]
    resources = tuple(_resource(draw, i, calendar_ids, person_ids) for i in ids(draw, 0, 4))
    group_ids = ids(draw, 0, 3)
    groups = tuple(Group(g, draw(TEXT), maybe(draw, group_ids[:k])) for k, g in enumerate(group_ids))
    task_ids = ids(draw, 1, 8)
    context = {"start": start, "calendars": calendar_ids, "people": person_ids, "groups": group_ids}
    tasks = tuple(_task(draw, t, resources, context) for t in task_ids)
    return Plan(
        production=Production(
            title=draw(TEXT),
            format=draw(st.sampled_from(["feature", "drama-series", "documentary"])),
            episodes=draw(st.integers(1, 20)),
            runtime_minutes=draw(st.integers(0, 200)),
            currency=draw(st.sampled_from(["GBP", "EUR", "USD"])),
            country="GB",
            region=draw(st.sampled_from([None, "", "ENG", "SCT"])),
            start=start,
        ),
        calendars=calendars,
        resources=resources,
        tasks=tasks,
        links=_links(draw, task_ids),
        people=people,
        groups=groups,
        baselines=tuple(_baseline(draw, task_ids) for _ in range(draw(st.integers(0, 2)))),
        project_calendar=draw(st.sampled_from(calendar_ids)),
        agreements=tuple(_agreement(draw, person_ids) for _ in range(draw(st.integers(0, 2)))),
        briefs=tuple(_brief(draw, b, task_ids, person_ids) for b in ids(draw, 0, 2)),
        confirmations=tuple(
            Confirmation(
                c,
                draw(TEXT),
                draw(st.sampled_from(person_ids)),
                draw(TEXT),
                draw(st.sampled_from(task_ids)),
                draw(st.integers(0, 10)),
                draw(st.none() | DAY),
            )
            for c in (ids(draw, 0, 2) if person_ids else [])
        ),
        notes_rounds=tuple(
            NotesRound(
                n,
                draw(TEXT),
                draw(st.sampled_from(task_ids)),
                draw(st.integers(0, 10)),
                draw(st.sampled_from(task_ids)),
                draw(st.none() | DAY),
                maybe(draw, person_ids),
            )
            for n in ids(draw, 0, 2)
        ),
        escalation=EscalationPolicy(draw(HALF_DAYS), maybe(draw, person_ids)),
        status_date=draw(st.none() | st.just(date(2040, 1, 1))),
    )


def _calendars(draw: Any) -> tuple[CalendarSpec, ...]:
    result: list[CalendarSpec] = []
    for k, calendar_id in enumerate(ids(draw, 1, 3)):
        country = draw(st.sampled_from([None, "", "GB", "FR"]))
        result.append(
            CalendarSpec(
                id=calendar_id,
                name=draw(TEXT),
                working_weekdays=frozenset(draw(st.sets(st.integers(0, 6), min_size=1))),
                country=country,
                region="SCT" if country == "GB" and draw(st.booleans()) else None,
                shutdowns=spans(draw),
                extra_working_days=frozenset(draw(st.sets(DAY, max_size=3))),
                base=maybe(draw, [c.id for c in result[:k]]),
            )
        )
    return tuple(result)


def _resource(draw: Any, resource_id: str, calendars: list[str], people: list[str]) -> Resource:
    return Resource(
        id=resource_id,
        name=draw(TEXT),
        kind=draw(st.sampled_from(list(ResourceKind))),
        capacity=Decimal(draw(st.integers(1, 8))) / 2,
        calendar=maybe(draw, calendars),
        leave=spans(draw),
        person=maybe(draw, people),
        organisation=draw(ORGANISATION),
    )


def _task(draw: Any, task_id: str, resources: tuple[Resource, ...], context: dict[str, Any]) -> Task:
    milestone = draw(st.booleans())
    chosen = (
        draw(st.lists(st.sampled_from(resources), unique_by=lambda r: r.id, max_size=3)) if resources else []
    )
    assignments = tuple(Assignment(r.id, r.capacity * draw(st.integers(1, 4)) / 4) for r in chosen)
    return Task(
        id=task_id,
        name=draw(TEXT),
        duration_days=Decimal(0) if milestone else draw(HALF_DAYS),
        owner=maybe(draw, context["people"]),
        milestone=milestone,
        group=maybe(draw, context["groups"]),
        calendar=maybe(draw, context["calendars"]),
        assignments=assignments,
        constraints=_constraints(draw, context["start"]),
        pinned_start=draw(st.none() | DAY),
        priority=draw(st.integers(0, 1000)),
        progress=_progress(draw),
        kind=draw(st.sampled_from(["", "offline", "grade", "mix"])),
        notes=draw(TEXT),
        organisation=draw(ORGANISATION),
    )


def _constraints(draw: Any, start: date) -> tuple[Constraint, ...]:
    kind = draw(st.sampled_from([None, *ConstraintKind]))
    if kind is None:
        return ()
    return (Constraint(kind, start + timedelta(days=draw(st.integers(0, 400)))),)


def _progress(draw: Any) -> Progress:
    began = draw(st.none() | DAY)
    if began is None:
        return Progress()
    if draw(st.booleans()):
        return Progress(began, began + timedelta(days=draw(st.integers(0, 30))))
    return Progress(began, None, draw(st.none() | HALF_DAYS))


def _links(draw: Any, task_ids: list[str]) -> tuple[Link, ...]:
    """Links from earlier to later tasks, in the order the loader builds them."""
    n = len(task_ids)
    pairs = draw(st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=12))
    by_successor: dict[int, list[Link]] = {}
    for a, b in sorted(pairs):
        if a < b:
            lag = draw(st.integers(-10, 10).map(lambda h: Decimal(h) / 2))
            link = Link(
                task_ids[a], task_ids[b], draw(st.sampled_from(list(LinkType))), lag, draw(st.booleans())
            )
            by_successor.setdefault(b, []).append(link)
    ordered: list[Link] = []
    for b in sorted(by_successor):
        links = by_successor[b]
        plain = [x for x in links if x.type is LinkType.FS and x.lag_days == 0 and not x.lag_elapsed]
        ordered += plain + [x for x in links if x not in plain]
    return tuple(ordered)


def _baseline(draw: Any, task_ids: list[str]) -> Baseline:
    chosen = draw(st.sets(st.sampled_from(task_ids)))
    entries = {}
    for task_id in chosen:
        first = draw(DAY)
        entries[task_id] = BaselineEntry(first, first + timedelta(days=draw(st.integers(0, 60))))
    return Baseline(draw(TEXT), draw(DAY), entries)


def _agreement(draw: Any, people: list[str]) -> ScheduleAgreement:
    sent = draw(DAY)
    sign_offs = (
        tuple(
            SignOff(p, draw(st.none() | DAY), draw(TEXT))
            for p in draw(st.lists(st.sampled_from(people), max_size=3))
        )
        if people
        else ()
    )
    return ScheduleAgreement(draw(TEXT), sent, sent + timedelta(days=draw(st.integers(0, 20))), sign_offs)


def _brief(draw: Any, brief_id: str, task_ids: list[str], people: list[str]) -> Brief:
    acks = (
        tuple(Acknowledgement(p, draw(DAY)) for p in draw(st.lists(st.sampled_from(people), max_size=2)))
        if people
        else ()
    )
    return Brief(
        id=brief_id,
        kind=draw(st.sampled_from(["creative", "grade", "sound"])),
        title=draw(TEXT),
        tasks=tuple(draw(st.lists(st.sampled_from(task_ids), max_size=3))),
        days_before=draw(st.integers(0, 15)),
        document=draw(TEXT),
        issued_on=draw(st.none() | DAY),
        acknowledgements=acks,
    )
