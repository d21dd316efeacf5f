"""Export a scheduled plan to a file whose suffix picks the format (.xml .ics .csv .xlsx .svg .png)."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from picturelock.adapters.exports import available, writer_for
from picturelock.domain.errors import DomainError
from picturelock.domain.plan import Plan
from picturelock.domain.schedule.result import Schedule
from picturelock.services.scheduling import check_dates

__all__ = ["InapplicableOption", "available", "export", "write_plan_file", "writer_for_check"]


class InapplicableOption(DomainError):
    """An export option given for a format that has no use for it."""


def writer_for_check(path: Path) -> None:
    """Refuse an unknown suffix before any work is done."""
    writer_for(path)


def export(plan: Plan, schedule: Schedule, path: Path, **options: Any) -> Path:
    """Write `plan` and its `schedule` to `path`; the format comes from the suffix.

    Options that are None are ignored; an option the format cannot use is refused by name.
    """
    writer = writer_for(path)
    check_dates(plan, today=options.get("today"))
    given = {name: value for name, value in options.items() if value is not None}
    accepted = inspect.signature(writer).parameters
    unused = sorted(name for name in given if name not in accepted)
    if unused:
        names = ", ".join(f"--{name}" for name in unused)
        raise InapplicableOption(f"{names} does not apply to {path.suffix} files")
    writer(plan, schedule, path, **given)
    return path


def write_plan_file(plan: Plan, path: Path) -> Path:
    """Write a plan in the readable plan-file format (atomic)."""
    from picturelock.adapters.planfile.writer import write_plan

    write_plan(plan, path)
    return path
