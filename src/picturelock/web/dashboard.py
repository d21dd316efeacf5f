"""A production's dashboard: the finish against the agreed dates, the critical path, escalations,
the next milestones, what slipped since the baseline, a small Gantt of the critical path, and the
panels later parts fill (cost, deliverables, clearances, security)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from picturelock.api.work import export_bytes
from picturelock.domain.access import Capability
from picturelock.domain.plan import ConstraintKind, Plan
from picturelock.domain.schedule.result import Schedule
from picturelock.web.pages import page_extra, page_production, render
from picturelock.web.views import MemberView, member_view

router = APIRouter()
VIEW = Capability.VIEW_SCHEDULE
MILESTONE_WINDOW = timedelta(days=30)
SLIPPED_SHOWN = 20  # the worst slips; a season can have thousands (the task list shows every date)
ProductionId = Path(ge=1, le=2**31 - 1)


def due_dates(view: MemberView) -> list[dict[str, Any]]:
    """The buyers' due dates (finish-no-later-than / must-finish-on) and where the task now lands."""
    rows = []
    for task in view.plan.tasks:
        if task.id not in view.task_ids:
            continue
        for constraint in task.constraints:
            if constraint.kind in (ConstraintKind.FNLT, ConstraintKind.MFO):
                finish = date.fromisoformat(view.tasks[task.id]["finish"])
                rows.append(
                    {
                        "task": task.id,
                        "name": task.name,
                        "due": constraint.on,
                        "finish": finish,
                        "late": finish > constraint.on,
                        "float": view.tasks[task.id]["total_float"],
                    }
                )
    return sorted(rows, key=lambda row: row["due"])


def next_milestones(view: MemberView, as_of: date) -> tuple[list[dict[str, Any]], bool]:
    """Milestones not yet done finishing within 30 days of `as_of`; else the next one (flag False)."""
    milestones = sorted(
        (t for t in view.document.get("forecast", {}).get("tasks", []) if t["milestone"]),
        key=lambda t: t["finish"],
    )
    ahead = [t for t in milestones if date.fromisoformat(t["finish"]) >= as_of]
    soon = [t for t in ahead if date.fromisoformat(t["finish"]) <= as_of + MILESTONE_WINDOW]
    return (soon, True) if soon else (ahead[:1], False)


def slipped(view: MemberView) -> list[dict[str, Any]]:
    """Tasks finishing later than in the baseline, worst first."""
    late = [t for t in view.document.get("forecast", {}).get("tasks", []) if (t["finish_slip_days"] or 0) > 0]
    return sorted(late, key=lambda t: -t["finish_slip_days"])


def critical_path(view: MemberView) -> list[dict[str, Any]]:
    names = view.people
    path = [view.tasks[tid] for tid in view.document.get("critical_path", []) if tid in view.tasks]
    return [{**task, "owner_name": names.get(task["owner"] or "", task["owner"])} for task in path]


@router.get(
    "/productions/{production_id}", response_class=HTMLResponse, openapi_extra=page_extra(VIEW, own_part=True)
)
def dashboard(request: Request, production_id: int = ProductionId) -> Response:
    """The dashboard of one production."""
    _, member = page_production(request, production_id, VIEW, own_part=True)
    view = member_view(request, member)
    key = ("dashboard panels", member.role, member.organisation)
    return render(
        request, "dashboard.html", active="dashboard", **view.snapshot.memo(key, lambda: panels(view))
    )


def panels(view: MemberView) -> dict[str, Any]:
    """What the dashboard shows of one version, for one role and organisation (made once, shared)."""
    as_of = date.fromisoformat(view.document.get("monitoring_as_of") or view.document["start"])
    milestones, within = next_milestones(view, as_of)
    late = slipped(view)
    return {
        "doc": view.document,
        "forecast": view.document.get("forecast", {}),
        "as_of": as_of,
        "due_dates": due_dates(view),
        "path": critical_path(view),
        "escalations": view.document.get("escalations", []),
        "milestones": milestones,
        "milestones_within": within,
        "slipped": late[:SLIPPED_SHOWN],
        "slipped_more": len(late) - len(late[:SLIPPED_SHOWN]),
        "show_chart": bool(view.document.get("critical_path")),
    }


def critical_chart(plan: Plan, schedule: Schedule, task_ids: list[str]) -> bytes:
    """An SVG Gantt of the critical path alone (the export's drawing, fewer rows)."""
    keep = set(task_ids)
    groups = {t.group for t in plan.tasks if t.id in keep}
    small_plan = replace(
        plan,
        tasks=tuple(t for t in plan.tasks if t.id in keep),
        links=tuple(k for k in plan.links if k.predecessor in keep and k.successor in keep),
        groups=tuple(g for g in plan.groups if g.id in groups),
        baselines=(),
    )
    small = replace(schedule, tasks={tid: times for tid, times in schedule.tasks.items() if tid in keep})
    return export_bytes(small_plan, small, ".svg", {})


@router.get("/productions/{production_id}/critical-path.svg", openapi_extra=page_extra(VIEW, own_part=True))
def critical_path_svg(request: Request, production_id: int = ProductionId) -> Response:
    """The small Gantt image of the critical path shown on the dashboard."""
    _, member = page_production(request, production_id, VIEW, own_part=True)
    view = member_view(request, member)
    path = [tid for tid in view.document.get("critical_path", []) if tid in view.task_ids]
    if not path:
        return Response(status_code=204)
    key = ("critical path svg", member.role, member.organisation)
    svg = view.snapshot.memo(key, lambda: critical_chart(view.plan, view.snapshot.schedule, path))
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "private, no-store"})
