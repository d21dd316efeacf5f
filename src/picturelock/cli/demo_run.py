"""`picturelock demo --run DIR`: the main job on the demo production, shown and written out."""

from __future__ import annotations

from pathlib import Path

from picturelock.cli.display import console, schedule_table, summary_line, working
from picturelock.cli.plan_commands import monitoring_document, show_monitoring
from picturelock.services import demo, exports, plans, report, scheduling

REPORTS = ("gantt.svg", "gantt.png", "schedule.xlsx", "schedule.csv", "schedule.ics", "schedule.xml")


def run_demo(folder: Path) -> None:
    """Write the demo files, level the plan, print the critical path and escalations, write reports."""
    written = demo.write_demo(folder, overwrite=True)
    plan_path = next(p for p in written if p.name == "plan.yaml")
    plan = plans.load_plan(plan_path)
    with working("levelling the demo production") as step:
        sched = scheduling.schedule(plan, level=True, on_step=step)
    document = report.schedule_document(plan, sched)
    document.update(monitoring_document(plan, sched, None))
    critical = dict(document, tasks=[t for t in document["tasks"] if t["critical"]])
    console.print(schedule_table(critical, limit=40))
    console.print(summary_line(document))
    show_monitoring(document)
    reports = folder / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    as_of = plan.status_date
    for name in REPORTS:
        options = {"today": as_of} if name.startswith("gantt") else {}
        exports.export(plan, sched, reports / name, **options)
    console.print(f"\nDemo files in {folder}; reports in {reports}: " + ", ".join(REPORTS))
    console.print(f"Try: .venv/bin/picturelock schedule {plan_path} --level")
    console.print(f"     .venv/bin/picturelock export {plan_path} --to out.png")
