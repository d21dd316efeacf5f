"""The API's use of the services: load a held production, schedule it, write exports to bytes.

Files the API writes on the way (uploads, exports) live in a private temporary folder that is
removed whatever happens, so a failed request leaves nothing behind.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from picturelock.domain.errors import InvalidInput
from picturelock.domain.plan import Plan
from picturelock.domain.schedule.result import Schedule
from picturelock.services import exports, productions, report, scheduling
from picturelock.services.monitoring import monitor

MAX_TIME_LIMIT = 30.0


@contextmanager
def scratch() -> Iterator[Path]:
    """A private temporary folder, removed on the way out (success or failure)."""
    folder = Path(tempfile.mkdtemp(prefix="picturelock-api-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def renamed(error: InvalidInput, temp: Path, name: str) -> InvalidInput:
    """The same problems with the temporary file's path replaced by the name the client sent."""
    where = str(temp)
    return InvalidInput(
        [
            replace(p, place=name if p.place == temp.name else p.place.replace(where, name))
            for p in error.problems
        ]
    )


def held_plan(production_id: int, db: Any) -> Plan:
    return productions.get_production(production_id, db).plan


def check_dates(plan: Plan, **dates: date | None) -> None:
    """Refuse (422) dates so far from the plan that no schedule could mean them."""
    scheduling.check_dates(plan, place="query", **dates)


def scheduled(plan: Plan, *, level: bool, optimise: bool, as_of: date | None, time_limit: float) -> Schedule:
    check_dates(plan, as_of=as_of)
    return scheduling.schedule(
        plan, level=level, optimise=optimise, as_of=as_of, time_limit=min(time_limit, MAX_TIME_LIMIT)
    )


def schedule_json(plan: Plan, schedule: Schedule, as_of: date | None) -> dict[str, Any]:
    """What `picturelock schedule --json` prints: the schedule document and the monitoring."""
    document = report.schedule_document(plan, schedule)
    document.update(monitor(plan, schedule, as_of=as_of or plan.status_date).to_json())
    return document


def json_bytes(document: Any) -> bytes:
    """`document` as the JSON FastAPI would answer (compact UTF-8), for answers encoded once and kept."""
    return json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def export_bytes(plan: Plan, schedule: Schedule, suffix: str, options: dict[str, Any]) -> bytes:
    with scratch() as folder:
        target = folder / f"export{suffix}"
        exports.export(plan, schedule, target, **options)
        return target.read_bytes()


def plan_file_bytes(plan: Plan) -> bytes:
    with scratch() as folder:
        target = folder / "plan.yaml"
        exports.write_plan_file(plan, target)
        return target.read_bytes()
