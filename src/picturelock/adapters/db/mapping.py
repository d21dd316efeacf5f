"""Plan <-> rows: `from_domain` turns a frozen `Plan` into rows for each table, `to_domain` back.

Rows are plain dicts keyed by column name, without `production_id` (the repository adds it) and
without the concurrency columns (`version`, `updated_by`, `updated_at`: the repository's). The
two functions are exact inverses: `to_domain(*from_domain(plan)) == plan` for every valid plan,
order of every list included.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from picturelock.adapters.db import tables as t
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

Row = dict[str, Any]
Rows = dict[sa.Table, list[Row]]


def from_domain(plan: Plan) -> tuple[Row, Rows]:
    """The production row and the rows of every other table for `plan`."""
    rows: Rows = defaultdict(list)
    _calendars(plan.calendars, rows)
    rows[t.people] = [
        {"key": p.id, "position": i, "name": p.name, "role": p.role, "email": p.email}
        | {"organisation": p.organisation}
        for i, p in enumerate(plan.people)
    ]
    _resources(plan.resources, rows)
    rows[t.groups] = [
        {"key": g.id, "position": i, "name": g.name, "parent": g.parent} for i, g in enumerate(plan.groups)
    ]
    for i, task in enumerate(plan.tasks):
        _task(i, task, rows)
    rows[t.links] = [_link_row(i, link) for i, link in enumerate(plan.links)]
    _baselines(plan.baselines, rows)
    _agreements(plan.agreements, rows)
    _briefs(plan.briefs, rows)
    rows[t.confirmations] = [_confirmation_row(i, c) for i, c in enumerate(plan.confirmations)]
    rows[t.notes_rounds] = [_notes_round_row(i, n) for i, n in enumerate(plan.notes_rounds)]
    return _production_row(plan), dict(rows)


def _production_row(plan: Plan) -> Row:
    p = plan.production
    return {
        "title": p.title,
        "format": p.format,
        "episodes": p.episodes,
        "runtime_minutes": p.runtime_minutes,
        "currency": p.currency,
        "country": p.country,
        "region": p.region,
        "start": p.start,
        "project_calendar": plan.project_calendar,
        "status_date": plan.status_date,
        "warn_float_days": plan.escalation.warn_float_days,
        "refer_to": plan.escalation.refer_to,
    }


def _spans(spans: Iterable[DateSpan], owner: str, key: str) -> list[Row]:
    return [
        {owner: key, "position": i, "first_day": s.first, "last_day": s.last, "reason": s.reason}
        for i, s in enumerate(spans)
    ]


def _calendars(calendars: Sequence[CalendarSpec], rows: Rows) -> None:
    for i, c in enumerate(calendars):
        weekdays = "".join(str(d) for d in sorted(c.working_weekdays))
        rows[t.calendars].append(
            {"key": c.id, "position": i, "name": c.name, "working_weekdays": weekdays}
            | {"country": c.country, "region": c.region, "base": c.base}
        )
        rows[t.shutdowns] += _spans(c.shutdowns, "calendar", c.id)
        rows[t.extra_working_days] += [{"calendar": c.id, "day": d} for d in sorted(c.extra_working_days)]


def _resources(resources: Sequence[Resource], rows: Rows) -> None:
    for i, r in enumerate(resources):
        rows[t.resources].append(
            {"key": r.id, "position": i, "name": r.name, "kind": r.kind.value, "capacity": r.capacity}
            | {"calendar": r.calendar, "person": r.person, "organisation": r.organisation}
        )
        rows[t.leave] += _spans(r.leave, "resource", r.id)


def task_row(position: int, task: Task) -> Row:
    """The `tasks` row of one task (its assignments and constraints are rows of their own)."""
    return {
        "key": task.id,
        "position": position,
        "name": task.name,
        "duration_days": task.duration_days,
        "owner": task.owner,
        "milestone": task.milestone,
        "group_key": task.group,
        "calendar": task.calendar,
        "pinned_start": task.pinned_start,
        "priority": task.priority,
        "actual_start": task.progress.actual_start,
        "actual_finish": task.progress.actual_finish,
        "remaining_days": task.progress.remaining_days,
        "kind": task.kind,
        "notes": task.notes,
        "organisation": task.organisation,
    }


def _task(position: int, task: Task, rows: Rows) -> None:
    rows[t.tasks].append(task_row(position, task))
    rows[t.assignments] += [
        {"task": task.id, "resource": a.resource, "position": i, "units": a.units}
        for i, a in enumerate(task.assignments)
    ]
    rows[t.constraints] += [
        {"task": task.id, "position": i, "kind": c.kind.value, "on_date": c.on}
        for i, c in enumerate(task.constraints)
    ]


def _link_row(position: int, link: Link) -> Row:
    return {
        "predecessor": link.predecessor,
        "successor": link.successor,
        "position": position,
        "type": link.type.value,
        "lag_days": link.lag_days,
        "lag_elapsed": link.lag_elapsed,
    }


def _baselines(baselines: Sequence[Baseline], rows: Rows) -> None:
    for i, b in enumerate(baselines):
        rows[t.baselines].append({"position": i, "name": b.name, "taken_on": b.taken_on})
        rows[t.baseline_entries] += [
            {"baseline": i, "task": task, "position": k, "start": e.start, "finish": e.finish}
            for k, (task, e) in enumerate(b.tasks.items())
        ]


def _agreements(agreements: Sequence[ScheduleAgreement], rows: Rows) -> None:
    for i, a in enumerate(agreements):
        rows[t.agreements].append(
            {"position": i, "schedule_version": a.version, "sent_on": a.sent_on, "due_on": a.due_on}
        )
        rows[t.sign_offs] += [
            {
                "agreement": i,
                "position": k,
                "person": s.person,
                "signed_on": s.signed_on,
                "comment": s.comment,
            }
            for k, s in enumerate(a.sign_offs)
        ]


def _briefs(briefs: Sequence[Brief], rows: Rows) -> None:
    for i, b in enumerate(briefs):
        rows[t.briefs].append(
            {"key": b.id, "position": i, "kind": b.kind, "title": b.title, "days_before": b.days_before}
            | {"document": b.document, "issued_on": b.issued_on}
        )
        rows[t.brief_tasks] += [
            {"brief": b.id, "position": k, "task": task} for k, task in enumerate(b.tasks)
        ]
        rows[t.acknowledgements] += [
            {"brief": b.id, "position": k, "person": a.person, "acknowledged_on": a.on}
            for k, a in enumerate(b.acknowledgements)
        ]


def _confirmation_row(position: int, c: Confirmation) -> Row:
    return {
        "key": c.id,
        "position": position,
        "what": c.what,
        "party": c.party,
        "party_kind": c.party_kind,
        "before": c.before,
        "days_before": c.days_before,
        "confirmed_on": c.confirmed_on,
    }


def _notes_round_row(position: int, n: NotesRound) -> Row:
    return {
        "key": n.id,
        "position": position,
        "cut": n.cut,
        "after": n.after,
        "turnaround_days": n.turnaround_days,
        "waiting": n.waiting,
        "received_on": n.received_on,
        "from_person": n.from_person,
    }


# --- rows -> Plan ---------------------------------------------------------------------------


def _by(rows: Iterable[Mapping[str, Any]], column: str) -> dict[Any, list[Mapping[str, Any]]]:
    """Rows grouped by `column`, each group in `position` order."""
    grouped: dict[Any, list[Mapping[str, Any]]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r.get("position", 0)):
        grouped[row[column]].append(row)
    return grouped


def _ordered(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return sorted(rows, key=lambda r: r["position"])


def _date_spans(rows: Iterable[Mapping[str, Any]]) -> tuple[DateSpan, ...]:
    return tuple(DateSpan(r["first_day"], r["last_day"], r["reason"]) for r in rows)


def to_domain(production: Mapping[str, Any], rows: Mapping[sa.Table, Sequence[Mapping[str, Any]]]) -> Plan:
    """The plan held in `production` and the rows of the other tables (any order)."""
    return Plan(
        production=Production(
            title=production["title"],
            format=production["format"],
            episodes=production["episodes"],
            runtime_minutes=production["runtime_minutes"],
            currency=production["currency"],
            country=production["country"],
            region=production["region"],
            start=production["start"],
        ),
        calendars=_calendar_specs(rows),
        resources=_resource_values(rows),
        tasks=_task_values(rows),
        links=tuple(_link(r) for r in _ordered(rows.get(t.links, ()))),
        people=tuple(
            Person(r["key"], r["name"], r["role"], r["email"], r["organisation"])
            for r in _ordered(rows.get(t.people, ()))
        ),
        groups=tuple(Group(r["key"], r["name"], r["parent"]) for r in _ordered(rows.get(t.groups, ()))),
        baselines=_baseline_values(rows),
        project_calendar=production["project_calendar"],
        agreements=_agreement_values(rows),
        briefs=_brief_values(rows),
        confirmations=tuple(_confirmation(r) for r in _ordered(rows.get(t.confirmations, ()))),
        notes_rounds=tuple(_notes_round(r) for r in _ordered(rows.get(t.notes_rounds, ()))),
        escalation=EscalationPolicy(production["warn_float_days"], production["refer_to"]),
        status_date=production["status_date"],
    )


def _calendar_specs(rows: Mapping[sa.Table, Sequence[Mapping[str, Any]]]) -> tuple[CalendarSpec, ...]:
    shutdowns = _by(rows.get(t.shutdowns, ()), "calendar")
    extra: dict[str, set[date]] = defaultdict(set)
    for r in rows.get(t.extra_working_days, ()):
        extra[r["calendar"]].add(r["day"])
    return tuple(
        CalendarSpec(
            id=r["key"],
            name=r["name"],
            working_weekdays=frozenset(int(d) for d in r["working_weekdays"]),
            country=r["country"],
            region=r["region"],
            shutdowns=_date_spans(shutdowns.get(r["key"], ())),
            extra_working_days=frozenset(extra.get(r["key"], ())),
            base=r["base"],
        )
        for r in _ordered(rows.get(t.calendars, ()))
    )


def _resource_values(rows: Mapping[sa.Table, Sequence[Mapping[str, Any]]]) -> tuple[Resource, ...]:
    leave = _by(rows.get(t.leave, ()), "resource")
    return tuple(
        Resource(
            id=r["key"],
            name=r["name"],
            kind=ResourceKind(r["kind"]),
            capacity=r["capacity"],
            calendar=r["calendar"],
            leave=_date_spans(leave.get(r["key"], ())),
            person=r["person"],
            organisation=r["organisation"],
        )
        for r in _ordered(rows.get(t.resources, ()))
    )


def _task_values(rows: Mapping[sa.Table, Sequence[Mapping[str, Any]]]) -> tuple[Task, ...]:
    assignments = _by(rows.get(t.assignments, ()), "task")
    constraints = _by(rows.get(t.constraints, ()), "task")
    return tuple(
        task_value(
            r,
            tuple(Assignment(a["resource"], a["units"]) for a in assignments.get(r["key"], ())),
            tuple(Constraint(ConstraintKind(c["kind"]), c["on_date"]) for c in constraints.get(r["key"], ())),
        )
        for r in _ordered(rows.get(t.tasks, ()))
    )


def task_value(
    r: Mapping[str, Any], assignments: tuple[Assignment, ...], constraints: tuple[Constraint, ...]
) -> Task:
    """The task held in a `tasks` row, with its assignments and constraints."""
    return Task(
        id=r["key"],
        name=r["name"],
        duration_days=r["duration_days"],
        owner=r["owner"],
        milestone=bool(r["milestone"]),
        group=r["group_key"],
        calendar=r["calendar"],
        assignments=assignments,
        constraints=constraints,
        pinned_start=r["pinned_start"],
        priority=r["priority"],
        progress=Progress(r["actual_start"], r["actual_finish"], r["remaining_days"]),
        kind=r["kind"],
        notes=r["notes"],
        organisation=r["organisation"],
    )


def _link(r: Mapping[str, Any]) -> Link:
    return Link(r["predecessor"], r["successor"], LinkType(r["type"]), r["lag_days"], bool(r["lag_elapsed"]))


def _baseline_values(rows: Mapping[sa.Table, Sequence[Mapping[str, Any]]]) -> tuple[Baseline, ...]:
    entries = _by(rows.get(t.baseline_entries, ()), "baseline")
    return tuple(
        Baseline(
            r["name"],
            r["taken_on"],
            {e["task"]: BaselineEntry(e["start"], e["finish"]) for e in entries.get(r["position"], ())},
        )
        for r in _ordered(rows.get(t.baselines, ()))
    )


def _agreement_values(rows: Mapping[sa.Table, Sequence[Mapping[str, Any]]]) -> tuple[ScheduleAgreement, ...]:
    sign_offs = _by(rows.get(t.sign_offs, ()), "agreement")
    return tuple(
        ScheduleAgreement(
            r["schedule_version"],
            r["sent_on"],
            r["due_on"],
            tuple(
                SignOff(s["person"], s["signed_on"], s["comment"]) for s in sign_offs.get(r["position"], ())
            ),
        )
        for r in _ordered(rows.get(t.agreements, ()))
    )


def _brief_values(rows: Mapping[sa.Table, Sequence[Mapping[str, Any]]]) -> tuple[Brief, ...]:
    brief_tasks = _by(rows.get(t.brief_tasks, ()), "brief")
    acks = _by(rows.get(t.acknowledgements, ()), "brief")
    return tuple(
        Brief(
            id=r["key"],
            kind=r["kind"],
            title=r["title"],
            tasks=tuple(x["task"] for x in brief_tasks.get(r["key"], ())),
            days_before=r["days_before"],
            document=r["document"],
            issued_on=r["issued_on"],
            acknowledgements=tuple(
                Acknowledgement(a["person"], a["acknowledged_on"]) for a in acks.get(r["key"], ())
            ),
        )
        for r in _ordered(rows.get(t.briefs, ()))
    )


def _confirmation(r: Mapping[str, Any]) -> Confirmation:
    return Confirmation(
        r["key"], r["what"], r["party"], r["party_kind"], r["before"], r["days_before"], r["confirmed_on"]
    )


def _notes_round(r: Mapping[str, Any]) -> NotesRound:
    return NotesRound(
        r["key"], r["cut"], r["after"], r["turnaround_days"], r["waiting"], r["received_on"], r["from_person"]
    )


# --- text the databases cannot hold ---------------------------------------------------------


def text_problems(plan: Plan, place: str) -> list[Problem]:
    """Text holding a NUL character (PostgreSQL refuses it): refused on every database alike,
    so a production moves between SQLite and PostgreSQL unchanged."""
    return [
        Problem(place, field, "contains a NUL character (\\0)", expected="text without NUL characters")
        for field in _nul_fields(plan, "")
    ]


def _nul_fields(value: object, path: str) -> Iterable[str]:
    if isinstance(value, str):
        if "\x00" in value:
            yield path or "value"
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            yield from _nul_fields(getattr(value, item.name), f"{path}.{item.name}" if path else item.name)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _nul_fields(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nul_fields(key, f"{path}[{key!r}]")
            yield from _nul_fields(item, f"{path}[{key!r}]")
