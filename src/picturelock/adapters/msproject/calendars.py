"""MSPDI calendars read into calendar specs, resource calendars into leave.

A base calendar becomes a `CalendarSpec` (its id a slug of its name). A resource's own calendar
(IsBaseCalendar 0) that keeps its base's week becomes that resource's leave (its non-working
exceptions) on the base calendar; one that changes the week becomes a calendar of its own.
Only daily exceptions are read; recurring ones (weekly, monthly, yearly) are warned about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from picturelock.adapters.msproject.context import ReadContext
from picturelock.adapters.msproject.xmltree import Node
from picturelock.domain.calendar import DateSpan
from picturelock.domain.plan import CalendarSpec

DAY_TYPES = {1: 6, 2: 0, 3: 1, 4: 2, 5: 3, 6: 4, 7: 5}  # MSPDI DayType (1 = Sunday) -> weekday
_MONDAY_TO_FRIDAY = frozenset(range(5))


@dataclass(slots=True)
class _Raw:
    uid: str
    name: str
    node: Node
    is_base: bool
    base_uid: str | None
    own_week: dict[int, bool] = field(default_factory=dict)
    closed: list[DateSpan] = field(default_factory=list)
    extra: set[date] = field(default_factory=set)


@dataclass(slots=True)
class CalendarTable:
    specs: tuple[CalendarSpec, ...]
    by_uid: dict[str, str]  # calendar UID -> calendar id, for those that became specs
    project_calendar: str
    leave_calendars: dict[str, tuple[str | None, tuple[DateSpan, ...]]]  # UID -> (base id, leave)

    def for_resource(self, uid: str | None) -> tuple[str | None, tuple[DateSpan, ...]]:
        """(calendar id or None for the project calendar, leave) of a resource's CalendarUID."""
        if uid in self.leave_calendars:
            base, leave = self.leave_calendars[uid or ""]
            return (None if base == self.project_calendar else base), leave
        calendar = self.by_uid.get(uid or "")
        return (None if calendar == self.project_calendar else calendar), ()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _exception(raw: _Raw, node: Node, ctx: ReadContext, where: str) -> None:
    period = node.child("TimePeriod")
    if period is None:
        ctx.warn(node, where, "an exception without its dates: ignored")
        return
    if (node.text_of("Type") or "1") != "1" or (node.text_of("Period") or "1") != "1":
        ctx.warn(node, where, f"recurring exception {node.text_of('Name') or ''!r} not carried: add its days")
        return
    first = ctx.day(period, "FromDate", where)
    last = ctx.day(period, "ToDate", where, finish=True)
    if first is None or last is None:
        return
    span = DateSpan(first, max(first, last), node.text_of("Name") or "")
    if node.text_of("DayWorking") == "1":
        raw.extra.update(span.days())
    else:
        raw.closed.append(span)


def _raw(node: Node, ctx: ReadContext) -> _Raw | None:
    uid = node.text_of("UID")
    if uid is None:
        ctx.problem(node, "Calendars/Calendar", "a calendar without a UID", "a <UID> element")
        return None
    where = f"Calendars/Calendar[UID={uid}]"
    base_uid = node.text_of("BaseCalendarUID")
    raw = _Raw(uid, node.text_of("Name") or f"Calendar {uid}", node, node.text_of("IsBaseCalendar") != "0",
               None if base_uid in (None, "-1") else base_uid)  # fmt: skip
    modern = bool(_all(node, "Exceptions", "Exception"))
    for day in _all(node, "WeekDays", "WeekDay"):
        day_type = day.text_of("DayType") or ""
        if day_type == "0":  # Project 2003 exceptions: later versions write them twice, both ways
            if not modern:
                _exception(raw, day, ctx, f"{where}/WeekDays")
        elif day_type.isdigit() and int(day_type) in DAY_TYPES:
            raw.own_week[DAY_TYPES[int(day_type)]] = day.text_of("DayWorking") == "1"
    for exception in _all(node, "Exceptions", "Exception"):
        _exception(raw, exception, ctx, f"{where}/Exceptions")
    if node.child("WorkWeeks") is not None and any(True for _ in _all(node, "WorkWeeks", "WorkWeek")):
        ctx.warn(node, f"{where}/WorkWeeks", "alternative work weeks not carried: the default week is used")
    return raw


def _all(node: Node, outer: str, inner: str) -> list[Node]:
    container = node.child(outer)
    return [] if container is None else list(container.all(inner))


def _week(raws: dict[str, _Raw], uid: str, seen: frozenset[str] = frozenset()) -> frozenset[int]:
    raw = raws[uid]
    base = raw.base_uid
    week = set(_week(raws, base, seen | {uid}) if base in raws and base not in seen else _MONDAY_TO_FRIDAY)
    for weekday, working in raw.own_week.items():
        (week.add if working else week.discard)(weekday)
    return frozenset(week)


def _ids(raws: dict[str, _Raw], chosen: list[str]) -> dict[str, str]:
    ids: dict[str, str] = {}
    for uid in chosen:
        wanted = slug(raws[uid].name) or f"calendar-{uid}"
        ids[uid] = wanted if wanted not in ids.values() else f"{wanted}-{uid}"
    return ids


def read_calendars(root: Node, ctx: ReadContext, resource_calendar_uids: set[str]) -> CalendarTable:
    raws = {raw.uid: raw for node in _all(root, "Calendars", "Calendar") if (raw := _raw(node, ctx))}
    leave_only = [
        uid for uid, raw in raws.items()
        if uid in resource_calendar_uids and not raw.is_base and raw.base_uid in raws and not raw.extra
        and _week(raws, uid) == _week(raws, raw.base_uid or "")
    ]  # fmt: skip
    chosen = [uid for uid in raws if uid not in leave_only]
    ids = _ids(raws, chosen)
    specs = [
        CalendarSpec(ids[uid], raws[uid].name, _week(raws, uid), shutdowns=tuple(raws[uid].closed),
                     extra_working_days=frozenset(raws[uid].extra), base=ids.get(raws[uid].base_uid or ""))
        for uid in chosen
    ]  # fmt: skip
    project = ids.get(root.text_of("CalendarUID") or "")
    if project is None:
        if not specs:
            specs.append(CalendarSpec("standard", "Standard"))
        project = specs[0].id
    leave = {uid: (ids.get(raws[uid].base_uid or ""), tuple(raws[uid].closed)) for uid in leave_only}
    return CalendarTable(tuple(specs), ids, project, leave)
