"""Export writers chosen by the file's suffix, as OpenTimelineIO chooses adapters.

Each writer is `write(plan, schedule, path, **options) -> None` in its own module, imported only
when asked for, so a heavy library loads only for its format. Writers build the whole output in
memory (or a temporary file) and move it into place, so a failed export writes nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from picturelock.domain.errors import UnsupportedFormat

# suffix -> (module under picturelock.adapters, function name, what it writes)
WRITERS: dict[str, tuple[str, str, str]] = {
    ".xml": ("msproject", "write_mspdi", "MS Project XML (MSPDI)"),
    ".ics": ("exports.ical", "write_ics", "iCalendar"),
    ".csv": ("exports.tables", "write_csv", "CSV table of the schedule"),
    ".xlsx": ("exports.tables", "write_xlsx", "Excel workbook of the schedule"),
    ".svg": ("exports.gantt_svg", "write_svg", "Gantt chart (SVG)"),
    ".png": ("exports.gantt_png", "write_png", "Gantt chart (PNG)"),
}


def available() -> str:
    return ", ".join(f"{suffix} ({what})" for suffix, (_, _, what) in WRITERS.items())


def writer_for(path: Path) -> Callable[..., Any]:
    """The writer for `path`'s suffix, or an error that lists the formats we write."""
    suffix = path.suffix.lower()
    if suffix not in WRITERS:
        raise UnsupportedFormat(f"cannot export to {path.name!r}: unknown suffix; available: {available()}")
    module, function, _ = WRITERS[suffix]
    return getattr(importlib.import_module(f"picturelock.adapters.{module}"), function)  # type: ignore[no-any-return]
