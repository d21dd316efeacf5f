"""Sign-in limiter: locks after N failures per account or address, unlocks as the window slides."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from picturelock.adapters.security.ratelimit import LoginLimiter, address_key


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def limiter(clock: Clock, per_account: int = 5, per_address: int = 20) -> LoginLimiter:
    return LoginLimiter(clock, per_account=per_account, per_address=per_address, window=timedelta(minutes=15))


def test_an_account_locks_after_n_failures_and_says_when_to_retry() -> None:
    clock = Clock()
    limits = limiter(clock)
    for _ in range(4):
        assert limits.failed("kim@example.com", "203.0.113.7") is None
        clock.advance(minutes=1)
    lockout = limits.failed("Kim@Example.com ", "203.0.113.8")  # same account, any address, any case
    assert lockout is not None and lockout.by == "account"
    assert lockout.retry_at == datetime(2026, 11, 2, 14, 15, tzinfo=UTC)  # first failure + window
    assert (
        lockout.message
        == "Too many failed sign-ins for this account. Try again after 14:15 UTC (in 11 minutes)."
    )
    assert limits.check("kim@example.com", "198.51.100.1") == lockout


def test_the_lock_lifts_when_the_window_slides_past_the_oldest_failures() -> None:
    clock = Clock()
    limits = limiter(clock)
    for _ in range(5):
        limits.failed("kim", "203.0.113.7")
        clock.advance(minutes=2)  # failures at 14:00, :02, :04, :06, :08
    assert limits.check("kim", "203.0.113.7") is not None
    clock.now = datetime(2026, 11, 2, 14, 15, tzinfo=UTC)  # 14:00 has aged out: four remain
    assert limits.check("kim", "203.0.113.7") is None
    assert limits.failed("kim", "203.0.113.7") is not None  # a fifth inside the window locks again


def test_a_good_sign_in_clears_the_account_but_not_the_address() -> None:
    clock = Clock()
    limits = limiter(clock, per_account=3, per_address=4)
    for name in ["kim", "kim", "lee"]:
        limits.failed(name, "203.0.113.7")
    limits.succeeded("kim", "203.0.113.7")
    assert limits.check("kim", "203.0.113.7") is None
    lockout = limits.failed("kim", "203.0.113.7")  # the address's fourth failure
    assert lockout is not None and lockout.by == "address" and "network address" in lockout.message


def test_one_address_guessing_many_accounts_is_stopped() -> None:
    clock = Clock()
    limits = limiter(clock)
    for n in range(19):
        assert limits.failed(f"user{n}", "203.0.113.7") is None
    assert limits.failed("user19", "203.0.113.7") is not None
    assert limits.check("someone-new", "203.0.113.7") is not None
    assert limits.check("someone-new", "203.0.113.99") is None


def test_ipv6_clients_are_counted_by_their_slash_64() -> None:
    assert address_key("2001:db8:1:2::1") == address_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:203.0.113.7") == "203.0.113.7"
    assert address_key(" 203.0.113.7") == "203.0.113.7" and address_key("unix-socket") == "unix-socket"


def test_memory_stays_bounded_under_a_flood_of_names() -> None:
    clock = Clock()
    limits = LoginLimiter(clock, per_account=5, per_address=10**9, max_tracked=1000)
    for n in range(5000):
        limits.failed(f"user{n}", "203.0.113.7")
    assert 0 < limits.tracked <= 1000


@given(st.lists(st.integers(0, 40), min_size=1, max_size=30))
def test_locked_exactly_when_n_failures_fall_inside_the_window(gaps: list[int]) -> None:
    clock = Clock()
    limits = limiter(clock, per_account=3, per_address=10**6)
    times = []
    for gap in gaps:
        clock.advance(minutes=gap)
        times.append(clock.now)
        limits.failed("kim", "203.0.113.7")
        recent = [t for t in times if t > clock.now - timedelta(minutes=15)]
        lockout = limits.check("kim", "203.0.113.7")
        assert (lockout is not None) == (len(recent) >= 3)
        if lockout is not None:
            assert lockout.retry_at == recent[-3] + timedelta(minutes=15)
