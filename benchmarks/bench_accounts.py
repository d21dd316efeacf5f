"""Benchmark: accounts in the database, per request (SQLite file; PostgreSQL when given).

Run: `.venv/bin/python benchmarks/bench_accounts.py [audit entries]` (default 2000)
PostgreSQL too: set PICTURELOCK_BENCH_POSTGRES_URL (e.g. from scripts/postgres-for-tests.sh).

What the API pays on every request, through `services.accounts.Accounts` on one engine: finding
the session a token names (`session_for`, its last use written at most once a minute), a
permission check that is not audited, one that is (an audit entry appended under the chain's
lock, committed); then a sign-in (argon2id with today's parameters, the session written), and
reading and verifying a production's whole audit log. Median of many calls (best of 3 for the log).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench_planfile import series
from machine import describe
from picturelock.adapters.db.engine import make_engine
from picturelock.domain.access import Capability, Role
from picturelock.services.accounts import Accounts
from picturelock.services.productions import import_plan, upgrade_database
from picturelock.services.settings import Settings

PASSWORD = "a benchmark passphrase"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def median_ms(calls: int, step: Callable[[], object]) -> float:
    times = []
    for _ in range(calls):
        began = time.perf_counter()
        step()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def best_s(step: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        began = time.perf_counter()
        step()
        times.append(time.perf_counter() - began)
    return min(times)


def measure(db: str, entries: int) -> list[tuple[str, str]]:
    engine = make_engine(db)
    clock = Clock()
    accounts = Accounts(engine, Settings.for_tests(), clock=clock)
    try:
        production = import_plan(series(2), engine)
        accounts.create_account("pat", PASSWORD)
        accounts.grant_membership(production, "pat", Role.PRODUCER, by="bench")
        session = accounts.sign_in("pat", PASSWORD, "203.0.113.7")

        def touched() -> None:
            clock.now += timedelta(minutes=2)
            accounts.session_for(session.token)

        def check(capability: Capability) -> Callable[[], object]:
            return lambda: accounts.authorise(session, production, capability, subject="cut ep1")

        def sign_in() -> None:
            accounts.sign_in("pat", PASSWORD, "203.0.113.8")

        rows = [
            ("session_for (no write)", median_ms(500, lambda: accounts.session_for(session.token)), "ms"),
            ("session_for (last use written)", median_ms(200, touched), "ms"),
            ("authorise, not audited", median_ms(500, check(Capability.VIEW_SCHEDULE)), "ms"),
            ("authorise, audited (entry appended)", median_ms(entries, check(Capability.DOWNLOAD_CUT)), "ms"),
            ("sign-in (argon2id, session written)", median_ms(5, sign_in), "ms"),
        ]
        count = len(accounts.audit_log(production))
        rows.append(
            (f"audit_log: read {count:,} entries", best_s(lambda: accounts.audit_log(production)), "s")
        )
        rows.append(
            (f"verify_audit: {count:,} entries", best_s(lambda: accounts.verify_audit(production)), "s")
        )
        return [
            (what, f"{value:.3f} {unit}" if unit == "s" else f"{value:.2f} {unit}")
            for what, value, unit in rows
        ]
    finally:
        accounts.close()
        engine.dispose()


def main(entries: int) -> None:
    print(describe())
    targets = [("SQLite file", str(Path(tempfile.mkdtemp()) / "bench.db"))]
    if os.environ.get("PICTURELOCK_BENCH_POSTGRES_URL"):
        targets.append(("PostgreSQL", os.environ["PICTURELOCK_BENCH_POSTGRES_URL"]))
    results = {}
    for name, db in targets:
        upgrade_database(db)
        results[name] = measure(db, entries)
    names = list(results)
    print("| what | " + " | ".join(names) + " |")
    print("| --- | " + " | ".join("---:" for _ in names) + " |")
    for i, (what, _) in enumerate(results[names[0]]):
        print(f"| {what} | " + " | ".join(results[n][i][1] for n in names) + " |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
