"""`picturelock schedule` and `picturelock export`: the plan's dates, and files for every audience."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from picturelock.cli.display import console, schedule_table, summary_line, working
from picturelock.cli.main import cli, reports_problems
from picturelock.cli.options import ISO_DATE
from picturelock.domain.plan import Plan
from picturelock.domain.schedule.result import Schedule
from picturelock.services import exports, plans, report, scheduling

PLAN_ARGUMENT = click.argument("plan", type=click.Path(path_type=Path, dir_okay=False))


def scheduling_options(command: Any) -> Any:
    command = click.option("--as-of", type=ISO_DATE, help="Status date for progress (default: the plan's).")(
        command
    )
    command = click.option(
        "--time-limit", type=float, default=10.0, show_default=True, help="Seconds the optimiser may take."
    )(command)
    command = click.option(
        "--optimise", is_flag=True, help="Level with the CP-SAT optimiser (implies --level)."
    )(command)
    return click.option("--level", is_flag=True, help="Level resources (heuristic).")(command)


def compute(
    plan_path: Path, *, level: bool, optimise: bool, as_of: date | None, time_limit: float, quiet: bool
) -> tuple[Plan, Schedule]:
    """Load and schedule, with a progress bar on stderr for the long parts."""
    plan, warnings = plans.read_plan(plan_path)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if quiet or not sys.stderr.isatty():
        return plan, scheduling.schedule(
            plan, level=level, optimise=optimise, as_of=as_of, time_limit=time_limit
        )
    with working("scheduling", seconds=time_limit if optimise else None) as step:
        sched = scheduling.schedule(
            plan, level=level, optimise=optimise, as_of=as_of, time_limit=time_limit, on_step=step
        )
    return plan, sched


def monitoring_document(plan: Plan, sched: Schedule, as_of: date | None) -> dict[str, Any]:
    from picturelock.services.monitoring import monitor

    return monitor(plan, sched, as_of=as_of or plan.status_date).to_json()


@cli.command("schedule")
@PLAN_ARGUMENT
@scheduling_options
@click.option("--json", "as_json", is_flag=True, help="Print the schedule as JSON.")
@click.option("--all", "show_all", is_flag=True, help="Show every task, not only the first 60.")
@reports_problems
def schedule_command(
    plan: Path,
    level: bool,
    optimise: bool,
    as_of: date | None,
    time_limit: float,
    as_json: bool,
    show_all: bool,
) -> None:
    """Early and late dates, float and the critical path of PLAN (a plan file or MS Project XML)."""
    loaded, sched = compute(
        plan, level=level, optimise=optimise, as_of=as_of, time_limit=time_limit, quiet=as_json
    )
    document = report.schedule_document(loaded, sched)
    document.update(monitoring_document(loaded, sched, as_of))
    if as_json:
        click.echo(json.dumps(document, indent=2))
        return
    console.print(schedule_table(document, limit=None if show_all else 60))
    if not show_all and len(document["tasks"]) > 60:
        console.print(f"... {len(document['tasks']) - 60} more tasks (--all shows them)")
    console.print(summary_line(document))
    show_monitoring(document)


def show_monitoring(document: dict[str, Any]) -> None:
    escalations = document.get("escalations", [])
    if not escalations:
        console.print("[green]No escalations.[/]")
    for item in escalations:
        colour = "red" if item.get("severity") == "critical" else "yellow"
        console.print(f"[{colour}]{item.get('severity', '').upper()}[/] {item.get('message', '')}")


@cli.command("export")
@PLAN_ARGUMENT
@click.option(
    "--to",
    "target",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Output file; its suffix picks the format.",
)
@scheduling_options
@click.option("--person", help="iCalendar: only this person's tasks (a person id).")
@click.option("--resource", help="iCalendar: only this resource's bookings (a resource id).")
@click.option("--today", type=ISO_DATE, help="Gantt: draw the today line on this date.")
@click.option("--baseline", help="Gantt, CSV, XLSX: the baseline to compare with (default: the first).")
@reports_problems
def export_command(
    plan: Path,
    target: Path,
    level: bool,
    optimise: bool,
    as_of: date | None,
    time_limit: float,
    person: str | None,
    resource: str | None,
    today: date | None,
    baseline: str | None,
) -> None:
    """Write PLAN's schedule to a file: .xml (MS Project), .ics, .csv, .xlsx, .svg or .png (Gantt)."""
    exports.writer_for_check(target)
    loaded, sched = compute(
        plan, level=level, optimise=optimise, as_of=as_of, time_limit=time_limit, quiet=False
    )
    options: dict[str, Any] = {"person": person, "resource": resource, "today": today, "baseline": baseline}
    exports.export(loaded, sched, target, **options)
    click.echo(f"wrote {target}")
