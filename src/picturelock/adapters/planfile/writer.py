"""Write a `Plan` as a plan file: the same readable YAML the loader reads, keys in a stable order.

Defaults are left out (priority 500, capacity 1, units 1, empty notes) so a written file reads
like a hand-written one. Each link is written under its successor: `after` for a plain
finish-to-start link with no lag, `depends` otherwise. Short maps of plain values are written in
flow style (`{resource: assistant, units: 0.5}`). `write_plan` writes a temporary file and
moves it into place, so a failed write leaves the old file as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from picturelock.adapters.planfile.convert import DEFAULT_CALENDAR
from picturelock.adapters.planfile.emit import FlowMap, FlowSeq, decimal_text, emit, inline
from picturelock.adapters.planfile.schema import FORMAT_VERSION, WEEKDAYS
from picturelock.domain.calendar import DateSpan
from picturelock.domain.plan import (
    Baseline,
    Brief,
    CalendarSpec,
    Confirmation,
    Link,
    LinkType,
    NotesRound,
    Person,
    Plan,
    Resource,
    ScheduleAgreement,
    Task,
)

HEADER = (
    f"# A post plan in Picture Lock's plan-file format (version {FORMAT_VERSION}); see docs/plan-file.md.\n"
    '# Durations and lags are working days (0.5 steps); a lag "3ed" is 3 elapsed days.\n'
    "# Dates are YYYY-MM-DD and inclusive.\n"
)
FLOW_WIDTH = 100  # a map of plain values shorter than this is written on one line


def dump_plan(plan: Plan) -> str:
    """The plan as plan-file text (YAML with a comment header)."""
    return HEADER + emit(_document(plan))


def write_plan(plan: Plan, path: Path) -> None:
    """Write the plan to `path` atomically (a temporary file beside it, then os.replace)."""
    path = Path(path)
    text = dump_plan(plan)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The file's own permissions when it exists, else what a new file gets (0o666 less umask);
    a temporary file is created private (0o600) and would otherwise keep that."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _number(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


ALWAYS = ("id", "name", "person", "resource", "task")  # written even when empty text


def _map(pairs: Iterable[tuple[str, Any]], *, keep: Iterable[str] = ()) -> dict[str, Any]:
    """A map of the pairs with a value: None is left out, and empty text, lists and maps are
    left out unless the key is in `keep` or `ALWAYS`. Short maps of plain values are flow maps."""
    kept = {*keep, *ALWAYS}
    result: dict[str, Any] = {}
    for key, value in pairs:
        empty = value == "" or (isinstance(value, list | dict) and not value)
        if value is not None and (key in kept or not empty):
            result[key] = value
    if all(not isinstance(v, dict | list) for v in result.values()) and len(inline(result)) < FLOW_WIDTH:
        return FlowMap(result)
    return result


def _seq(items: Iterable[Any], *, flow: bool = False) -> list[Any]:
    return FlowSeq(items) if flow else list(items)


def _span(span: DateSpan) -> dict[str, Any]:
    return _map([("first", span.first), ("last", span.last), ("reason", span.reason)])


def _document(plan: Plan) -> dict[str, Any]:
    production = plan.production
    doc: dict[str, Any] = {}
    doc["picturelock"] = FORMAT_VERSION
    doc["production"] = _block(
        _map(
            [
                ("title", production.title),
                ("format", production.format),
                ("episodes", production.episodes),
                ("runtime_minutes", production.runtime_minutes),
                ("currency", production.currency),
                ("country", production.country),
                ("region", production.region),
                ("start", production.start),
            ],
            keep=("title", "format", "currency", "country", "region" if production.region == "" else ""),
        )
    )
    doc["project_calendar"] = plan.project_calendar
    doc["calendars"] = _seq(map(_calendar, plan.calendars))
    sections: list[tuple[str, list[Any]]] = [
        ("people", [_person(p) for p in plan.people]),
        ("resources", [_resource(r) for r in plan.resources]),
        ("groups", [_map([("id", g.id), ("name", g.name), ("parent", g.parent)]) for g in plan.groups]),
        ("tasks", _tasks(plan)),
        ("baselines", [_baseline(b) for b in plan.baselines]),
        ("agreements", [_agreement(a) for a in plan.agreements]),
        ("briefs", [_brief(b) for b in plan.briefs]),
        ("confirmations", [_confirmation(c) for c in plan.confirmations]),
        ("notes_rounds", [_notes_round(n) for n in plan.notes_rounds]),
    ]
    for name, items in sections:
        if items or name == "tasks":
            doc[name] = _seq(items)
    escalation = plan.escalation
    doc["escalation"] = _block(
        _map([("warn_float_days", _number(escalation.warn_float_days)), ("refer_to", escalation.refer_to)])
    )
    if plan.status_date is not None:
        doc["status_date"] = plan.status_date
    return doc


def _person(person: Person) -> dict[str, Any]:
    return _map(
        [
            ("id", person.id),
            ("name", person.name),
            ("role", person.role),
            ("email", person.email),
            ("organisation", person.organisation),
        ]
    )


def _block(mapping: dict[str, Any]) -> dict[str, Any]:
    return dict(mapping)


def _calendar(spec: CalendarSpec) -> dict[str, Any]:
    weekdays = [WEEKDAYS[d] for d in sorted(spec.working_weekdays)]
    default_week = spec.working_weekdays == DEFAULT_CALENDAR.working_weekdays
    return _map(
        [
            ("id", spec.id),
            ("name", spec.name),
            ("working_weekdays", None if default_week else _seq(weekdays, flow=True)),
            ("country", spec.country),
            ("region", spec.region),
            ("base", spec.base),
            ("shutdowns", _seq(map(_span, spec.shutdowns))),
            ("extra_working_days", _seq(sorted(spec.extra_working_days), flow=True)),
        ],
        keep=[key for key, value in (("country", spec.country), ("region", spec.region)) if value == ""]
        + (["working_weekdays"] if not spec.working_weekdays else []),
    )


def _resource(resource: Resource) -> dict[str, Any]:
    return _map(
        [
            ("id", resource.id),
            ("name", resource.name),
            ("kind", resource.kind.value),
            ("capacity", None if resource.capacity == 1 else _number(resource.capacity)),
            ("calendar", resource.calendar),
            ("person", resource.person),
            ("organisation", resource.organisation),
            ("leave", _seq(map(_span, resource.leave))),
        ]
    )


def _tasks(plan: Plan) -> list[dict[str, Any]]:
    incoming: dict[str, list[Link]] = {}
    for link in plan.links:
        incoming.setdefault(link.successor, []).append(link)
    return [_task(task, incoming.get(task.id, [])) for task in plan.tasks]


def _is_plain(link: Link) -> bool:
    return link.type is LinkType.FS and link.lag_days == 0 and not link.lag_elapsed


def _lag(link: Link) -> int | Decimal | str:
    if link.lag_elapsed:
        return f"{decimal_text(link.lag_days)}ed"
    return _number(link.lag_days)


def _task(task: Task, links: list[Link]) -> dict[str, Any]:
    depends = [
        _map([("task", link.predecessor), ("type", link.type.value), ("lag", _lag(link))], keep=("lag",))
        for link in links
        if not _is_plain(link)
    ]
    assign = [
        a.resource if a.units == 1 else _map([("resource", a.resource), ("units", _number(a.units))])
        for a in task.assignments
    ]
    progress = task.progress
    remaining = progress.remaining_days
    has_duration = not (task.milestone and task.duration_days == 0)
    return _block(
        _map(
            [
                ("id", task.id),
                ("name", task.name),
                ("group", task.group),
                ("kind", task.kind),
                ("milestone", True if task.milestone else None),
                ("duration", _number(task.duration_days) if has_duration else None),
                ("owner", task.owner),
                ("organisation", task.organisation),
                ("calendar", task.calendar),
                ("assign", _seq(assign, flow=True)),
                ("after", _seq([link.predecessor for link in links if _is_plain(link)], flow=True)),
                ("depends", _seq(depends)),
                ("constraints", _seq(_map([(c.kind.value, c.on)]) for c in task.constraints)),
                ("pinned_start", task.pinned_start),
                ("priority", None if task.priority == 500 else task.priority),
                (
                    "progress",
                    _map(
                        [
                            ("actual_start", progress.actual_start),
                            ("actual_finish", progress.actual_finish),
                            ("remaining", None if remaining is None else _number(remaining)),
                        ]
                    ),
                ),
                ("notes", task.notes),
            ]
        )
    )


def _baseline(baseline: Baseline) -> dict[str, Any]:
    entries: dict[str, Any] = {}
    for task_id, entry in baseline.tasks.items():
        entries[task_id] = _map([("start", entry.start), ("finish", entry.finish)])
    return _block(_map([("name", baseline.name), ("taken_on", baseline.taken_on), ("tasks", entries)]))


def _agreement(agreement: ScheduleAgreement) -> dict[str, Any]:
    sign_offs = [
        _map([("person", s.person), ("signed_on", s.signed_on), ("comment", s.comment)])
        for s in agreement.sign_offs
    ]
    return _block(
        _map(
            [
                ("version", agreement.version),
                ("sent_on", agreement.sent_on),
                ("due_on", agreement.due_on),
                ("sign_offs", _seq(sign_offs)),
            ],
            keep=("version",),
        )
    )


def _brief(brief: Brief) -> dict[str, Any]:
    acknowledgements = [_map([("person", a.person), ("on", a.on)]) for a in brief.acknowledgements]
    return _block(
        _map(
            [
                ("id", brief.id),
                ("kind", brief.kind),
                ("title", brief.title),
                ("tasks", _seq(brief.tasks, flow=True)),
                ("days_before", brief.days_before),
                ("document", brief.document),
                ("issued_on", brief.issued_on),
                ("acknowledgements", _seq(acknowledgements)),
            ],
            keep=("kind", "title"),
        )
    )


def _confirmation(confirmation: Confirmation) -> dict[str, Any]:
    return _block(
        _map(
            [
                ("id", confirmation.id),
                ("what", confirmation.what),
                ("party", confirmation.party),
                ("party_kind", confirmation.party_kind),
                ("before", confirmation.before),
                ("days_before", confirmation.days_before),
                ("confirmed_on", confirmation.confirmed_on),
            ],
            keep=("what", "party", "party_kind", "before"),
        )
    )


def _notes_round(notes: NotesRound) -> dict[str, Any]:
    return _block(
        _map(
            [
                ("id", notes.id),
                ("cut", notes.cut),
                ("after", notes.after),
                ("turnaround_days", notes.turnaround_days),
                ("waiting", notes.waiting),
                ("received_on", notes.received_on),
                ("from_person", notes.from_person),
            ],
            keep=("cut", "after", "waiting"),
        )
    )
