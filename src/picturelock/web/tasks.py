"""Tasks of a production: the list (/tasks), one task with its fields and progress (/tasks/ID),
adding and removing tasks. Each edit names the version the page showed; a stale one shows who
changed the task first, keeps their change and shows what you tried."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from picturelock.domain.access import AccessDenied, Capability, Membership, decide
from picturelock.domain.errors import EditConflict, InvalidInput
from picturelock.domain.plan import Task
from picturelock.services import editing, productions
from picturelock.web.forms import FormValues
from picturelock.web.pages import may, page_extra, page_production, render, templates
from picturelock.web.views import MemberView, member_view

router = APIRouter()
ProductionId = Path(ge=1, le=2**31 - 1)
TaskId = Path(min_length=1, max_length=200)
VIEW, EDIT, PROGRESS = Capability.VIEW_SCHEDULE, Capability.EDIT_SCHEDULE, Capability.REPORT_PROGRESS
MAX_DAYS = Decimal(100_000)
FIELD_LABELS = {
    "name": "Name",
    "duration_days": "Duration (working days)",
    "owner": "Owner",
    "milestone": "Milestone",
    "group": "Group",
    "calendar": "Calendar",
    "pinned_start": "Pinned start",
    "priority": "Priority",
    "kind": "Process",
    "notes": "Notes",
    "actual_start": "Actual start",
    "actual_finish": "Actual finish",
    "remaining_days": "Remaining (working days)",
}


def _base(production_id: int) -> str:
    return f"/productions/{production_id}/tasks"


@router.get(
    "/productions/{production_id}/tasks",
    response_class=HTMLResponse,
    openapi_extra=page_extra(VIEW, own_part=True),
)
def task_list(request: Request, production_id: int = ProductionId) -> Response:
    """Every task the member may see, in plan order, with dates, float and progress."""
    _, member = page_production(request, production_id, VIEW, own_part=True)
    view = member_view(request, member)
    editable = may(member, EDIT)
    rows = task_rows(view, member, editable)
    return render(request, "tasks.html", active="tasks", rows=rows, may_edit=editable, problems=[], values={})


def task_rows(view: MemberView, member: Membership, may_edit: bool) -> Markup:
    """The task table's rows, rendered once per version for each role and organisation (a season's
    3,000 rows take a tenth of a second to render) and shared by every request."""

    def rendered() -> Markup:
        names = view.people
        rows = [
            {"task": task, "times": view.tasks[task.id], "owner": names.get(task.owner or "", "")}
            for task in view.plan.tasks
            if task.id in view.task_ids
        ]
        production_id = view.snapshot.production_id
        html = templates.get_template("_task_rows.html").render(
            rows=rows, may_edit=may_edit, production_id=production_id
        )
        return Markup(html)  # rendered by the autoescaping environment: safe as it is

    return view.snapshot.memo(("task rows", member.role, member.organisation, may_edit), rendered)


def _visible_task(request: Request, production_id: int, task_id: str, capability: Capability) -> Any:
    """The member, their view and the task; 404 for a task they may not see (or that is not held)."""
    own_part = capability in (VIEW, PROGRESS)
    caller, member = page_production(request, production_id, capability, own_part=own_part)
    view = member_view(request, member, newest=True)
    if task_id not in view.task_ids:
        raise AccessDenied(decide(None, capability, production=production_id))
    return caller, member, view, view.plan.task(task_id)


def _task_values(task: Task) -> dict[str, Any]:
    return {
        "name": task.name,
        "duration_days": task.duration_days,
        "owner": task.owner or "",
        "milestone": task.milestone,
        "group": task.group or "",
        "calendar": task.calendar or "",
        "pinned_start": task.pinned_start or "",
        "priority": task.priority,
        "kind": task.kind,
        "notes": task.notes,
        "actual_start": task.progress.actual_start or "",
        "actual_finish": task.progress.actual_finish or "",
        "remaining_days": "" if task.progress.remaining_days is None else task.progress.remaining_days,
    }


def _task_page(
    request: Request, view: MemberView, member: Any, task: Task, status: int = 200, **context: Any
) -> Response:
    stamp = view.snapshot.stored.tasks[task.id]
    links = [
        k
        for k in view.plan.links
        if task.id in (k.predecessor, k.successor)
        and k.predecessor in view.task_ids
        and k.successor in view.task_ids
    ]
    tried = {k: v for k, v in (context.pop("tried", None) or {}).items() if k in FIELD_LABELS}
    conflict = context.get("conflict")
    shown = _task_values(task) if conflict is not None else {**_task_values(task), **tried}
    if conflict is None and "name" in tried:  # the task form came back: an unticked box sends nothing
        shown["milestone"] = tried.get("milestone") == "on"
    return render(
        request,
        "task.html",
        status,
        active="tasks",
        task=task,
        times=view.tasks[task.id],
        stamp=stamp,
        values=shown,
        tried=tried if conflict is not None else None,
        labels=FIELD_LABELS,
        links=links,
        plan=view.plan,
        names=view.people,
        may_edit=may(member, EDIT),
        may_progress=may(member, PROGRESS, own_part=True),
        conflict=context.pop("conflict", None),
        problems=context.pop("problems", []),
        saved=context.pop("saved", None),
        **context,
    )


@router.get(
    "/productions/{production_id}/tasks/{task_id}",
    response_class=HTMLResponse,
    openapi_extra=page_extra(VIEW, own_part=True),
)
def task_page(
    request: Request, production_id: int = ProductionId, task_id: str = TaskId, saved: str | None = None
) -> Response:
    """One task: its dates and drivers, its fields and progress (editable where the role allows)."""
    _, member, view, task = _visible_task(request, production_id, task_id, VIEW)
    return _task_page(request, view, member, task, saved=saved)


def _changes(values: FormValues) -> dict[str, Any]:
    """The task fields of the form (TaskChanges of the API: the same names and bounds)."""
    changes = {
        "name": values.text("name", required=True),
        "duration_days": values.decimal("duration_days", low=Decimal(0), high=MAX_DAYS, required=True),
        "owner": values.text("owner", limit=200),
        "milestone": values.flag("milestone"),
        "group": values.text("group", limit=200),
        "calendar": values.text("calendar", limit=200),
        "pinned_start": values.day("pinned_start"),
        "priority": values.integer("priority", low=0, high=1000, required=True),
        "kind": values.text("kind", limit=200) or "",
        "notes": values.text("notes", limit=10_000) or "",
    }
    values.check()
    return changes


async def _edit(
    request: Request, production_id: int, task_id: str, capability: Capability, apply: Any
) -> Response:
    """Read the form, apply the edit; the page again with the conflict or the problems if refused."""
    form = await request.form()
    caller, member, view, task = _visible_task(request, production_id, task_id, capability)
    values = FormValues(form)
    try:
        expected = values.version()
        apply(values, expected, caller.session.login)
    except EditConflict as conflict:
        fresh = member_view(request, member, newest=True)
        return _task_page(
            request, fresh, member, fresh.plan.task(task_id), 409, conflict=conflict, tried=values.raw
        )
    except InvalidInput as error:
        return _task_page(request, view, member, task, 422, problems=error.problems, tried=values.raw)
    return RedirectResponse(f"{_base(production_id)}/{task_id}?saved={capability.value}", status_code=303)


@router.post(
    "/productions/{production_id}/tasks/{task_id}",
    response_class=HTMLResponse,
    openapi_extra=page_extra(EDIT),
)
async def edit_task(request: Request, production_id: int = ProductionId, task_id: str = TaskId) -> Response:
    """Change the task's fields if it is still at the version the page showed."""
    engine = request.app.state.engine

    def apply(values: FormValues, expected: int | None, by: str) -> None:
        changes = _changes(values)
        assert expected is not None
        productions.update_task(production_id, task_id, changes, expected, engine, by=by)

    return await _edit(request, production_id, task_id, EDIT, apply)


