"""Benchmark: the cost of the doors (issue 3): argon2 hashing, tokens, the sign-in limiter, the audit chain.

Run: `.venv/bin/python benchmarks/bench_security.py [audit entries]` (default 100000)

argon2id at the default parameters is meant to be slow (one hash is one sign-in's CPU and 64 MiB);
everything else runs on every request and should cost microseconds. Best of three runs per figure.
"""

from __future__ import annotations

import secrets
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from machine import describe
from picturelock.adapters.security.passwords import Passwords
from picturelock.adapters.security.ratelimit import LoginLimiter
from picturelock.adapters.security.tokens import CsrfTokens, new_session
from picturelock.domain.access import Capability, Membership, Role, decide
from picturelock.domain.audit import AuditAction, next_entry, verify_chain

DOWNLOAD = Capability.DOWNLOAD_CUT


def best(run: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def per_call(run: Callable[[], Any], calls: int) -> str:
    seconds, _ = best(lambda: [run() for _ in range(calls)])
    each = seconds / calls
    return f"{each * 1e3:,.0f} ms" if each >= 1e-3 else f"{each * 1e6:,.1f} µs"


def audit_chain(count: int, key: bytes) -> list[Any]:
    entries, previous, start = [], None, datetime(2026, 11, 2, tzinfo=UTC)
    for n in range(count):
        previous = next_entry(
            previous, when=start + timedelta(seconds=n), who="ana", production=1 + n % 5,
            action=AuditAction.DOWNLOAD_CUT, subject=f"cut ep{n % 10}-v{n}", detail="", key=key,
        )  # fmt: skip
        entries.append(previous)
    return entries


def main(count: int) -> None:
    print(describe())
    passwords = Passwords()
    stored = passwords.hash("dailies at eight sharp")
    csrf, session = CsrfTokens(secrets.token_bytes(32)), new_session()
    token = csrf.issue(session.digest)
    clock = [datetime(2026, 11, 2, tzinfo=UTC)]
    limiter = LoginLimiter(lambda: clock[0], per_address=10**9)
    member = Membership("sam", 1, Role.VENDOR, "acme")
    key = secrets.token_bytes(32)
    password = "dailies at eight sharp"
    names = iter(range(10**9))
    rows: list[tuple[str, Callable[[], Any], int]] = [
        ("argon2id hash (t=3, 64 MiB, p=4)", lambda: passwords.hash(password), 5),
        ("argon2id verify", lambda: passwords.verify(stored, password), 5),
        ("new session token + digest", new_session, 10_000),
        ("CSRF issue", lambda: csrf.issue(session.digest), 10_000),
        ("CSRF check", lambda: csrf.check(session.digest, token), 10_000),
        ("limiter check", lambda: limiter.check("kim", "203.0.113.7"), 10_000),
        ("limiter failure (new account)", lambda: limiter.failed(f"u{next(names)}", "::1"), 10_000),
        (
            "access decide (scoped vendor)",
            lambda: decide(member, DOWNLOAD, production=1, owner_org="acme"),
            10_000,
        ),
    ]
    print("| what | time per call |")
    print("| --- | ---: |")
    for label, run, calls in rows:
        print(f"| {label} | {per_call(run, calls)} |")
    build_s, entries = best(lambda: audit_chain(count, key), repeat=1)
    verify_s, broken = best(lambda: verify_chain(entries, key=key, head=entries[-1].hash))
    assert broken is None
    print(f"| audit log: append {count:,} entries (HMAC) | {build_s:.2f} s |")
    print(f"| audit log: verify {count:,} entries (HMAC) | {verify_s:.2f} s |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
