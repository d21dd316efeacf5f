"""The schedule as a table: CSV for anything, an Excel workbook for people.

One row per task (see `rows.py` for the columns). The workbook has real date cells, a frozen
header with filters, critical rows highlighted, fitted column widths and a second sheet listing
the resources with their bookings.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from picturelock.adapters.exports._atomic import write_atomic, write_bytes_atomic
from picturelock.adapters.exports.rows import ScheduleTable, schedule_table, units_text
from picturelock.domain.calendar import DateSpan
from picturelock.domain.plan import Assignment, Plan, Task
from picturelock.domain.schedule.result import Schedule

CRITICAL_FILL = "FDE2E1"  # a light red behind critical tasks
HEADER_FILL = "1F3B57"
MAX_WIDTH = 48


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_text(table: ScheduleTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_cell_text(v) for v in table.values(row)])
    return out.getvalue()


def write_csv(plan: Plan, schedule: Schedule, path: Path, *, baseline: str | None = None, **_: Any) -> None:
    """One row per task with a header row; written whole or not at all.

    UTF-8 with a byte-order mark, so that Excel (the usual reader) shows accented names and the
    "×" of units correctly; Python's "utf-8-sig" and most tools read it transparently."""
    text = csv_text(schedule_table(plan, schedule, baseline))
    write_bytes_atomic(Path(path), text.encode("utf-8-sig"))


def _fit_widths(sheet: Any, rows: list[list[object]]) -> None:
    from openpyxl.utils import get_column_letter

    for index in range(len(rows[0])):
        longest = max(len(_cell_text(r[index])) for r in rows)
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(MAX_WIDTH, max(8, longest + 2))


def _header(sheet: Any, headers: tuple[str, ...] | list[object]) -> None:
    from openpyxl.styles import Font, PatternFill

    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    sheet.freeze_panes = "C2"  # header and the id/name columns stay in view


def _schedule_sheet(sheet: Any, table: ScheduleTable) -> None:
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    sheet.title = "Schedule"
    _header(sheet, table.headers)
    fill = PatternFill("solid", fgColor=CRITICAL_FILL)
    values = [table.values(row) for row in table.rows]
    for number, (row, cells) in enumerate(zip(table.rows, values, strict=True), start=2):
        for column, value in enumerate(cells, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            if row.times.critical:
                cell.fill = fill
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.headers))}{len(values) + 1}"
    _fit_widths(sheet, [list(table.headers), *values])


def _span_text(span: DateSpan) -> str:
    text = f"{span.first.isoformat()} to {span.last.isoformat()}"
    return f"{text} ({span.reason})" if span.reason else text


def _resource_sheet(sheet: Any, plan: Plan, schedule: Schedule) -> None:
    headers: list[object] = ["id", "name", "kind", "capacity", "calendar", "leave", "tasks", "booked (days)"]
    _header(sheet, headers)
    rows: list[list[object]] = []
    bookings: dict[str, list[tuple[Task, Assignment]]] = {}
    for task in plan.tasks:
        for assignment in task.assignments:
            bookings.setdefault(assignment.resource, []).append((task, assignment))
    for resource in plan.resources:
        booked = bookings.get(resource.id, [])
        rows.append([
            resource.id, resource.name, resource.kind.value, float(resource.capacity),
            resource.calendar or plan.project_calendar,
            "; ".join(_span_text(s) for s in resource.leave),
            "; ".join(t.name + units_text(a.units) for t, a in booked if t.id in schedule.tasks),
            float(sum(t.duration_days * a.units for t, a in booked)),
        ])  # fmt: skip
    for cells in rows:
        sheet.append(cells)
    sheet.auto_filter.ref = sheet.dimensions
    _fit_widths(sheet, [headers, *rows])


def write_xlsx(plan: Plan, schedule: Schedule, path: Path, *, baseline: str | None = None, **_: Any) -> None:
    """An Excel workbook: "Schedule" (one row per task) and "Resources"."""
    from openpyxl import Workbook

    table = schedule_table(plan, schedule, baseline)
    book = Workbook()
    _schedule_sheet(book.active, table)
    _resource_sheet(book.create_sheet("Resources"), plan, schedule)
    book.properties.title = f"{plan.production.title}: schedule"
    book.properties.creator = "Picture Lock"
    write_atomic(Path(path), lambda temp: book.save(temp))
