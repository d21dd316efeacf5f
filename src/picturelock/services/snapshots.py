"""A held production as it stands now: plan, versions, schedule and monitoring, computed once per version.

Every page and route that shows a production's schedule reads it through `current(...)`. The
production's version changes on every edit, so a result computed for one version stays true until
the next edit: it is kept (the newest version of each production, a few productions per process)
and handed out again while the version still matches. Asking costs one small read (the version).
Levelled and optimised schedules are not kept here: they run as jobs.

    snap = current(production_id, engine)
    snap.schedule.critical_path, snap.shared_document()["escalations"]
    snap.document_json()                       # the document as JSON bytes, encoded once
    snap.memo(("my page", role), lambda: ...)  # anything derived from this version, made once

Safe under concurrency: when many requests ask for a version nobody has computed yet, one of them
computes it and the others wait for that result (never a pile of identical computations after an
edit); the same holds for each `memo` key. Pages and routes name the `viewer`: after someone else's
edit they are handed the version before while the new one is computed in the background (it was
the newest a moment ago), so an edit does not stall everyone looking at the production; their own
edits they see at once. The cache is per process: with several server workers, each computes a
version once.
"""

from __future__ import annotations

import json
import logging
import marshal
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from picturelock.adapters.db.repository import Stamp, StoredProduction
from picturelock.domain.plan import Plan
from picturelock.domain.schedule.cpm import critical_path
from picturelock.domain.schedule.network import Network
from picturelock.domain.schedule.result import Schedule
from picturelock.services import productions, report, scheduling
from picturelock.services.monitoring import monitor

STALE_SECONDS = 10.0  # a version older than the newest is handed out only if it was the newest this recently
KEPT = 8  # productions (with their status dates) kept per process: a season's snapshot is tens of MB
T = TypeVar("T")


class _Turn:
    """A lock one key's makers queue on (weakly held: it goes when nobody is waiting)."""

    __slots__ = ("__weakref__", "lock")

    def __init__(self) -> None:
        self.lock = threading.Lock()


