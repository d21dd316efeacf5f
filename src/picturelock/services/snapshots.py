"""A held production as it stands now: plan, versions, schedule and monitoring, computed once per version.

Every page and route that shows a production's schedule reads it through `current(...)`. The
production's version changes on every edit, so a result computed for one version stays true until
the next edit: it is kept (a few per process) and handed out again while the version still matches.
Levelled and optimised schedules are not kept here: they run as jobs.

    snap = current(production_id, engine)
    snap.schedule.critical_path, snap.document["escalations"]
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

from picturelock.adapters.db.repository import StoredProduction
from picturelock.domain.plan import Plan
from picturelock.domain.schedule.result import Schedule
from picturelock.services import productions, report, scheduling
from picturelock.services.monitoring import monitor

KEPT = 32  # snapshots kept per process (a season is a few MB each)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One version of a production with its unlevelled schedule and what `schedule --json` prints."""

    production_id: int
    stored: StoredProduction
    schedule: Schedule
    as_of: date | None

    @property
    def plan(self) -> Plan:
        return self.stored.plan

    @property
    def version(self) -> int:
        return self.stored.version

    def document(self) -> dict[str, Any]:
        """The schedule document and the monitoring (a fresh dict: callers may change it)."""
        return _document(self)


_kept: OrderedDict[tuple[Any, ...], Snapshot] = OrderedDict()
_documents: dict[int, dict[str, Any]] = {}
_lock = threading.Lock()


def current(production_id: int, db: productions.Database, *, as_of: date | None = None) -> Snapshot:
    """The production now; raises NotFound for a production that does not exist."""
    version = productions.production_version(production_id, db)
    key = (_database_key(db), production_id, version, as_of)
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    stored = productions.get_production(production_id, db)
    if as_of is not None:
        scheduling.check_dates(stored.plan, place="query", as_of=as_of)
    schedule = scheduling.schedule(stored.plan, as_of=as_of)
    snap = Snapshot(production_id, stored, schedule, as_of)
    with _lock:
        _kept[(_database_key(db), production_id, stored.version, as_of)] = snap
        while len(_kept) > KEPT:
            _, dropped = _kept.popitem(last=False)
            _documents.pop(id(dropped), None)
    return snap


def forget() -> None:
    """Drop every kept snapshot (tests that rebuild a database under the same URL)."""
    with _lock:
        _kept.clear()
        _documents.clear()


def _document(snap: Snapshot) -> dict[str, Any]:
    import copy

    with _lock:
        cached = _documents.get(id(snap))
    if cached is None:
        cached = report.schedule_document(snap.plan, snap.schedule)
        cached.update(monitor(snap.plan, snap.schedule, as_of=snap.as_of or snap.plan.status_date).to_json())
        with _lock:
            if any(kept is snap for kept in _kept.values()):
                _documents[id(snap)] = cached
    return copy.deepcopy(cached)


def _database_key(db: productions.Database) -> Any:
    return db if not isinstance(db, str | bytes) else str(db)
