"""The interactive Gantt page: zoom, critical path, baseline, and drag a bar to move its task.

- GET  /productions/{id}/gantt        the page (any member who may view the schedule)
- GET  /productions/{id}/gantt/chart  the chart alone, for the options in the query
  (zoom=day|week|month, baseline=0|1, critical=0|1), which gantt.js swaps into `#gantt`
- POST /productions/{id}/gantt/move   move a task (form or JSON: task, start, expected_version,
  and the view options): its start-no-earlier-than date becomes `start` (services.editing.move_task),
  the schedule is recomputed and the redrawn chart comes back with a line saying what happened.
  A stale version answers 409, a move the plan refuses 422, a task not held 404: each with the
  message and the chart as it now stands. Only members who may edit the schedule may move.

A request from gantt.js (header X-Gantt-Fragment or HX-Request) gets the chart fragment; a plain
form post gets the whole page.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from picturelock.domain.access import Capability, Membership
from picturelock.domain.errors import EditConflict, InvalidInput, NotFound
from picturelock.domain.findings import Problem
from picturelock.domain.organisations import is_scoped
from picturelock.domain.plan import Plan
from picturelock.domain.schedule.result import Schedule
from picturelock.services import editing, snapshots, visibility
from picturelock.web.gantt_chart import ZOOMS, Chart, ChartView, chart_svg
from picturelock.web.pages import may, page_extra, page_production, render, templates

router = APIRouter()
FRAGMENT_HEADERS = ("X-Gantt-Fragment", "HX-Request")
MOST_VERSION = 2**31 - 1
KEPT_CHARTS = 16  # drawn charts kept per process (a 500-row chart is about 600 KiB)
_drawn: OrderedDict[tuple[Any, ...], Chart] = OrderedDict()
_drawn_lock = threading.Lock()
OWN_PART = page_extra(Capability.VIEW_SCHEDULE, own_part=True)  # vendors and clients: their bars only


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a move did, for `#gantt-status`: moved, conflict, invalid or missing."""

    kind: str
    message: str
    status_code: int = 200


@router.get("/productions/{production_id}/gantt", response_class=HTMLResponse, openapi_extra=OWN_PART)
def gantt_page(request: Request, production_id: int) -> Response:
    """The Gantt page with the chart for the options in the query."""
    _, member = page_production(request, production_id, Capability.VIEW_SCHEDULE, own_part=True)
    view = ChartView.from_values(_listed(request.query_params.multi_items()))
    return _page(request, member, view, None)


@router.get("/productions/{production_id}/gantt/chart", response_class=HTMLResponse, openapi_extra=OWN_PART)
def gantt_chart(request: Request, production_id: int) -> Response:
    """The chart alone (the fragment gantt.js swaps in when the zoom or a toggle changes)."""
    _, member = page_production(request, production_id, Capability.VIEW_SCHEDULE, own_part=True)
    view = ChartView.from_values(_listed(request.query_params.multi_items()))
    return _fragment(request, member, view, None)


@router.post(
    "/productions/{production_id}/gantt/move",
    response_class=HTMLResponse,
    openapi_extra=page_extra(Capability.EDIT_SCHEDULE),
)
async def gantt_move(request: Request, production_id: int) -> Response:
    """Move a task to start no earlier than a day; the redrawn chart with what happened."""
    values = await _posted(request)  # read first: the CSRF check may need the form
    return await run_in_threadpool(_move, request, production_id, values)


def _move(request: Request, production_id: int, values: dict[str, list[str]]) -> Response:
    caller, member = page_production(request, production_id, Capability.EDIT_SCHEDULE)
    view = ChartView.from_values(values)
    db = request.app.state.engine
    before = snapshots.current(production_id, db)
    try:
        task_id, start, version = _move_fields(values)
        editing.move_task(production_id, task_id, start, version, db, by=caller.session.login)
    except EditConflict as conflict:
        outcome = Outcome("conflict", f"Not moved: {conflict}. The chart shows it as it is now.", 409)
    except InvalidInput as invalid:
        outcome = Outcome("invalid", "Not moved: " + _problems(invalid), 422)
    except NotFound as missing:
        outcome = Outcome("missing", f"Not moved: {missing}.", 404)
    else:
        after = snapshots.current(production_id, db)
        outcome = Outcome("moved", moved_message(before.schedule, after.schedule, after.plan, task_id, start))
    if _wants_fragment(request):
        return _fragment(request, member, view, outcome)
    return _page(request, member, view, outcome)


# -- answers --------------------------------------------------------------------------------------
def _chart(request: Request, member: Membership, view: ChartView) -> tuple[Chart, bool]:
    """The chart this member sees now; drawn once per production version, view and kind of reader."""
    engine = request.app.state.engine
    snap = snapshots.current(member.production, engine)
    editable = may(member, Capability.EDIT_SCHEDULE)
    scoped = is_scoped(member)
    today = date.today()
    key = (
        engine,
        member.production,
        snap.version,
        view,
        editable,
        member.organisation if scoped else None,
        today,
    )
    with _drawn_lock:
        found = _drawn.get(key)
        if found is not None:
            _drawn.move_to_end(key)
            return found, editable
    scope = visibility.view_of(snap.plan, member) if scoped else None
    chart = chart_svg(snap, view, editable=editable, scope=scope, today=today)
    with _drawn_lock:
        _drawn[key] = chart
        while len(_drawn) > KEPT_CHARTS:
            _drawn.popitem(last=False)
    return chart, editable