class _OnceEach:
    """One maker at a time per key: the others wait on the same lock, then find what it made."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._turns: weakref.WeakValueDictionary[Hashable, _Turn] = weakref.WeakValueDictionary()

    def turn(self, key: Hashable) -> _Turn:
        with self._guard:
            found = self._turns.get(key)
            if found is None:
                found = self._turns[key] = _Turn()
            return found


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One version of a production with its unlevelled schedule and what `schedule --json` prints."""

    production_id: int
    stored: StoredProduction
    schedule: Schedule
    as_of: date | None
    network: Network | None = field(default=None, repr=False, compare=False)  # the schedule's, reused
    _memo: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)
    _once: _OnceEach = field(default_factory=_OnceEach, repr=False, compare=False)

    @property
    def plan(self) -> Plan:
        return self.stored.plan

    @property
    def version(self) -> int:
        return self.stored.version

    def memo(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, computed once for this version and kept with it. What it gives back is shared by
        every caller: treat it as read-only."""
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        turn = self._once.turn(key)
        with turn.lock:
            if key not in self._memo:
                self._memo[key] = make()
        return self._memo[key]  # type: ignore[no-any-return]

    def shared_document(self) -> dict[str, Any]:
        """The schedule document and the monitoring, shared by every caller: do not change it."""
        return self.memo("document", self._build_document)

    def document(self) -> dict[str, Any]:
        """The schedule document and the monitoring (a fresh dict: callers may change it)."""
        packed = self.memo("document marshal", lambda: marshal.dumps(self.shared_document()))
        fresh: dict[str, Any] = marshal.loads(packed)
        return fresh

    def document_json(self) -> bytes:
        """The document as UTF-8 JSON (what GET .../schedule answers), encoded once per version."""
        return self.memo("document json", lambda: json.dumps(self.shared_document()).encode())

    def _build_document(self) -> dict[str, Any]:
        document = report.schedule_document(self.plan, self.schedule)
        as_of = self.as_of or self.plan.status_date
        document.update(monitor(self.plan, self.schedule, as_of=as_of, network=self.network).to_json())
        return document


_kept: OrderedDict[tuple[Any, ...], Snapshot] = OrderedDict()  # (database, production, as_of): newest
_newest_at: dict[tuple[Any, ...], float] = {}  # when each kept snapshot was last found to be the newest
_lock = threading.Lock()
_building = _OnceEach()
_log = logging.getLogger(__name__)


def current(
    production_id: int, db: productions.Database, *, as_of: date | None = None, viewer: str | None = None
) -> Snapshot:
    """The production now; raises NotFound for a production that does not exist.

    `viewer` (the login asking, for pages and routes): while a newer version that someone else
    made is being computed, they are given the version before it rather than wait (it is at most
    one computation old, as if they had asked a moment earlier); a change they made themselves
    they always see. Without `viewer`, the answer is always the newest version."""
    stamp = productions.production_stamp(production_id, db)
    place = (_database_key(db), production_id, as_of)
    found = _kept_at(place, stamp)
    if found is not None:
        return found
    turn = _building.turn(place)
    if viewer is not None and stamp.updated_by != viewer:
        previous = _previous(place)
        if previous is not None and not turn.lock.locked():
            _in_background(place, stamp, production_id, db, as_of, turn)
        if previous is not None:
            return previous
    return _newest(place, stamp, production_id, db, as_of, turn)


def _newest(
    place: tuple[Any, ...],
    stamp: Stamp,
    production_id: int,
    db: productions.Database,
    as_of: date | None,
    turn: _Turn,
) -> Snapshot:
    with turn.lock:
        found = _kept_at(place, stamp)  # made while this request waited for another's
        if found is None:
            found = _made(production_id, db, as_of)
            _keep(place, found)
    return found


def _in_background(
    place: tuple[Any, ...],
    stamp: Stamp,
    production_id: int,
    db: productions.Database,
    as_of: date | None,
    turn: _Turn,
) -> None:
    """Compute the version stamped (or newer) in a thread of its own: no request waits for it, and a request
    that must wait queues on the same `turn`."""

    def work() -> None:
        try:
            _newest(place, stamp, production_id, db, as_of, turn)
        except Exception:  # the next request that waits computes it again and reports the problem
            _log.exception("computing production %s in the background failed", production_id)

    threading.Thread(target=work, name=f"snapshot {production_id}", daemon=True).start()


def _previous(place: tuple[Any, ...]) -> Snapshot | None:
    """The version kept before the newest, if it was the newest a moment ago."""
    with _lock:
        if time.monotonic() - _newest_at.get(place, -STALE_SECONDS) >= STALE_SECONDS:
            return None
        return _kept.get(place)


def forget() -> None:
    """Drop every kept snapshot (tests that rebuild a database under the same URL)."""
    with _lock:
        _kept.clear()
        _newest_at.clear()


def _kept_at(place: tuple[Any, ...], stamp: Stamp) -> Snapshot | None:
    """The kept snapshot of `place` as stamped, or newer (a newer one was read after the stamp)."""
    with _lock:
        found = _kept.get(place)
        if found is None or found.version < stamp.version:
            return None
        if found.version == stamp.version and found.stored.stamp != stamp:
            return None  # another database under the same name (tests rebuild them)
        _kept.move_to_end(place)
        _newest_at[place] = time.monotonic()
        return found


def _made(production_id: int, db: productions.Database, as_of: date | None) -> Snapshot:
    stored = productions.get_production(production_id, db)
    if as_of is not None:
        scheduling.check_dates(stored.plan, place="query", as_of=as_of)
    net = scheduling.network(stored.plan, as_of=as_of)  # compiled once: the monitoring uses it too
    return Snapshot(production_id, stored, critical_path(net), as_of, net)


def _keep(place: tuple[Any, ...], snap: Snapshot) -> None:
    """Keep `snap` unless a newer version of the same production is kept already."""
    with _lock:
        held = _kept.get(place)
        if held is None or held.version <= snap.version:  # equal: a database rebuilt under its name
            _kept[place] = snap
        _kept.move_to_end(place)
        _newest_at[place] = time.monotonic()
        while len(_kept) > KEPT:
            dropped, _ = _kept.popitem(last=False)
            _newest_at.pop(dropped, None)


def _database_key(db: productions.Database) -> Any:
    return db if not isinstance(db, str | bytes) else str(db)