@router.post(
    "/productions/{production_id}/tasks/{task_id}/progress",
    response_class=HTMLResponse,
    openapi_extra=page_extra(PROGRESS, own_part=True),
)
async def record_progress(
    request: Request, production_id: int = ProductionId, task_id: str = TaskId
) -> Response:
    """Record actual start, actual finish and remaining days (each replaces the value held)."""
    engine = request.app.state.engine

    def apply(values: FormValues, expected: int | None, by: str) -> None:
        start, finish = values.day("actual_start"), values.day("actual_finish")
        remaining = values.decimal("remaining_days", low=Decimal(0), high=MAX_DAYS)
        values.check()
        assert expected is not None
        editing.record_progress(
            production_id,
            task_id,
            actual_start=start,
            actual_finish=finish,
            remaining_days=remaining,
            expected_version=expected,
            db=engine,
            by=by,
        )

    return await _edit(request, production_id, task_id, PROGRESS, apply)


@router.post(
    "/productions/{production_id}/tasks/{task_id}/remove",
    response_class=HTMLResponse,
    openapi_extra=page_extra(EDIT),
)
async def remove_task(request: Request, production_id: int = ProductionId, task_id: str = TaskId) -> Response:
    """Remove the task with its links (refused while a brief, confirmation or notes round names it)."""
    engine = request.app.state.engine

    def apply(values: FormValues, expected: int | None, by: str) -> None:
        values.check()
        assert expected is not None
        editing.remove_task(production_id, task_id, expected, engine, by=by)

    response = await _edit(request, production_id, task_id, EDIT, apply)
    if response.status_code == 303:
        return RedirectResponse(f"{_base(production_id)}?removed={task_id}", status_code=303)
    return response


@router.post(
    "/productions/{production_id}/tasks", response_class=HTMLResponse, openapi_extra=page_extra(EDIT)
)
async def add_task(request: Request, production_id: int = ProductionId) -> Response:
    """Add a task at the end of the plan (id, name, duration; milestone when 0 days)."""
    form = await request.form()
    caller, member = page_production(request, production_id, EDIT)
    values = FormValues(form)
    try:
        task_id = values.text("id", required=True, limit=200)
        name = values.text("name", required=True)
        days = values.decimal("duration_days", low=Decimal(0), high=MAX_DAYS, required=True)
        values.check()
        assert task_id is not None and name is not None and days is not None
        task = Task(task_id, name, days, milestone=days == 0, group=values.text("group", limit=200))
        editing.add_task(production_id, task, request.app.state.engine, by=caller.session.login)
    except (InvalidInput, EditConflict) as error:
        problems = error.problems if isinstance(error, InvalidInput) else [_conflict_problem(error)]
        view = member_view(request, member)
        rows = task_rows(view, member, True)
        return render(
            request,
            "tasks.html",
            422 if isinstance(error, InvalidInput) else 409,
            active="tasks",
            rows=rows,
            may_edit=True,
            problems=problems,
            values=values.raw,
        )
    return RedirectResponse(f"{_base(production_id)}/{task_id}?saved=added", status_code=303)


def _conflict_problem(conflict: EditConflict) -> Any:
    from picturelock.domain.findings import Problem

    return Problem("form", "id", str(conflict), expected="an id no other task has")