def forget() -> None:
    """Drop every drawn chart (benchmarks timing a first draw)."""
    with _drawn_lock:
        _drawn.clear()


def _page(request: Request, member: Membership, view: ChartView, outcome: Outcome | None) -> Response:
    chart, editable = _chart(request, member, view)
    base = f"/productions/{member.production}/gantt"
    return render(
        request,
        "gantt.html",
        status_code=outcome.status_code if outcome else 200,
        active="gantt",
        chart=chart,
        view=view,
        zooms=list(ZOOMS),
        editable=editable,
        outcome=outcome,
        chart_url=f"{base}/chart",
        move_url=f"{base}/move",
    )


def _fragment(request: Request, member: Membership, view: ChartView, outcome: Outcome | None) -> Response:
    chart, _ = _chart(request, member, view)
    html = templates.get_template("gantt_chart.html").render(chart=chart, outcome=outcome, view=view)
    status = outcome.status_code if outcome else 200
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def _wants_fragment(request: Request) -> bool:
    return any(request.headers.get(name) for name in FRAGMENT_HEADERS)


# -- what was posted ------------------------------------------------------------------------------
async def _posted(request: Request) -> dict[str, list[str]]:
    """The posted values, from JSON or a form (each name to its values, as strings)."""
    if request.headers.get("content-type", "").split(";")[0].strip() == "application/json":
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return {"_body": ["not a JSON object"]}
        return {str(k): [_text(v)] for k, v in body.items() if v is not None}
    form = await request.form()
    listed: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, str):
            listed.setdefault(name, []).append(value)
    return listed


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return value if isinstance(value, str) else json.dumps(value)


def _listed(items: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    listed: dict[str, list[str]] = {}
    for name, value in items:
        listed.setdefault(name, []).append(value)
    return listed


def _move_fields(values: dict[str, list[str]]) -> tuple[str, date, int]:
    """task, start and expected_version, or InvalidInput naming every one that is wrong."""
    problems = []
    task = (values.get("task") or [""])[-1].strip()
    if not task:
        problems.append(Problem("move", "task", "is missing", expected="the id of the task to move"))
    raw_start = (values.get("start") or [""])[-1].strip()
    try:
        start = date.fromisoformat(raw_start)
    except ValueError:
        start = date.min
        problems.append(Problem("move", "start", f"{raw_start!r} is not a date", expected="YYYY-MM-DD"))
    raw_version = (values.get("expected_version") or [""])[-1].strip()
    version = int(raw_version) if raw_version.isdigit() and len(raw_version) < 11 else 0
    if not 1 <= version <= MOST_VERSION:
        problems.append(
            Problem(
                "move", "expected_version", f"{raw_version!r} is not a version", expected="the task's version"
            )
        )
    if problems:
        raise InvalidInput(problems)
    return task, start, version


def _problems(invalid: InvalidInput) -> str:
    parts = []
    for p in invalid.problems:
        field = f"{p.field}: " if p.field else ""
        expected = f" (expected {p.expected})" if p.expected else ""
        parts.append(f"{field}{p.message}{expected}")
    return "; ".join(parts) or str(invalid)


# -- what happened --------------------------------------------------------------------------------
def moved_message(before: Schedule, after: Schedule, plan: Plan, task_id: str, start: date) -> str:
    """One paragraph: where the task now sits, and what that did to the finish and the critical path."""
    names = {task.id: task.name for task in plan.tasks}
    name = names.get(task_id, task_id)
    lines = [f"Moved {name}: starts no earlier than {_day(start)}."]
    if task_id in after.tasks:
        first, last = after.start_date(task_id), after.finish_date(task_id)
        if first > start:
            lines.append(f"It starts {_day(first)}, set by {after.tasks[task_id].start_driver.text}.")
        lines.append(
            f"It now runs {_day(first)} – {_day(last)}." if first != last else f"Now on {_day(last)}."
        )
    old_end, new_end = _finish(before), _finish(after)
    if old_end != new_end and old_end and new_end:
        lines.append(f"Project finish {_day(new_end)} (was {_day(old_end)}).")
    if _critical(before) != _critical(after):
        path = " → ".join(names.get(i, i) for i in after.critical_path) or "none"
        lines.append(f"Critical path changed: {path}.")
    else:
        lines.append("Critical path unchanged.")
    return " ".join(lines)


def _critical(schedule: Schedule) -> set[str]:
    return {i for i, times in schedule.tasks.items() if times.critical}


def _finish(schedule: Schedule) -> date | None:
    return max((schedule.finish_date(i) for i in schedule.tasks), default=None)


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"
