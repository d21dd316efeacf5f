"""Sign-in rate limiting: failed attempts counted per account and per client address.

A sliding window: an account (or an address) is locked while it has `limit` or more failures in
the last `window`; it unlocks when enough of them age out, and the lockout says when that is.
Failures are counted for any account name typed, whether or not the account exists, so the
answer never tells which names are real. A good sign-in clears the account's failures, not the
address's (one address guessing many accounts stays limited). IPv6 clients are counted per /64,
the block one subscriber usually holds.

The clock is injected (`now` returns an aware datetime); tests drive it. Counts live in this
process: with several worker processes, each keeps its own (the limit is then per worker).
"""

from __future__ import annotations

import ipaddress
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

PER_ACCOUNT = 5  # failures per account within the window before it locks
PER_ADDRESS = 20  # failures per client address (IPv6: per /64)
WINDOW = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class Lockout:
    """Sign-in refused until `retry_at`: `by` is "account" or "address"."""

    by: str
    retry_at: datetime
    now: datetime

    @property
    def retry_after(self) -> timedelta:
        return max(self.retry_at - self.now, timedelta(0))

    @property
    def message(self) -> str:
        minutes = max(1, -(-int(self.retry_after.total_seconds()) // 60))
        whose = "this account" if self.by == "account" else "your network address"
        return (
            f"Too many failed sign-ins for {whose}. Try again after {self.retry_at:%H:%M} UTC "
            f"(in {minutes} minute{'s' if minutes != 1 else ''})."
        )


def address_key(address: str) -> str:
    """The counting key of a client address: IPv4 as is, IPv6 by its /64 network."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return address.strip()
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


def account_key(account: str) -> str:
    return account.strip().casefold()


class _Window:
    """Failure times per key within a sliding window."""

    def __init__(self, limit: int, window: timedelta) -> None:
        self.limit, self.window = limit, window
        self.failures: dict[str, deque[datetime]] = {}

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        times = self.failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self.failures[key]
        return times

    def locked_until(self, key: str, now: datetime) -> datetime | None:
        times = self._recent(key, now)
        if len(times) < self.limit:
            return None
        return times[len(times) - self.limit] + self.window

    def add(self, key: str, now: datetime) -> None:
        self._recent(key, now)
        self.failures.setdefault(key, deque()).append(now)

    def prune(self, now: datetime, keep: int) -> None:
        """Drop aged-out keys; if more than `keep` remain, drop the longest-tracked ones."""
        for key in list(self.failures):
            self._recent(key, now)
        for key in list(self.failures)[: max(0, len(self.failures) - keep)]:
            del self.failures[key]


class LoginLimiter:
    """Ask `check` before verifying a password; report the outcome with `failed` or `succeeded`."""

    def __init__(
        self,
        now: Callable[[], datetime],
        *,
        per_account: int = PER_ACCOUNT,
        per_address: int = PER_ADDRESS,
        window: timedelta = WINDOW,
        max_tracked: int = 100_000,
    ) -> None:
        self._now = now
        self._accounts = _Window(per_account, window)
        self._addresses = _Window(per_address, window)
        self._max_tracked = max_tracked
        self._lock = threading.Lock()

    def check(self, account: str, address: str) -> Lockout | None:
        """The lockout in force for this account or address, or None: go ahead."""
        with self._lock:
            return self._lockout(account, address, self._now())

    def failed(self, account: str, address: str) -> Lockout | None:
        """Count a failed sign-in; returns the lockout it brings on, if any."""
        with self._lock:
            now = self._now()
            self._accounts.add(account_key(account), now)
            self._addresses.add(address_key(address), now)
            self._bound(now)
            return self._lockout(account, address, now)

    def succeeded(self, account: str, address: str) -> None:
        with self._lock:
            self._accounts.failures.pop(account_key(account), None)

    @property
    def tracked(self) -> int:
        """How many accounts and addresses have failures held (bounded by `max_tracked`)."""
        with self._lock:
            return len(self._accounts.failures) + len(self._addresses.failures)

    def _lockout(self, account: str, address: str, now: datetime) -> Lockout | None:
        by_account = self._accounts.locked_until(account_key(account), now)
        by_address = self._addresses.locked_until(address_key(address), now)
        if by_account is None and by_address is None:
            return None
        if by_address is None or (by_account is not None and by_account >= by_address):
            return Lockout("account", by_account or now, now)
        return Lockout("address", by_address, now)

    def _bound(self, now: datetime) -> None:
        """Keep memory bounded under a flood of names and addresses: drop what has aged out first."""
        if len(self._accounts.failures) + len(self._addresses.failures) > self._max_tracked:
            keep = self._max_tracked * 9 // 20  # each table to 45%: pruning is rare, not per attempt
            self._accounts.prune(now, keep)
            self._addresses.prune(now, keep)
