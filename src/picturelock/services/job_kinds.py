"""The kinds of job Picture Lock runs in the background (more register themselves elsewhere).

- "schedule": the production's schedule levelled with the heuristic, or with the CP-SAT optimiser
  within a time limit; the result is what `picturelock schedule --json` prints (the schedule
  document and the monitoring), with the production version it was computed on.
- "report": an export of the schedule (xml, ics, csv, xlsx, svg, png) rendered to bytes, kept
  as the job's output for download; the result names the file.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from picturelock.domain.errors import InvalidInput
from picturelock.domain.findings import Problem
from picturelock.domain.plan import Plan
from picturelock.domain.schedule.result import Schedule
from picturelock.services import exports, productions, report, scheduling
from picturelock.services.jobs import JobKind, Outcome, register
from picturelock.services.monitoring import monitor

MAX_TIME_LIMIT = 600.0  # seconds the optimiser may take in a job (a request allows 30)
MEDIA_TYPES = {
    "xml": "application/xml",
    "ics": "text/calendar",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "svg": "image/svg+xml",
    "png": "image/png",
}
SCHEDULE_OPTIONS = ("level", "optimise", "time_limit", "as_of")
REPORT_OPTIONS = ("format", *SCHEDULE_OPTIONS, "person", "resource", "today", "baseline")


class _Options:
    """Reads submitted options, collecting a Problem for each wrong one."""

    def __init__(self, given: Mapping[str, Any], known: tuple[str, ...]) -> None:
        self.given = given
        self.problems = [
            Problem("options", name, "is not an option of this kind of job", expected=", ".join(known))
            for name in given
            if name not in known
        ]

    def flag(self, name: str, default: bool) -> bool:
        value = self.given.get(name, default)
        if isinstance(value, str) and value.lower() in ("true", "false", "on", "off", "1", "0"):
            return value.lower() in ("true", "on", "1")
        if not isinstance(value, bool):
            self.problems.append(Problem("options", name, f"is {value!r}", expected="true or false"))
            return default
        return value

    def seconds(self, name: str, default: float) -> float:
        value = self.given.get(name, default)
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = -1.0
        if isinstance(value, bool) or not 0 < number <= MAX_TIME_LIMIT:
            expected = f"seconds, more than 0 and at most {MAX_TIME_LIMIT:g}"
            self.problems.append(Problem("options", name, f"is {value!r}", expected=expected))
            return default
        return number

    def day(self, name: str) -> str | None:
        value = self.given.get(name)
        if value is None or value == "":
            return None
        try:
            return date.fromisoformat(str(value)).isoformat()
        except ValueError:
            self.problems.append(Problem("options", name, f"is {value!r}", expected="a date YYYY-MM-DD"))
            return None

    def text(self, name: str) -> str | None:
        value = self.given.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str) or len(value) > 200:
            self.problems.append(Problem("options", name, f"is {value!r}", expected="a name"))
            return None
        return value

    def choice(self, name: str, allowed: tuple[str, ...]) -> str:
        value = self.given.get(name)
        if value not in allowed:
            expected = "one of " + ", ".join(allowed)
            self.problems.append(Problem("options", name, f"is {value!r}", expected=expected))
            return allowed[0]
        return str(value)

    def checked(self, options: dict[str, Any]) -> dict[str, Any]:
        if self.problems:
            raise InvalidInput(self.problems)
        return options


def _schedule_options(read: _Options) -> dict[str, Any]:
    optimise = read.flag("optimise", False)
    return {
        "level": read.flag("level", True) or optimise,
        "optimise": optimise,
        "time_limit": read.seconds("time_limit", 10.0),
        "as_of": read.day("as_of"),
    }


def check_schedule(given: Mapping[str, Any]) -> dict[str, Any]:
    read = _Options(given, SCHEDULE_OPTIONS)
    return read.checked(_schedule_options(read))


def check_report(given: Mapping[str, Any]) -> dict[str, Any]:
    read = _Options(given, REPORT_OPTIONS)
    options = {"format": read.choice("format", tuple(MEDIA_TYPES)), **_schedule_options(read)}
    options.update(person=read.text("person"), resource=read.text("resource"), baseline=read.text("baseline"))
    options["today"] = read.day("today")
    if "level" not in given and "optimise" not in given:
        options["level"] = False  # a report shows the plan as scheduled unless asked to level it
    return read.checked(options)


def _as_of(options: Mapping[str, Any]) -> date | None:
    return date.fromisoformat(options["as_of"]) if options.get("as_of") else None


def _scheduled(work: Any, plan: Plan, start: float, end: float) -> Schedule:
    """The plan scheduled as the options ask, the bar moving from `start` to `end` on the way."""
    options = work.options
    span = end - start

    def step(message: str) -> None:
        if message.startswith("optimising"):
            work.progress(start + 0.3 * span, message, until=end, over=options["time_limit"])
        else:
            work.progress(start + (0.1 if message == "levelling" else 0.02) * span, message)

    return scheduling.schedule(
        plan,
        level=options["level"],
        optimise=options["optimise"],
        as_of=_as_of(options),
        time_limit=options["time_limit"],
        on_step=step,
    )


def run_schedule(work: Any) -> Outcome:
    work.progress(0.01, "reading the plan")
    stored = productions.get_production(work.production_id, work.engine)
    schedule = _scheduled(work, stored.plan, 0.02, 0.9)
    work.progress(0.92, "writing the result")
    document = report.schedule_document(stored.plan, schedule)
    as_of = _as_of(work.options) or stored.plan.status_date
    document.update(monitor(stored.plan, schedule, as_of=as_of).to_json())
    document["production_version"] = stored.version
    return Outcome(document)


def run_report(work: Any) -> Outcome:
    options = work.options
    suffix = options["format"]
    work.progress(0.01, "reading the plan")
    stored = productions.get_production(work.production_id, work.engine)
    schedule = _scheduled(work, stored.plan, 0.02, 0.6)
    work.progress(0.65, f"rendering {suffix}")
    given = {name: options.get(name) for name in ("person", "resource", "baseline")}
    given["today"] = date.fromisoformat(options["today"]) if options.get("today") else None
    folder = Path(tempfile.mkdtemp(prefix="picturelock-job-"))
    try:
        target = folder / f"production-{work.production_id}.{suffix}"
        exports.export(stored.plan, schedule, target, **given)
        data = target.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    work.progress(0.95, "keeping the file")
    result = {"format": suffix, "bytes": len(data), "production_version": stored.version}
    return Outcome(result, data, target.name, MEDIA_TYPES[suffix])


SCHEDULE = register(JobKind("schedule", "Level the schedule", check_schedule, run_schedule))
REPORT = register(JobKind("report", "Render a report", check_report, run_report))
